"""From the pieces a layout reader finds (PDF, DOCX, XML, HTML) to a SourceDoc.

A layout reader knows more than a text reader (styles, fonts, page geometry, footnote
parts) but ends in the same place: it hands over :class:`Piece` objects in reading order:
paragraphs, headings, footnote definitions and page furniture, each with its clean running
text. This module renders them as a plain-text version of the letter (what the spans point
into, kept beside the original by ``ingest``) and applies the genre rules every reader
shares (letterhead labels, list items, sentences running on across a page break) from
:mod:`.paras`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import Span, Unplaced
from . import BlockKind, FootnoteDef, SourceDoc
from .lines import Ln
from .paras import Para, heading_level, merge_run_ons, split_labels, to_blocks
from .reflow import LIST_START_RE


@dataclass
class Piece:
    """One paragraph, heading, footnote or piece of page furniture, in reading order."""

    text: str  # clean running text; footnote markers as [^N]
    lines: tuple[str, ...] = ()  # its lines in the text rendering (default: the text)
    kind: BlockKind | None = None  # None: a paragraph or a list item, by its shape
    level: int = 0
    footnote: int | None = None  # a footnote definition with this number
    furniture: str | None = None  # page furniture, with the reason it was taken out


@dataclass
class _Rendered:
    lines: list[str] = field(default_factory=list)
    paras: list[Para] = field(default_factory=list)
    footnotes: list[FootnoteDef] = field(default_factory=list)
    furniture: list[Unplaced] = field(default_factory=list)


def assemble(
    name: str, fmt: str, flavour: str, pieces: Iterable[Piece], notes: Iterable[str] = ()
) -> SourceDoc:
    """Render the pieces as text lines (blank line between pieces) and build the blocks."""
    out = _Rendered()
    for piece in pieces:
        if not piece.text.strip() and not any(x.strip() for x in piece.lines):
            continue
        if out.lines:
            out.lines.append("")
        first = len(out.lines) + 1
        texts = piece.lines or (piece.text,)
        out.lines.extend(" ".join(t.split()) for t in texts)
        lns = [Ln(first + k, t) for k, t in enumerate(out.lines[first - 1 :])]
        _place(out, piece, lns)
    paras = merge_run_ons(split_labels(out.paras), 0)
    return SourceDoc(
        name=name,
        format=fmt,
        flavour=flavour,
        lines=tuple(out.lines),
        blocks=to_blocks(paras),
        footnotes=tuple(sorted(out.footnotes, key=lambda d: (d.span.start, d.number))),
        furniture=tuple(out.furniture),
        notes=tuple(notes),
    )


def _place(out: _Rendered, piece: Piece, lns: list[Ln]) -> None:
    span = Span(lns[0].no, lns[-1].no)
    text = " ".join(piece.text.split())
    if piece.furniture is not None:
        out.furniture.append(Unplaced(text, span, piece.furniture))
    elif piece.footnote is not None:
        out.footnotes.append(FootnoteDef(piece.footnote, text, span))
    elif piece.kind is BlockKind.HEADING:
        level = piece.level or heading_level(text)
        out.paras.append(Para(lns, text, BlockKind.HEADING, level))
    else:
        kind = piece.kind or (BlockKind.ITEM if LIST_START_RE.match(text) else BlockKind.PARAGRAPH)
        out.paras.append(Para(lns, text, kind))
