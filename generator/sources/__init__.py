"""Readers: one per source format. Each turns a file into a :class:`SourceDoc`.

A SourceDoc is plain text already cleaned of format noise, cut into blocks (headings,
paragraphs, list items, letterhead label/value pairs) that keep the source lines they
came from, plus the footnote definitions and the furniture (page headers/footers,
repeated letterhead) that was taken out. Extractors only ever see SourceDocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..model import Span, Unplaced


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"  # a list item ("1. ...", "- ...")
    LABEL = "label"  # letterhead label with its value, e.g. Datum / 14 november 2024


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str  # clean running text; footnote markers as [^N]
    span: Span
    level: int = 0  # heading level (1 = top); 0 for non-headings
    label: str | None = None  # for LABEL blocks: "Datum", "Onze referentie", "Betreft", ...


@dataclass(frozen=True)
class FootnoteDef:
    number: int
    text: str
    span: Span


@dataclass(frozen=True)
class SourceDoc:
    name: str  # file name as given
    format: str  # text, pdf, docx, xml, html
    flavour: str  # pdf-text, word-export, markdown, plain, ...
    lines: tuple[str, ...]  # the source as text lines (what spans point into), 1-based via index+1
    blocks: tuple[Block, ...]
    footnotes: tuple[FootnoteDef, ...] = ()
    furniture: tuple[Unplaced, ...] = ()
    notes: tuple[str, ...] = ()  # decisions worth telling the user (encoding guessed, ...)
