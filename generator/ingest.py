"""Ingest: source files -> kept copies in ``content/sources/`` and one YAML per letter in
``content/letters/``. Each input succeeds or fails on its own; a failed input leaves the
content folder as it was."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .codec import letter_to_data
from .diagnostics import Diagnostic, GeneratorError, UnreadableSource, error, warning
from .extract.letter import Catalogues, extract_letter, load_catalogues
from .extract.text import slugify
from .model import Letter, SourceInfo
from .sources import SourceDoc
from .sources.docx import read_docx
from .sources.html import read_html
from .sources.pdf import read_pdf
from .sources.text import read_text
from .sources.xml import read_xml
from .store import (
    content_lock,
    dump_letter,
    load_letter_file,
    remove_stale_temp_files,
    write_atomic,
)

Reader = Callable[[str, bytes], SourceDoc]
READERS: dict[str, Reader] = {
    "text": read_text,
    "pdf": read_pdf,
    "docx": read_docx,
    "xml": read_xml,
    "html": read_html,
}
SUFFIX_FORMATS = {".pdf": "pdf", ".docx": "docx"}  # binary formats: a name that lies is refused
TEXTUAL_FORMATS = {"text", "xml", "html"}
DEFAULTS = Path(__file__).parent / "defaults"
# Size limits, checked before anything is parsed. The longest real letters are well under
# 1 MB of text; extraction takes seconds per MB, so a bigger text is refused, not ingested.
MAX_BYTES = 64 * 2**20  # any source file (a PDF with images may be large)
MAX_TEXT_BYTES = 2 * 2**20  # a text, XML or HTML letter, or the text read from a PDF/DOCX


@dataclass
class IngestReport:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(d.level.value == "error" for d in self.diagnostics)


def sniff_format(raw: bytes) -> str:
    head = raw[:1024].lstrip()
    if raw.startswith(b"%PDF"):
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"<?xml") or head[:200].lower().startswith((b"<kamerstuk", b"<kamervragen")):
        return "xml"
    if head[:200].lower().startswith((b"<!doctype html", b"<html", b"<!--")) or (
        b"<html" in head.lower() and b"<body" in raw[:65536].lower()
    ):
        return "html"
    return "text"


def read_source(path: Path) -> tuple[SourceDoc, bytes]:
    """Read one source file with the reader its content calls for."""
    raw = read_bytes(path)
    return parse_source(path, raw), raw


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file within the size limits."""
    try:
        if not path.is_file():
            raise UnreadableSource(str(path), "not a regular file")
        _check_size(path, path.stat().st_size, MAX_BYTES)
        raw = path.read_bytes()
    except OSError as exc:
        raise UnreadableSource(str(path), f"cannot read: {exc.strerror or exc}") from None
    if sniff_format(raw) in TEXTUAL_FORMATS:
        _check_size(path, len(raw), MAX_TEXT_BYTES)
    return raw


def parse_source(path: Path, raw: bytes) -> SourceDoc:
    """The reader for the format of ``raw`` (sniffed from the content, not the name)."""
    fmt = sniff_format(raw)
    expected = SUFFIX_FORMATS.get(path.suffix.lower())
    if expected is not None and fmt != expected:
        raise UnreadableSource(str(path), f"named {path.suffix} but not a {expected.upper()} file")
    reader = READERS.get(fmt)
    if reader is None:
        raise UnreadableSource(str(path), f"{fmt} letters are not supported (no {fmt} reader)")
    try:
        if fmt == "xml" and (meta := _metadata_beside(path)) is not None:
            doc = read_xml(path.name, raw, meta)
        else:
            doc = reader(path.name, raw)
    except GeneratorError as exc:
        raise UnreadableSource(str(path), exc.diagnostic.message) from None
    _check_size(path, sum(len(line) + 1 for line in doc.lines), MAX_TEXT_BYTES)
    return doc


def _metadata_beside(path: Path) -> bytes | None:
    """officielebekendmakingen ships a document's metadata.xml beside it."""
    for candidate in (path.with_name(f"{path.stem}.metadata.xml"), path.parent / "metadata.xml"):
        if candidate != path and candidate.is_file():
            return candidate.read_bytes()
    return None


def _is_metadata(path: Path) -> bool:
    return path.name == "metadata.xml" or path.name.endswith(".metadata.xml")


def _check_size(path: Path, size: int, limit: int) -> None:
    if size > limit:
        raise UnreadableSource(
            str(path),
            f"{size / 2**20:.1f} MB is larger than the {limit // 2**20} MB limit for a letter",
        )


def expand_inputs(paths: Iterable[Path], report: IngestReport) -> list[Path]:
    """Files named, and the files inside folders named (sorted; hidden files and subfolders
    skipped; a symlink that leaves the folder is refused)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(_folder_files(path, report))
        elif path.exists():
            out.append(path)
        elif path.is_symlink():
            report.diagnostics.append(error(str(path), None, "broken symlink: no such file"))
        else:
            report.diagnostics.append(error(str(path), None, "no such file"))
    return out


def _folder_files(folder: Path, report: IngestReport) -> list[Path]:
    out: list[Path] = []
    root = folder.resolve()
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or _is_metadata(path):
            continue
        if path.is_symlink():
            target = path.resolve()
            if not target.exists():
                report.diagnostics.append(error(str(path), None, "broken symlink: no such file"))
                continue
            if not target.is_relative_to(root):
                report.diagnostics.append(
                    error(str(path), None, f"symlink to a file outside {folder}: not followed")
                )
                continue
        if path.is_dir():
            report.diagnostics.append(
                warning(str(path), None, "a subfolder is not searched: name it to ingest it")
            )
        else:
            out.append(path)
    return out


@dataclass
class _Known:
    """What the content folder and this run already hold, to recognise a letter again."""

    by_sha: dict[str, tuple[str, str]] = field(default_factory=dict)  # sha -> (id, file)
    by_name: dict[str, str] = field(default_factory=dict)  # source file name -> id
    this_run: dict[str, Path] = field(default_factory=dict)  # sha -> input path
    names_this_run: set[str] = field(default_factory=set)


def ingest(paths: Iterable[Path], content: Path) -> IngestReport:
    """Ingest every input on its own; the content folder must be sound to start with."""
    report = IngestReport()
    try:
        ensure_content(content)
        with content_lock(content):
            for stale in remove_stale_temp_files(content):
                report.diagnostics.append(
                    warning(str(stale), None, "removed a temp file left by an interrupted run")
                )
            _ingest_all(paths, content, report)
    except GeneratorError as exc:
        report.diagnostics.append(exc.diagnostic)
    except OSError as exc:
        report.diagnostics.append(
            error(str(content), None, f"cannot write the content folder: {exc.strerror or exc}")
        )
    return report


def _ingest_all(paths: Iterable[Path], content: Path, report: IngestReport) -> None:
    known = _known_sources(content, report)
    if report.failed:
        report.diagnostics.append(
            error(str(content), None, "ingest stopped: fix the letter files above first")
        )
        return
    catalogues = load_catalogues(content)
    for path in expand_inputs(paths, report):
        try:
            _ingest_one(path, content, catalogues, known, report)
        except GeneratorError as exc:
            report.diagnostics.append(exc.diagnostic)
        except OSError as exc:
            report.diagnostics.append(
                error(str(path), None, f"cannot write content: {exc.strerror or exc}")
            )


def ensure_content(content: Path) -> None:
    """A fresh content folder gets the default topic and entity catalogues."""
    (content / "letters").mkdir(parents=True, exist_ok=True)
    (content / "sources").mkdir(parents=True, exist_ok=True)
    for name in ("topics.yml", "entities.yml"):
        if not (content / name).exists() and (DEFAULTS / name).exists():
            write_atomic(content / name, (DEFAULTS / name).read_bytes())


def _known_sources(content: Path, report: IngestReport) -> _Known:
    """The letters already in the content. A letter file that cannot be read is an error:
    without it, ingest could not tell a new letter from one it already has."""
    known = _Known()
    for path in sorted((content / "letters").glob("*.yml")):
        try:
            letter = load_letter_file(path)
        except GeneratorError as exc:
            report.diagnostics.append(exc.diagnostic)
            continue
        known.by_sha.setdefault(letter.source.sha256, (letter.id, letter.source.file))
        known.by_name.setdefault(letter.source.file, letter.id)
    return known


def _ingest_one(
    path: Path, content: Path, cat: Catalogues, known: _Known, report: IngestReport
) -> None:
    raw = read_bytes(path)
    sha = hashlib.sha256(raw).hexdigest()
    if _duplicate(path, sha, known, report):
        return
    doc = parse_source(path, raw)
    for note in doc.notes:
        report.diagnostics.append(warning(str(path), None, note))
    source = SourceInfo(path.name, sha, doc.format, doc.flavour, "", len(doc.lines))
    letter = extract_letter(doc, source, "pending", cat)
    prior = known.by_sha.get(sha)
    letter_id = (prior[0] if prior else None) or (
        known.by_name.get(path.name) if path.name not in known.names_this_run else None
    )
    if letter_id is None:
        base = derive_id(letter)
        twin = _same_letter_in_content(base, letter, content)
        if twin is not None:
            report.diagnostics.append(
                warning(
                    str(path),
                    None,
                    f"the same letter as {twin[0]} (from {twin[1]}) in another format: skipped",
                )
            )
            return
        letter_id = _unique_id(base, content)
    copy = f"sources/{letter_id}{_suffix(path, doc.format)}"
    letter = dataclasses.replace(
        letter, id=letter_id, source=dataclasses.replace(source, copy=copy)
    )
    for flag in letter.review:
        line = flag.span.start if flag.span else None
        report.diagnostics.append(warning(str(path), line, f"{flag.code}: {flag.message}"))
    rendering = None if doc.format == "text" else ("\n".join(doc.lines) + "\n").encode("utf-8")
    _write_letter(path, letter, raw, rendering, content, report)
    known.this_run[sha] = path
    known.names_this_run.add(path.name)
    known.by_sha.setdefault(sha, (letter_id, path.name))
    known.by_name.setdefault(path.name, letter_id)


def _duplicate(path: Path, sha: str, known: _Known, report: IngestReport) -> bool:
    """The same bytes as an input of this run, or as a letter ingested under another name."""
    earlier = known.this_run.get(sha)
    prior = known.by_sha.get(sha)
    if earlier is not None:
        message = f"same content as {earlier}: skipped"
    elif prior is not None and prior[1] != path.name:
        message = f"already ingested as letter {prior[0]} (from {prior[1]}): skipped"
    else:
        return False
    report.diagnostics.append(warning(str(path), None, message))
    return True


def _write_letter(
    path: Path,
    letter: Letter,
    raw: bytes,
    rendering: bytes | None,
    content: Path,
    report: IngestReport,
) -> None:
    """Source copy (and, for binary formats, the text rendering the line numbers point
    into: ``<id>.pdf.txt`` beside ``<id>.pdf``), then the letter, then the machine
    snapshot, each atomically. A write that fails undoes this letter's earlier writes; a
    run killed between two writes leaves files that the next run completes or merges."""
    from .review import merge_into_content, write_snapshot

    yaml_path = content / "letters" / f"{letter.id}.yml"
    machine_text = dump_letter(letter)
    text, diagnostics = merge_into_content(content, letter_to_data(letter), machine_text)
    writes = _Writes()
    try:
        copy_path = content / letter.source.copy
        writes.write(copy_path, raw)
        if rendering is not None:
            writes.write(copy_path.with_name(copy_path.name + ".txt"), rendering)
        changed = writes.write(yaml_path, text.encode("utf-8"))
        write_snapshot(content, letter.id, machine_text)
    except OSError as exc:
        writes.undo()
        where = Path(exc.filename).parent if exc.filename else content
        raise GeneratorError(
            str(path),
            f"cannot write {where}: {exc.strerror or exc}; nothing of this letter was kept",
        ) from None
    report.diagnostics.extend(diagnostics)
    (report.written if changed else report.unchanged).append(yaml_path)


class _Writes:
    """The files one letter wrote, to undo them when a later write fails."""

    def __init__(self) -> None:
        self.done: list[tuple[Path, bytes | None]] = []

    def write(self, path: Path, data: bytes) -> bool:
        old = path.read_bytes() if path.exists() else None
        if old == data:
            return False
        write_atomic(path, data)
        self.done.append((path, old))
        return True

    def undo(self) -> None:
        for path, old in reversed(self.done):
            with contextlib.suppress(OSError):
                if old is None:
                    path.unlink(missing_ok=True)
                else:
                    write_atomic(path, old)


FORMAT_SUFFIX = {"pdf": ".pdf", "docx": ".docx", "xml": ".xml", "html": ".html"}


def _suffix(path: Path, fmt: str) -> str:
    """The kept copy's suffix follows its content (a text keeps ``.md`` if it was one)."""
    if fmt in FORMAT_SUFFIX:
        return FORMAT_SUFFIX[fmt]
    return ".md" if path.suffix.lower() == ".md" else ".txt"


def derive_id(letter: Letter) -> str:
    """A stable, readable, URL-safe id: date + Kamerstuk, title, report or signer."""
    date = letter.date or "ongedateerd"
    k = letter.kamerstuk
    if k is not None and k.id:
        tail = k.id
    elif letter.title:
        tail = slugify(letter.title, 60)
    elif letter.recommendations and letter.recommendations[0].report:
        tail = f"{letter.kind.value}-{slugify(letter.recommendations[0].report or '', 40)}"
    elif k is not None and k.number:
        tail = f"{letter.kind.value}-nr-{k.number}"
    elif letter.signatories:
        tail = f"{letter.kind.value}-{slugify(letter.signatories[0].name.split()[-1], 30)}"
    else:
        tail = f"{letter.kind.value}-{letter.source.sha256[:10]}"
    return slugify(f"{date}-{tail}", 90) or letter.source.sha256[:16]


def letter_fingerprint(letter: Letter) -> str:
    """What a letter says (its open-data record without id and file name, whitespace
    normalised): the same for one letter in any format."""
    from .corpus import Corpus
    from .export import export_letter

    record = export_letter(letter, Corpus())
    del record["id"], record["source"]
    return " ".join(json.dumps(record, ensure_ascii=False, sort_keys=True).split())


def _same_letter_in_content(base: str, letter: Letter, content: Path) -> tuple[str, str] | None:
    """The id of a letter already in the content (compared as the machine last read it)
    that says exactly what ``letter`` says, among the ids ``base``, ``base-2``, ...;
    with the file it was read from."""
    fingerprint = letter_fingerprint(letter)
    candidate, n = base, 2
    while (content / "letters" / f"{candidate}.yml").exists():
        snapshot = content / "machine" / f"{candidate}.yml"
        with contextlib.suppress(GeneratorError):
            known = load_letter_file(snapshot) if snapshot.exists() else None
            if known is not None and letter_fingerprint(known) == fingerprint:
                return candidate, known.source.file
        candidate, n = f"{base}-{n}", n + 1
    return None


def _unique_id(base: str, content: Path) -> str:
    candidate, n = base, 2
    while (content / "letters" / f"{candidate}.yml").exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate
