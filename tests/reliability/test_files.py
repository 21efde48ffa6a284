"""Bad input files: each is refused (or decoded) with a message naming the file, the exit
code says so, the content folder is byte-identical for that input, and the good letter of
the same run is still ingested."""

from __future__ import annotations

import codecs
import io
import os
import re
import shutil
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.ingest_read import MAX_TEXT_BYTES
from generator.store import load_letter_file

from .conftest import GOOD_LETTER, Run, only_new_files_of_good_letter, snapshot

ID_ALPHABET = re.compile(r"^[a-z0-9-]+$")
FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
FIXTURE_PDF = (FORMATS / "004_90de17fe9c3461fd.pdf").read_bytes()
ENCRYPTED_PDF = (FORMATS / "bad" / "encrypted.pdf").read_bytes()
LOL = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(2, 10))
BILLION_LAUGHS = (
    f'<?xml version="1.0"?><!DOCTYPE kamerstuk [<!ENTITY lol "lol">{LOL}]>'
    "<kamerstuk><p>&lol9;</p></kamerstuk>"
).encode()
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE kamerstuk [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b"<kamerstuk><p>Geachte voorzitter, &xxe;</p></kamerstuk>"
)
EXTERNAL_DTD = (
    b'<?xml version="1.0"?><!DOCTYPE kamerstuk SYSTEM "file:///etc/passwd">'
    b"<kamerstuk><p>Geachte voorzitter</p></kamerstuk>"
)


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


OTHER_ZIP = _zip({"foto.txt": b"geen Word"})
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def refused(cli: Callable[..., Run], content: Path, bad: Path, good: Path, reason: str) -> Run:
    """Ingest ``bad`` and ``good`` in one run; ``bad`` is refused with ``reason``."""
    before = snapshot(content)
    run = cli("ingest", "--content", content, bad, good)
    assert run.code == 1
    errors = [x for x in run.lines_about(bad) if "warning:" not in x]
    assert errors, run.err
    assert reason in errors[0], errors
    only_new_files_of_good_letter(before, snapshot(content))
    assert "1 written, 0 unchanged, 1 failed" in run.err
    return run


def letter_of(content: Path, name: str) -> Path:
    for path in sorted((content / "letters").glob("*.yml")):
        if load_letter_file(path).source.file == name:
            return path
    raise AssertionError(f"no letter from {name}")


# ----------------------------------------------------------------------------- refused


BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "empty file: no letter text"),
    "spaties.txt": (b"  \n\t\r\n   \n", "only whitespace: no letter text"),
    "plaatje.txt": (PNG, "this is a PNG image, not a text letter"),
    "nul.txt": (b"Geachte voorzitter,\x00\x00\x00\x01\x02", "binary data"),
    "ruis.txt": (bytes(range(1, 32)) * 40, "binary data"),
    "afgekapt.pdf": (FIXTURE_PDF[: len(FIXTURE_PDF) // 2], "truncated PDF"),
    "versleuteld.pdf": (ENCRYPTED_PDF, "encrypted PDF: cannot be read without its password"),
    "kapot.docx": (b"PK\x03\x04 this is not really a zip archive", "not a Word document"),
    "andere-zip.docx": (OTHER_ZIP, "docx"),
    "lol.xml": (
        BILLION_LAUGHS,
        "XML refused: it declares entity 'lol'; entities are never expanded",
    ),
    "xxe.xml": (XXE, "would read file:///etc/passwd; outside files are never read"),
    "kapot.xml": (b"<?xml version='1.0'?><kamerstuk><p>open", "broken XML"),
    "geen-zip.docx": (GOOD_LETTER.encode(), "named .docx but not a DOCX file"),
    "geen-pdf.pdf": (GOOD_LETTER.encode(), "named .pdf but not a PDF file"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_refused(
    name: str, cli: Callable[..., Run], content: Path, good: Path, tmp_path: Path
) -> None:
    raw, reason = BAD_FILES[name]
    bad = tmp_path / name
    bad.write_bytes(raw)
    refused(cli, content, bad, good, reason)


def test_extension_is_ignored(cli: Callable[..., Run], content: Path, tmp_path: Path) -> None:
    """A textual format comes from the content, not the name: a .html that is plain text is
    read as text (and the copy is kept under the id with a .txt suffix). Binary formats
    whose name lies are refused (above)."""
    path = tmp_path / "eigenlijk-tekst.html"
    path.write_text(GOOD_LETTER, encoding="utf-8")
    run = cli("ingest", "--content", content, path)
    assert run.code == 0, run.err
    letter = load_letter_file(letter_of(content, "eigenlijk-tekst.html"))
    assert letter.source.format == "text"
    assert letter.source.copy == f"sources/{letter.id}.txt"


def test_missing_file(cli: Callable[..., Run], content: Path, good: Path, tmp_path: Path) -> None:
    refused(cli, content, tmp_path / "bestaat-niet.txt", good, "no such file")


def test_unreadable_file(
    cli: Callable[..., Run], content: Path, good: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "fifo.txt"
    os.mkfifo(bad)
    refused(cli, content, bad, good, "not a regular file")


def test_text_above_the_limit_is_refused(
    cli: Callable[..., Run], content: Path, good: Path, tmp_path: Path
) -> None:
    """A 50 MB text is refused before it is read (documented limit: MAX_TEXT_BYTES)."""
    bad = tmp_path / "groot.txt"
    with bad.open("wb") as fh:
        line = GOOD_LETTER.encode() * 16
        for _ in range(50 * 2**20 // len(line) + 1):
            fh.write(line)
    assert bad.stat().st_size >= 50 * 2**20 > MAX_TEXT_BYTES
    refused(cli, content, bad, good, f"larger than the {MAX_TEXT_BYTES // 2**20} MB limit")


def test_compressed_bomb_is_not_text(
    cli: Callable[..., Run], content: Path, good: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bom.txt"
    bad.write_bytes(zlib.compress(b"\0" * 10_000_000))
    refused(cli, content, bad, good, "binary data")


# ----------------------------------------------------------------------------- decoded


@pytest.mark.parametrize(
    ("raw", "note"),
    [
        (GOOD_LETTER.replace("proef", "café-proef").encode("latin-1"), "Windows-1252"),
        (GOOD_LETTER.replace("proef", "café-proef").encode("cp1252"), "Windows-1252"),
        (GOOD_LETTER.replace("proef", "café-proef").encode("utf-16"), "UTF-16"),
        (
            codecs.BOM_UTF16_BE + GOOD_LETTER.replace("proef", "café-proef").encode("utf-16-be"),
            "UTF-16",
        ),
        (codecs.BOM_UTF8 + GOOD_LETTER.replace("proef", "café-proef").encode(), "byte order mark"),
    ],
    ids=["latin-1", "cp1252", "utf-16-le", "utf-16-be", "utf-8-bom"],
)
def test_other_encodings_are_decoded_and_the_decision_said(
    raw: bytes, note: str, cli: Callable[..., Run], content: Path, tmp_path: Path
) -> None:
    path = tmp_path / "codering.txt"
    path.write_bytes(raw)
    run = cli("ingest", "--content", content, path)
    assert run.code == 0, run.err
    notes = [x for x in run.lines_about(path) if note in x]
    assert notes and "warning:" in notes[0], run.err
    letter = load_letter_file(letter_of(content, "codering.txt"))
    assert letter.title == "Voortgang van de café-proef met korte brieven"
    assert (content / letter.source.copy).read_bytes() == raw  # the original bytes are kept


def test_invalid_utf8_names_the_line(
    cli: Callable[..., Run], content: Path, tmp_path: Path
) -> None:
    path = tmp_path / "kapot-utf8.txt"
    path.write_bytes(GOOD_LETTER.encode() + b"Een kapotte reeks: \xc3\x28 en \xe2\x82\n")
    run = cli("ingest", "--content", content, path)
    assert run.code == 0
    assert any("not valid UTF-8" in x and "line 12" in x for x in run.lines_about(path)), run.err


def test_no_structure_is_ingested_with_everything_unplaced(
    cli: Callable[..., Run], content: Path, tmp_path: Path
) -> None:
    path = tmp_path / "ruis-tekst.txt"
    path.write_text("lorem ipsum dolor\nsit amet\n\nconsectetur adipiscing\n", "utf-8")
    run = cli("ingest", "--content", content, path)
    assert run.code == 0
    assert any("no-structure" in x for x in run.lines_about(path)), run.err
    letter = load_letter_file(letter_of(content, "ruis-tekst.txt"))
    placed = {n for u in letter.unplaced for n in u.span.lines()}
    assert {1, 2, 4} <= placed
    assert "consectetur adipiscing" in " ".join(u.text for u in letter.unplaced)
    assert not letter.sections and "no-structure" in {f.code for f in letter.review}
    assert cli("ingest", "--strict", "--content", content, path).code == 1


# ----------------------------------------------------------------------------- names


def test_symlink_out_of_the_input_folder_is_refused(
    cli: Callable[..., Run], content: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elders" / "geheim.txt"
    outside.parent.mkdir()
    outside.write_text(GOOD_LETTER.replace("proef", "geheime proef"), "utf-8")
    folder = tmp_path / "invoer"
    folder.mkdir()
    (folder / "link.txt").symlink_to(outside)
    (folder / "kapotte-link.txt").symlink_to(tmp_path / "nergens.txt")
    (folder / "binnen.txt").write_text(GOOD_LETTER, "utf-8")
    (folder / "ook-binnen.txt").symlink_to(folder / "binnen.txt")
    before = snapshot(content)
    run = cli("ingest", "--content", content, folder)
    assert run.code == 1
    assert run.lines_about(folder / "link.txt") == [
        f"{folder / 'link.txt'}: symlink to a file outside {folder}: not followed"
    ]
    assert run.lines_about(folder / "kapotte-link.txt") == [
        f"{folder / 'kapotte-link.txt'}: broken symlink: no such file"
    ]
    # the link inside the folder is the same letter as binnen.txt: skipped as a duplicate
    assert "same content as" in " ".join(run.lines_about(folder / "ook-binnen.txt"))
    only_new_files_of_good_letter(before, snapshot(content))
    assert b"geheime" not in b"".join(snapshot(content).values())


@pytest.mark.parametrize(
    "name", ["brief met spaties.txt", "brief-één-ü-ß.txt", "x..y..txt", "..", "a/../b.txt"]
)
def test_file_names_never_make_ids_or_paths(
    name: str, cli: Callable[..., Run], content: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "invoer"
    (folder / "a").mkdir(parents=True)
    if name == "..":
        path = folder / "a" / ".." / "brief.txt"
        file_name = "brief.txt"
    else:
        path = folder / name
        file_name = path.name
    path.write_text(GOOD_LETTER.replace("Voortgang ", "Voortgang ../../etc/passwd "), "utf-8")
    run = cli("ingest", "--content", content, path)
    assert run.code == 0, run.err
    letter = load_letter_file(letter_of(content, file_name))
    assert ID_ALPHABET.match(letter.id)
    assert letter.source.copy == f"sources/{letter.id}.txt"
    assert letter.id.startswith("2024-11-14-voortgang-etc-passwd-van")
    for path_in_content in snapshot(content):
        assert ".." not in Path(path_in_content).parts


# ----------------------------------------------------------------------------- duplicates


def test_same_letter_twice_in_one_run(
    cli: Callable[..., Run], content: Path, good: Path, tmp_path: Path
) -> None:
    twin = tmp_path / "tweeling.txt"
    twin.write_bytes(good.read_bytes())
    run = cli("ingest", "--content", content, good, twin)
    assert run.code == 0, run.err
    (message,) = run.lines_about(twin)
    assert "same content as" in message and str(good) in message and "skipped" in message
    letter = load_letter_file(letter_of(content, good.name))
    assert letter.source.file == good.name
    assert len(list((content / "letters").glob("*.yml"))) == 2


def test_same_letter_again_in_a_later_run(
    cli: Callable[..., Run], content: Path, good: Path, tmp_path: Path
) -> None:
    assert cli("ingest", "--content", content, good).code == 0
    before = snapshot(content)
    twin = tmp_path / "later.txt"
    twin.write_bytes(good.read_bytes())
    run = cli("ingest", "--content", content, twin)
    assert run.code == 0
    (message,) = run.lines_about(twin)
    assert "already ingested as" in message and good.name in message
    assert snapshot(content) == before
    # the same file under its own name again: unchanged, nothing written
    run = cli("ingest", "--content", content, good)
    assert run.code == 0 and "0 written, 1 unchanged" in run.err
    assert snapshot(content) == before


def test_same_letter_in_two_formats(cli: Callable[..., Run], content: Path, tmp_path: Path) -> None:
    """The seed already in the content, as PDF and DOCX: recognised by what it says."""
    folder = tmp_path / "formaten"
    folder.mkdir()
    for suffix in ("pdf", "docx"):
        shutil.copyfile(FORMATS / f"004_90de17fe9c3461fd.{suffix}", folder / f"brief.{suffix}")
    before = snapshot(content)
    run = cli("ingest", "--content", content, folder)
    assert run.code == 0, run.err
    for suffix in ("docx", "pdf"):
        (message,) = run.lines_about(folder / f"brief.{suffix}")
        assert "the same letter as 2026-03-20-kst-32847-1407" in message
        assert "(from 004_90de17fe9c3461fd.txt) in another format: skipped" in message
    assert snapshot(content) == before


def test_html_with_script_is_read_as_text(
    cli: Callable[..., Run], content: Path, tmp_path: Path
) -> None:
    path = tmp_path / "pagina.html"
    path.write_text(
        "<!DOCTYPE html><html><body><p>Datum 3 maart 2025</p>"
        "<p>Betreft Een pagina met een script</p><p>Geachte voorzitter,</p>"
        "<p>Tekst &lt;b&gt;vet&lt;/b&gt; en meer.</p><script>alert(1)</script>"
        '<iframe src="file:///etc/passwd"></iframe></body></html>',
        "utf-8",
    )
    run = cli("ingest", "--content", content, path)
    assert run.code == 0, run.err
    letter = load_letter_file(letter_of(content, "pagina.html"))
    texts = " ".join(p.text for s in letter.sections for p in s.paragraphs)
    assert "Tekst <b>vet</b> en meer." in texts
    assert "alert(1)" not in texts and "root:" not in texts


def test_external_dtd_is_never_fetched(
    cli: Callable[..., Run], content: Path, tmp_path: Path
) -> None:
    path = tmp_path / "dtd.xml"
    path.write_bytes(EXTERNAL_DTD)
    run = cli("ingest", "--content", content, path)
    assert run.code == 0, run.err
    assert "no-structure" in run.err
    passwd = Path("/etc/passwd").read_bytes()[:20] if Path("/etc/passwd").exists() else b"root:"
    assert passwd not in b"".join(snapshot(content).values())
