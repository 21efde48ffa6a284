"""A synthetic corpus (real paragraphs of the bundled letters recombined with other dates,
numbers, references and commitments, in the PDF-text, Word-export and Markdown flavours)
goes through ingest and comes out valid: no letter the site would refuse, no source line
lost, every footnote marker with its note."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.corpus import generate
from generator.cli import main
from generator.store import load_letter_file
from generator.validate import validate_content

from .coverage_util import lost_lines


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("synthetic")
    sources = generate(base / "src", 60, seed=7)
    assert len(sources) == 60
    assert main(["ingest", "-q", "--content", str(base / "content"), str(base / "src")]) == 0
    return base / "content"


def test_every_synthetic_letter_is_valid(content: Path) -> None:
    errors = [str(d) for d in validate_content(content) if d.level.value == "error"]
    assert errors == []


def test_no_source_line_is_lost(content: Path) -> None:
    lost = {}
    for path in sorted((content / "letters").glob("*.yml")):
        letter = load_letter_file(path)
        source = (content / letter.source.copy).read_text(encoding="utf-8").split("\n")
        if missing := lost_lines(letter, source):
            lost[path.name] = missing[:3]
    assert lost == {}


def test_flavours_kinds_and_items_all_occur(content: Path) -> None:
    letters = [load_letter_file(p) for p in sorted((content / "letters").glob("*.yml"))]
    assert {x.source.flavour for x in letters} == {"pdf-text", "word-export", "markdown"}
    assert {x.kind.value for x in letters} >= {"antwoord-kamervragen", "kabinetsreactie"}
    assert sum(len(x.questions) for x in letters) > 100
    assert sum(len(x.recommendations) for x in letters) > 10
    assert all(r.stance is not None for x in letters for r in x.recommendations)
