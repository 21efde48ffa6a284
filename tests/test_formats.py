"""Every format of a letter gives the same export as its text version.

The fixtures in tests/fixtures/formats are the five seed letters rendered to PDF (two
layouts: the Staten-Generaal's print with running footer, colophon and page-bottom
footnotes; a ministry letter with a side column), DOCX (real Word footnotes), XML
(officielebekendmakingen Kamerstuk / Kamervragen, with metadata.xml) and HTML
(officielebekendmakingen and rijksoverheid.nl pages) by scripts/make_format_fixtures.py.

Accepted differences: none in the export. Whitespace is normalised before comparing
(``source`` is the file name, so it differs by design); the text renderings the line
numbers of a binary format point into are checked separately.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.store import load_letter_file

from .coverage_util import lost_lines
from .seeds import ingest_and_export, seed_files

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
FORMATS = ["pdf", "docx", "xml", "html"]
PREFIXES = ["000", "001", "002", "003", "004"]


def normalise(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items() if k != "source"}
    return value


@pytest.fixture(scope="module")
def text_export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("text")
    return ingest_and_export(seed_files(base / "in"), base / "content")


@pytest.fixture(scope="module", params=FORMATS)
def format_run(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, dict[str, Any], Path]:
    fmt = request.param
    base = tmp_path_factory.mktemp(fmt)
    folder = base / "in"
    folder.mkdir()
    for path in FIXTURES.glob(f"*.{fmt}"):
        shutil.copyfile(path, folder / path.name)
    for path in FIXTURES.glob("*.metadata.xml"):
        if fmt == "xml":
            shutil.copyfile(path, folder / path.name)
    content = base / "content"
    return fmt, ingest_and_export([folder], content), content


def test_every_format_exports_like_the_text(
    text_export: dict[str, Any], format_run: tuple[str, dict[str, Any], Path]
) -> None:
    fmt, exported, _ = format_run
    assert sorted(exported) == PREFIXES
    for prefix in PREFIXES:
        want, got = normalise(text_export[prefix]), normalise(exported[prefix])
        for key in want:
            assert got[key] == want[key], f"{fmt} {prefix}: {key} differs"


def test_binary_formats_keep_a_text_rendering(format_run: tuple[str, dict[str, Any], Path]) -> None:
    """Spans point into ``<id>.<fmt>.txt`` beside the kept original; every line is placed."""
    fmt, exported, content = format_run
    for prefix in PREFIXES:
        letter = load_letter_file(content / "letters" / f"{exported[prefix]['id']}.yml")
        assert letter.source.format == fmt
        original = content / letter.source.copy
        rendering = original.with_name(original.name + ".txt")
        assert original.read_bytes() == (FIXTURES / letter.source.file).read_bytes()
        lines = rendering.read_text(encoding="utf-8").split("\n")
        assert lost_lines(letter, lines) == [], f"{fmt} {prefix}"


def test_pdf_furniture_and_footnotes(format_run: tuple[str, dict[str, Any], Path]) -> None:
    fmt, exported, content = format_run
    if fmt != "pdf":
        pytest.skip("PDF only")
    letter = load_letter_file(content / "letters" / f"{exported['004']['id']}.yml")
    reasons = {u.reason for u in letter.furniture}
    assert {"running page footer", "colophon", "publication header"} <= reasons
    answers = load_letter_file(content / "letters" / f"{exported['000']['id']}.yml")
    assert len(answers.footnotes) == 11
    by_number = {q.number: q for q in answers.questions}
    assert by_number[1].footnotes == (1, 2)  # "artikelen?1,2": two superscript markers


# ----------------------------------------------------------------------------- refusals


def _refused(tmp_path: Path, name: str, raw: bytes, capsys: pytest.CaptureFixture[str]) -> str:
    path = tmp_path / name
    path.write_bytes(raw)
    content = tmp_path / "content"
    assert main(["ingest", "-q", "--content", str(content), str(path)]) == 1
    assert not list((content / "letters").glob("*")) and not list((content / "sources").glob("*"))
    err = capsys.readouterr().err
    assert f"{path}: " in err
    return err


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "raw", "reason"),
    [
        ("scan.pdf", PNG, "named .pdf but not a PDF file"),
        ("letter.docx", b"Datum 14 november 2024\nGeachte voorzitter,\n", "not a DOCX file"),
        ("letter.docx", b"PK\x03\x04broken", "not a Word document"),
        ("image.png", PNG, "PNG image"),
    ],
)
def test_unreadable_inputs_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, raw: bytes, reason: str
) -> None:
    assert reason in _refused(tmp_path, name, raw, capsys)


def test_encrypted_truncated_and_textless_pdfs_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = FIXTURES / "bad"
    assert "encrypted PDF" in _refused(
        tmp_path, "e.pdf", (bad / "encrypted.pdf").read_bytes(), capsys
    )
    assert "without a text layer" in _refused(
        tmp_path, "s.pdf", (bad / "scan.pdf").read_bytes(), capsys
    )
    whole = (FIXTURES / "004_90de17fe9c3461fd.pdf").read_bytes()
    assert "truncated PDF" in _refused(tmp_path, "t.pdf", whole[: len(whole) // 2], capsys)


def test_a_zip_that_is_not_word_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("content.xml", "<office/>")
    assert "no word/document.xml" in _refused(tmp_path, "x.docx", buf.getvalue(), capsys)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE kamerstuk [
 <!ENTITY a "lol">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<kamerstuk><al>&c;</al></kamerstuk>
"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE kamerstuk [<!ENTITY x SYSTEM "http://example.invalid/secret">]>
<kamerstuk><al>&x;</al></kamerstuk>
"""


@pytest.mark.parametrize("raw", [BILLION_LAUGHS, EXTERNAL, b"<?xml version='1.0'?><kamerstuk><al>"])
def test_dangerous_or_broken_xml_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], raw: bytes
) -> None:
    err = _refused(tmp_path, "k.xml", raw, capsys)
    assert "XML" in err and "lol" not in err
