"""Ingest, first stage: which files a run reads (folders walked, symlinks checked), their
bytes within the size limits, and the reader their content calls for."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic, GeneratorError, UnreadableSource, error, warning

if TYPE_CHECKING:
    from .sources import SourceDoc

Reader = Callable[..., "SourceDoc"]  # (file name, bytes[, metadata]) -> SourceDoc
# format -> the module in generator/sources/ and its reader, imported when first used (a
# re-ingest that the cache answers reads no letter).
READERS: dict[str, tuple[str, str]] = {
    "text": ("text", "read_text"),
    "pdf": ("pdf", "read_pdf"),
    "docx": ("docx", "read_docx"),
    "xml": ("xml", "read_xml"),
    "html": ("html", "read_html"),
}
SUFFIX_FORMATS = {".pdf": "pdf", ".docx": "docx"}  # binary formats: a name that lies is refused
TEXTUAL_FORMATS = {"text", "xml", "html"}
# Size limits, checked before anything is parsed. The longest real letters are well under
# 1 MB of text; extraction takes seconds per MB, so a bigger text is refused, not ingested.
MAX_BYTES = 64 * 2**20  # any source file (a PDF with images may be large)
MAX_TEXT_BYTES = 2 * 2**20  # a text, XML or HTML letter, or the text read from a PDF/DOCX


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
    if fmt not in READERS:
        raise UnreadableSource(str(path), f"{fmt} letters are not supported (no {fmt} reader)")
    reader = _reader(fmt)
    try:
        if fmt == "xml" and (meta := _metadata_beside(path)) is not None:
            doc = reader(path.name, raw, meta)
        else:
            doc = reader(path.name, raw)
    except GeneratorError as exc:
        raise UnreadableSource(str(path), exc.diagnostic.message) from None
    _check_size(path, sum(map(len, doc.lines)) + len(doc.lines), MAX_TEXT_BYTES)
    return doc


def _reader(fmt: str) -> Reader:
    module, name = READERS[fmt]
    found: Any = getattr(importlib.import_module(f".sources.{module}", __package__), name)
    return found  # type: ignore[no-any-return]


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


def expand_inputs(paths: Iterable[Path], diagnostics: list[Diagnostic]) -> list[Path]:
    """Files named, and the files inside folders named (sorted; hidden files and subfolders
    skipped; a symlink that leaves the folder is refused)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(_folder_files(path, diagnostics))
        elif path.exists():
            out.append(path)
        elif path.is_symlink():
            diagnostics.append(error(str(path), None, "broken symlink: no such file"))
        else:
            diagnostics.append(error(str(path), None, "no such file"))
    return out


def _folder_files(folder: Path, diagnostics: list[Diagnostic]) -> list[Path]:
    out: list[Path] = []
    root = folder.resolve()
    with os.scandir(folder) as found:  # the kind of each entry without a stat of its own
        entries = sorted(found, key=lambda entry: entry.name)
    for entry in entries:
        path = folder / entry.name
        if entry.name.startswith(".") or _is_metadata(path):
            continue
        if entry.is_symlink():
            target = path.resolve()
            if not target.exists():
                diagnostics.append(error(str(path), None, "broken symlink: no such file"))
                continue
            if not target.is_relative_to(root):
                diagnostics.append(
                    error(str(path), None, f"symlink to a file outside {folder}: not followed")
                )
                continue
        if entry.is_dir():
            diagnostics.append(
                warning(str(path), None, "a subfolder is not searched: name it to ingest it")
            )
        else:
            out.append(path)
    return out
