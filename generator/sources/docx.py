"""Reader for Word letters (.docx) with python-docx.

Paragraphs and tables in body order; heading styles (``Heading 2``, Dutch ``Kop 2``,
``Title``) give headings, an entirely bold short paragraph is a heading too (Word letters
often mark "Vraag 1" that way); list styles and numbering give list items, with the label
Word prints before them (``1.``, ``a)``, ``Vraag 3``: :class:`_Numbering`, from the
numbering part). Footnotes and endnotes come from their parts: each ``w:footnoteReference``
or ``w:endnoteReference`` becomes ``[^N]``, N counting the references in order of first
appearance (what Word prints for footnotes), and the note's text a definition.
Letterhead tables (``Datum | 14 november 2024``) become one line per row, so the shared
label rules find them.
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
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
FOOTNOTES_REL = RELS + "footnotes"
ENDNOTES_REL = RELS + "endnotes"
NUMBERING_REL = RELS + "numbering"
HEADING_STYLE_RE = re.compile(r"^(?:heading|kop)\s*(\d)$", re.IGNORECASE)


def read_docx(name: str, raw: bytes) -> SourceDoc:
    document = _open(name, raw)
    texts = {**_note_texts(name, document, "footnote"), **_note_texts(name, document, "endnote")}
    numbers: dict[str, int] = {}
    numbering = _Numbering(_part_xml(name, document, NUMBERING_REL))
    pieces: list[Piece] = []
    for el in document.element.body.iterchildren():
        if el.tag == f"{W}p":
            pieces.extend(_paragraph(el, document, numbers, numbering))
        elif el.tag == f"{W}tbl":
            pieces.extend(_table(el, numbers))
    notes = [
        Piece(texts.get(key, ""), (f"[^{n}]: {texts.get(key, '')}",), footnote=n)
        for key, n in sorted(numbers.items(), key=lambda kv: kv[1])
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


def _part_xml(name: str, document: Any, reltype: str) -> Any:
    """The root element of the document's part of that relationship type, or None."""
    from docx.oxml import parse_xml
    from lxml import etree  # type: ignore[import-untyped]

    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            try:
                return parse_xml(rel.target_part.blob)
            except etree.LxmlError as exc:
                part = str(rel.target_part.partname).lstrip("/")
                raise UnreadableSource(name, f"broken Word document: {part}: {exc}") from None
    return None


def _note_texts(name: str, document: Any, kind: str) -> dict[str, str]:
    """``footnote:id`` (or ``endnote:id``) -> text, from the notes part (separators skipped)."""
    root = _part_xml(name, document, FOOTNOTES_REL if kind == "footnote" else ENDNOTES_REL)
    if root is None:
        return {}
    return {
        f"{kind}:{note.get(f'{W}id')}": " ".join(_runs_text(note, {}).split())
        for note in root.iter(f"{W}{kind}")
        if note.get(f"{W}type") in (None, "normal")
    }


_NOTE_REFERENCES = {f"{W}footnoteReference": "footnote", f"{W}endnoteReference": "endnote"}
_RUN_PARTS = (f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", *_NOTE_REFERENCES)


def _runs_text(el: Any, numbers: dict[str, int]) -> str:
    """Text of a paragraph (or any element) with footnote references as [^N]."""
    parts: list[str] = []
    for node in el.iter(*_RUN_PARTS):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag in _NOTE_REFERENCES:
            key = f"{_NOTE_REFERENCES[node.tag]}:{node.get(f'{W}id')}"
            number = numbers.setdefault(key, len(numbers) + 1)
            parts.append(f"[^{number}]")
        else:
            parts.append(" ")
    return re.sub(r"\s+(\[\^\d+\])", r"\1", " ".join("".join(parts).split()))


def _paragraph(
    el: Any, document: Any, numbers: dict[str, int], numbering: _Numbering
) -> list[Piece]:
    text = _runs_text(el, numbers)
    if not text:
        return []
    style = _style_name(el, document)
    label = numbering.label(el, document)
    if label:
        text = label + text
    m = HEADING_STYLE_RE.match(style)
    if m or style.lower() in ("title", "titel", "subtitle", "ondertitel"):
        level = int(m.group(1)) if m else 1
        return [Piece(text, kind=BlockKind.HEADING, level=level)]
    if _all_bold(el) and not sentence_like(text) and len(text) <= 120:
        return [Piece(text, kind=BlockKind.HEADING)]
    numbered = label is not None or "list" in style.lower()
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


class _Numbering:
    """The labels Word prints before numbered paragraphs (``1.``, ``a)``, ``Vraag 3``, ``•``).

    A paragraph is numbered by its own ``w:numPr`` or its style's (``List Number``); the
    numbering part maps the ``w:num`` instance to an abstract definition whose level gives
    the start, the format and the label text (``%1.%2``). Counters run per instance and
    level; a level's count starts again after a higher level is used (Word's default).
    """

    def __init__(self, root: Any) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str, str]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.style_numbers: dict[str, tuple[str, int] | None] = {}
        if root is None:
            return
        abstract = {
            str(a.get(f"{W}abstractNumId")): _levels(a) for a in root.iter(f"{W}abstractNum")
        }
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            levels = dict(abstract.get(str(ref.get(f"{W}val")) if ref is not None else "", {}))
            for override in num.iter(f"{W}lvlOverride"):
                level = _int(override.get(f"{W}ilvl"), 0)
                start = override.find(f"{W}startOverride")
                if start is not None and level in levels:
                    _, fmt, text, suffix = levels[level]
                    levels[level] = (_int(start.get(f"{W}val"), 1), fmt, text, suffix)
                defined = override.find(f"{W}lvl")
                if defined is not None:
                    levels.update(_levels_of([defined]))
            self.levels[str(num.get(f"{W}numId"))] = levels

    def label(self, el: Any, document: Any) -> str | None:
        """The label of paragraph ``el`` with the space after it (None: not numbered; ""
        for a level that prints nothing), counting the paragraph."""
        found = self._num_pr(el.find(f"{W}pPr/{W}numPr"))
        if found is None:
            found = self._style_num(el, document)
        if found is None or found[0] not in self.levels or found[0] == "0":
            return None
        num_id, level = found
        levels = self.levels[num_id]
        if level not in levels:
            return None
        counts = self.counters.setdefault(num_id, {})
        counts[level] = counts.get(level, levels[level][0] - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        _, fmt, text, suffix = levels[level]

        def value(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            if k not in levels:
                return ""
            count = counts.get(k, levels[k][0])
            return _format_number(count, levels[k][1])

        label = " ".join((_BULLET if fmt == "bullet" else _LEVEL_RE.sub(value, text)).split())
        return label + ("" if suffix == "nothing" or not label else " ")

    def _num_pr(self, pr: Any) -> tuple[str, int] | None:
        if pr is None:
            return None
        num = pr.find(f"{W}numId")
        if num is None:
            return None
        level = pr.find(f"{W}ilvl")
        return str(num.get(f"{W}val")), _int(level.get(f"{W}val") if level is not None else 0, 0)

    def _style_num(self, el: Any, document: Any) -> tuple[str, int] | None:
        node = el.find(f"{W}pPr/{W}pStyle")
        if node is None or not self.levels:
            return None
        style_id = str(node.get(f"{W}val"))
        if style_id not in self.style_numbers:
            self.style_numbers[style_id] = self._style_chain(style_id, document)
        return self.style_numbers[style_id]

    def _style_chain(self, style_id: str, document: Any) -> tuple[str, int] | None:
        styles = {str(s.get(f"{W}styleId")): s for s in document.styles.element.iter(f"{W}style")}
        seen: set[str] = set()
        while style_id in styles and style_id not in seen:
            seen.add(style_id)
            style = styles[style_id]
            found = self._num_pr(style.find(f"{W}pPr/{W}numPr"))
            if found is not None:
                return found
            based = style.find(f"{W}basedOn")
            style_id = str(based.get(f"{W}val")) if based is not None else ""
        return None


_BULLET = "•"
_LEVEL_RE = re.compile(r"%(\d)")


def _levels(abstract: Any) -> dict[int, tuple[int, str, str, str]]:
    return _levels_of(abstract.iter(f"{W}lvl"))


def _levels_of(nodes: Any) -> dict[int, tuple[int, str, str, str]]:
    """ilvl -> (start, format, label text, suffix) of ``w:lvl`` elements."""
    out: dict[int, tuple[int, str, str, str]] = {}
    for lvl in nodes:
        out[_int(lvl.get(f"{W}ilvl"), 0)] = (
            _int(_val(lvl, "start", "1"), 1),
            _val(lvl, "numFmt", "decimal"),
            _val(lvl, "lvlText", ""),
            _val(lvl, "suff", "tab"),
        )
    return out


def _val(el: Any, tag: str, default: str) -> str:
    node = el.find(f"{W}{tag}")
    return str(node.get(f"{W}val")) if node is not None else default


def _int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        k = max(n, 1)
        while k:
            k, r = divmod(k - 1, 26)
            letters = chr(ord("a") + r) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)  # decimal and every format this reader does not spell out


def _roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += numeral
            n -= value
    return out or str(n)
