"""Reader for Word letters (.docx) with python-docx.

Paragraphs and tables in body order; heading styles (``Heading 2``, Dutch ``Kop 2``,
``Title``) give headings, an entirely bold short paragraph is a heading too (Word letters
often mark "Vraag 1" that way); list styles and numbering give list items. Footnotes come
from the document's footnotes part: each ``w:footnoteReference`` becomes ``[^N]`` where N
is the number Word prints (references numbered in order of first appearance), and the
footnote text a definition. Letterhead tables (``Datum | 14 november 2024``) become one
line per row, so the shared label rules find them.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from ..diagnostics import UnreadableSource
from . import BlockKind, SourceDoc
from .assemble import Piece, assemble
from .tree import sentence_like

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
HEADING_STYLE_RE = re.compile(r"^(?:heading|kop)\s*(\d)$", re.IGNORECASE)


def read_docx(name: str, raw: bytes) -> SourceDoc:
    document = _open(name, raw)
    footnotes = _footnote_texts(document)
    numbers: dict[str, int] = {}
    pieces: list[Piece] = []
    for el in document.element.body.iterchildren():
        if el.tag == f"{W}p":
            pieces.extend(_paragraph(el, document, numbers))
        elif el.tag == f"{W}tbl":
            pieces.extend(_table(el, numbers))
    notes = [
        Piece(footnotes.get(fid, ""), (f"[^{n}]: {footnotes.get(fid, '')}",), footnote=n)
        for fid, n in sorted(numbers.items(), key=lambda kv: kv[1])
    ]
    if not any(p.text.strip() for p in pieces):
        raise UnreadableSource(name, "Word document without text")
    return assemble(name, "docx", "word", pieces + notes)


def _open(name: str, raw: bytes) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise UnreadableSource(name, "not a Word document (.docx is a ZIP archive; this is not)")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableSource(name, f"broken ZIP archive: {exc}") from None
    if "word/document.xml" not in names:
        raise UnreadableSource(name, "a ZIP archive but not a Word document (no word/document.xml)")
    try:
        return docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise UnreadableSource(name, f"broken Word document: {exc}") from None
    except Exception as exc:  # lxml errors on a damaged part
        raise UnreadableSource(name, f"broken Word document: {type(exc).__name__}") from None


def _footnote_texts(document: Any) -> dict[str, str]:
    """Footnote id -> text, from the footnotes part (separators skipped)."""
    from docx.oxml import parse_xml

    for rel in document.part.rels.values():
        if rel.reltype == FOOTNOTES_REL and not rel.is_external:
            root = parse_xml(rel.target_part.blob)
            return {
                str(fn.get(f"{W}id")): " ".join(_runs_text(fn, {}).split())
                for fn in root.iter(f"{W}footnote")
                if fn.get(f"{W}type") in (None, "normal")
            }
    return {}


def _runs_text(el: Any, numbers: dict[str, int]) -> str:
    """Text of a paragraph (or any element) with footnote references as [^N]."""
    parts: list[str] = []
    for node in el.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}footnoteReference", f"{W}cr"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}footnoteReference":
            fid = str(node.get(f"{W}id"))
            number = numbers.setdefault(fid, len(numbers) + 1)
            parts.append(f"[^{number}]")
        else:
            parts.append(" ")
    return re.sub(r"\s+(\[\^\d+\])", r"\1", " ".join("".join(parts).split()))


def _paragraph(el: Any, document: Any, numbers: dict[str, int]) -> list[Piece]:
    text = _runs_text(el, numbers)
    if not text:
        return []
    style = _style_name(el, document)
    m = HEADING_STYLE_RE.match(style)
    if m or style.lower() in ("title", "titel", "subtitle", "ondertitel"):
        level = int(m.group(1)) if m else 1
        return [Piece(text, kind=BlockKind.HEADING, level=level)]
    if _all_bold(el) and not sentence_like(text) and len(text) <= 120:
        return [Piece(text, kind=BlockKind.HEADING)]
    numbered = el.find(f"{W}pPr/{W}numPr") is not None or "list" in style.lower()
    return [Piece(text, kind=BlockKind.ITEM if numbered else None)]


def _style_name(el: Any, document: Any) -> str:
    node = el.find(f"{W}pPr/{W}pStyle")
    if node is None:
        return ""
    style_id = str(node.get(f"{W}val"))
    for style in document.styles.element.iter(f"{W}style"):
        if style.get(f"{W}styleId") == style_id:
            name = style.find(f"{W}name")
            return str(name.get(f"{W}val")) if name is not None else style_id
    return style_id


def _all_bold(el: Any) -> bool:
    runs = [r for r in el.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t")).strip()]
    if not runs:
        return False
    for run in runs:
        bold = run.find(f"{W}rPr/{W}b")
        if bold is None or bold.get(f"{W}val") in ("0", "false"):
            return False
    return True


def _table(el: Any, numbers: dict[str, int]) -> list[Piece]:
    """A row of short cells (letterhead: ``Datum | 14 november 2024``) is one line; a row
    with longer text gives a piece per cell paragraph."""
    pieces: list[Piece] = []
    for row in el.iter(f"{W}tr"):
        cells = [
            [_runs_text(p, numbers) for p in cell.iter(f"{W}p")] for cell in row.iter(f"{W}tc")
        ]
        texts = [" ".join(t for t in cell if t) for cell in cells]
        if sum(len(t) for t in texts) <= 120:
            line = " ".join(t for t in texts if t)
            if line:
                pieces.append(Piece(line))
            continue
        pieces.extend(Piece(t) for cell in cells for t in cell if t)
    return pieces
