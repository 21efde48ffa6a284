"""Ingest: source files -> kept copies in ``content/sources/`` and one YAML per letter in
``content/letters/``. Each input succeeds or fails on its own; a failed input leaves the
content folder as it was."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
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
from .store import dump_letter, load_letter_file, write_atomic

Reader = Callable[[str, bytes], SourceDoc]
READERS: dict[str, Reader] = {
    "text": read_text,
    "pdf": read_pdf,
    "docx": read_docx,
    "xml": read_xml,
    "html": read_html,
}
SUFFIX_FORMATS = {".pdf": "pdf", ".docx": "docx"}  # binary formats: a name that lies is refused
DEFAULTS = Path(__file__).parent / "defaults"
MAX_BYTES = 64 * 1024 * 1024


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
    name = path.name
    try:
        if path.stat().st_size > MAX_BYTES:
            raise UnreadableSource(str(path), f"larger than {MAX_BYTES // 2**20} MB: not a letter")
        raw = path.read_bytes()
    except OSError as exc:
        raise UnreadableSource(str(path), f"cannot read: {exc.strerror or exc}") from None
    fmt = sniff_format(raw)
    expected = SUFFIX_FORMATS.get(path.suffix.lower())
    if expected is not None and fmt != expected:
        raise UnreadableSource(str(path), f"named {path.suffix} but not a {expected.upper()} file")
    reader = READERS.get(fmt)
    if reader is None:
        raise UnreadableSource(str(path), f"{fmt} letters are not supported (no {fmt} reader)")
    try:
        if fmt == "xml" and (meta := _metadata_beside(path)) is not None:
            return read_xml(name, raw, meta), raw
        return reader(name, raw), raw
    except GeneratorError as exc:
        raise UnreadableSource(str(path), exc.diagnostic.message) from None


def _metadata_beside(path: Path) -> bytes | None:
    """officielebekendmakingen ships a document's metadata.xml beside it."""
    for candidate in (path.with_name(f"{path.stem}.metadata.xml"), path.parent / "metadata.xml"):
        if candidate != path and candidate.is_file():
            return candidate.read_bytes()
    return None


def _is_metadata(path: Path) -> bool:
    return path.name == "metadata.xml" or path.name.endswith(".metadata.xml")


def expand_inputs(paths: Iterable[Path], report: IngestReport) -> list[Path]:
    """Files named, and every regular file inside folders named (sorted, hidden skipped)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.is_file() and not p.name.startswith(".") and not _is_metadata(p)
                )
            )
        elif path.exists():
            out.append(path)
        else:
            report.diagnostics.append(error(str(path), None, "no such file"))
    return out


def ingest(paths: Iterable[Path], content: Path) -> IngestReport:
    report = IngestReport()
    ensure_content(content)
    catalogues = load_catalogues(content)
    known = _known_sources(content, report)
    for path in expand_inputs(paths, report):
        try:
            _ingest_one(path, content, catalogues, known, report)
        except GeneratorError as exc:
            report.diagnostics.append(exc.diagnostic)
        except OSError as exc:
            report.diagnostics.append(
                error(str(path), None, f"cannot write content: {exc.strerror or exc}")
            )
    return report


def ensure_content(content: Path) -> None:
    """A fresh content folder gets the default topic and entity catalogues."""
    (content / "letters").mkdir(parents=True, exist_ok=True)
    (content / "sources").mkdir(parents=True, exist_ok=True)
    for name in ("topics.yml", "entities.yml"):
        if not (content / name).exists() and (DEFAULTS / name).exists():
            shutil.copyfile(DEFAULTS / name, content / name)


def _known_sources(content: Path, report: IngestReport) -> dict[str, str]:
    """{sha256 or source file name: letter id} of the letters already in the content."""
    known: dict[str, str] = {}
    for path in sorted((content / "letters").glob("*.yml")):
        try:
            letter = load_letter_file(path)
        except GeneratorError as exc:
            report.diagnostics.append(
                warning(str(path), exc.diagnostic.line, exc.diagnostic.message)
            )
            continue
        known.setdefault(letter.source.sha256, letter.id)
        known.setdefault(letter.source.file, letter.id)
    return known


def _ingest_one(
    path: Path, content: Path, cat: Catalogues, known: dict[str, str], report: IngestReport
) -> None:
    doc, raw = read_source(path)
    sha = hashlib.sha256(raw).hexdigest()
    for note in doc.notes:
        report.diagnostics.append(warning(str(path), None, note))
    source = SourceInfo(path.name, sha, doc.format, doc.flavour, "", len(doc.lines))
    letter = extract_letter(doc, source, "pending", cat)
    letter_id = known.get(sha) or known.get(path.name) or _unique_id(derive_id(letter), content)
    copy = f"sources/{letter_id}{_suffix(path, doc.format)}"
    letter = dataclasses.replace(
        letter, id=letter_id, source=dataclasses.replace(source, copy=copy)
    )
    known[sha] = known[path.name] = letter_id
    for flag in letter.review:
        line = flag.span.start if flag.span else None
        report.diagnostics.append(warning(str(path), line, f"{flag.code}: {flag.message}"))
    rendering = None if doc.format == "text" else ("\n".join(doc.lines) + "\n").encode("utf-8")
    _write_letter(letter, raw, rendering, content, report)


def _write_letter(
    letter: Letter, raw: bytes, rendering: bytes | None, content: Path, report: IngestReport
) -> None:
    """Writes the YAML, the source copy and, for binary formats, the text rendering the
    line numbers point into (``<id>.pdf.txt`` beside ``<id>.pdf``)."""
    from .review import merge_into_content, write_snapshot

    yaml_path = content / "letters" / f"{letter.id}.yml"
    machine_text = dump_letter(letter)
    text, diagnostics = merge_into_content(content, letter_to_data(letter), machine_text)
    report.diagnostics.extend(diagnostics)
    copy_path = content / letter.source.copy
    if not copy_path.exists() or copy_path.read_bytes() != raw:
        write_atomic(copy_path, raw)
    if rendering is not None:
        text_path = copy_path.with_name(copy_path.name + ".txt")
        if not text_path.exists() or text_path.read_bytes() != rendering:
            write_atomic(text_path, rendering)
    if yaml_path.exists() and yaml_path.read_text(encoding="utf-8") == text:
        report.unchanged.append(yaml_path)
    else:
        write_atomic(yaml_path, text)
        report.written.append(yaml_path)
    write_snapshot(content, letter.id, machine_text)


def _suffix(path: Path, fmt: str) -> str:
    suffix = path.suffix.lower()
    return suffix if suffix in {".txt", ".md", ".pdf", ".docx", ".xml", ".html", ".htm"} else ".txt"


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


def _unique_id(base: str, content: Path) -> str:
    candidate, n = base, 2
    while (content / "letters" / f"{candidate}.yml").exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate
