"""The rules are general: variants of the seeds that the tests make (re-typeset as PDF text
at other widths, footnotes renumbered, page headers on other lines) give the same letter."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from generator.store import load_letter_file

from .seeds import ingest_and_export, seed_files
from .variants import as_pdf_text, move_page_headers, renumber_footnotes

SAME_FIELDS = ("kind", "date", "questions", "recommendations", "commitments", "signatories")


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    base = tmp_path_factory.mktemp("orig")
    return ingest_and_export(seed_files(base / "in"), base / "content"), base / "content"


def _letter(originals: tuple[dict[str, Any], Path], prefix: str) -> Any:
    return load_letter_file(originals[1] / "letters" / f"{originals[0][prefix]['id']}.yml")


def _paragraphs(letter: Any) -> list[str]:
    """Running text; letterhead remnants (a postal address) are not compared."""
    texts = [" ".join(p.text.split()) for s in letter.sections for p in s.paragraphs]
    return [t for t in texts if re.search(r"\b[a-zà-ÿ]{4,}\b", t)]


def _ingest_one(tmp_path: Path, name: str, text: str) -> tuple[dict[str, Any], Any]:
    src = tmp_path / "in" / name
    src.parent.mkdir(parents=True)
    src.write_text(text, encoding="utf-8")
    exported = ingest_and_export([src], tmp_path / "content")
    (only,) = exported.values()
    return only, load_letter_file(tmp_path / "content" / "letters" / f"{only['id']}.yml")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
@pytest.mark.parametrize("width", [48, 67])
def test_retypeset_as_pdf_text_gives_the_same_letter(
    originals: tuple[dict[str, Any], Path], tmp_path: Path, prefix: str, width: int
) -> None:
    letter = _letter(originals, prefix)
    text = as_pdf_text(letter, width=width, page_lines=31 if width < 60 else 44)
    assert "-\n" in text  # words really are hyphenated at line ends
    exported, again = _ingest_one(tmp_path, f"{prefix}_variant.txt", text)
    assert again.source.flavour == "pdf-text"
    original = originals[0][prefix]
    for field in SAME_FIELDS:
        assert exported[field] == original[field], field
    assert {r["id"] for r in exported["references"]} == {r["id"] for r in original["references"]}
    assert _paragraphs(again) == _paragraphs(letter)
    assert [(f.number, f.text) for f in again.footnotes] == [
        (f.number, f.text) for f in letter.footnotes
    ]


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_renumbered_footnotes_attach_the_same_way(
    originals: tuple[dict[str, Any], Path], tmp_path: Path, prefix: str
) -> None:
    letter = _letter(originals, prefix)
    source = (originals[1] / letter.source.copy).read_text(encoding="utf-8")
    _, again = _ingest_one(
        tmp_path,
        f"{prefix}_renumbered.txt",
        renumber_footnotes(source, 7, {f.number for f in letter.footnotes}),
    )
    assert [(f.number - 7, f.text) for f in again.footnotes] == [
        (f.number, f.text) for f in letter.footnotes
    ]
    assert [q.footnotes for q in again.questions] == [
        tuple(n + 7 for n in q.footnotes) for q in letter.questions
    ]


def test_page_headers_on_other_lines(
    originals: tuple[dict[str, Any], Path], tmp_path: Path
) -> None:
    letter = _letter(originals, "003")
    source = (originals[1] / letter.source.copy).read_text(encoding="utf-8")
    moved = move_page_headers(source)
    assert moved != source
    exported, again = _ingest_one(tmp_path, "003_moved.txt", moved)
    assert exported["title"] == originals[0]["003"]["title"]
    assert exported["commitments"] == originals[0]["003"]["commitments"]
    texts = _paragraphs(again)
    assert not [t for t in texts if "2024-0000907044" in t or t.startswith("Datum")]
    assert texts == _paragraphs(letter)
