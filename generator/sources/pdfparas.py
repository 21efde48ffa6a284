"""PDF rows -> pieces: page furniture by position and form, footnotes at page bottoms,
side columns, and paragraphs rebuilt from rows by vertical spacing, style and the wrap
test (a row that ends a sentence and had room for the next word ended its paragraph).
Line-end hyphens are resolved with the text reader's rules (:func:`.reflow.join_wrapped`)."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Container
from dataclasses import dataclass, field

from . import BlockKind
from .assemble import Piece
from .lines import PAGE_NUMBER_RE, RUNNING_FOOTER_RE, Ln, ends_sentence
from .reflow import LIST_START_RE, join_wrapped
from .words import vocabulary

BAND = 62.0  # points from the top or bottom edge where running heads and footers live
COLOPHON_RE = re.compile(
    r"^(?:ISSN\s*[\d -]+|[’']s-Gravenhage\s+\d{4}|(?:kst|ah-tk|h-tk|stb|stcrt|blg)-[\w-]+)$",
    re.IGNORECASE,
)
PUBLICATION_RE = re.compile(
    r"^(?:(?:Tweede|Eerste) Kamer der Staten-Generaal|Aanhangsel van de Handelingen|"
    r"Handelingen (?:I|II)\b.*|Vergaderjaar \d{4}\s*[–-]\s*\d{4})$"
)
NOTE_START_RE = re.compile(r"^(?:\[\^(\d{1,3})\]|(\d{1,3})\s)\s*(.*)$")


@dataclass
class Row:
    text: str
    page: int
    column: int
    x0: float
    x1: float
    base: float
    size: float
    bold: bool
    italic: bool
    page_size: tuple[float, float]
    first_word: float = 0.0  # width of the row's first word
    role: str = ""  # furniture reason, "note", "side"

    @property
    def styled(self) -> bool:
        return self.bold or self.italic


@dataclass
class _Stream:
    body: float
    leading: float
    right: dict[tuple[int, int], float] = field(default_factory=dict)
    words: Container[str] = field(default_factory=set)
    compounds: Container[str] = field(default_factory=set)


def pieces_from_rows(rows: list[Row], body: float) -> list[Piece]:
    _mark_furniture(rows)
    notes = _footnotes(rows, body)
    words, compounds = vocabulary([Ln(k, r.text) for k, r in enumerate(rows)])
    stream = _Stream(body, _leading(rows, body), _right_edges(rows, body), words, compounds)
    side = [r for r in rows if not r.role and r.column == 1 and r.size < 0.9 * body]
    for r in side:
        r.role = "side"
    main = [r for r in rows if not r.role]
    main.sort(key=lambda r: (r.page, r.column, -r.base))
    paras = _paragraphs(main, stream)
    out = _interleave(paras, _groups(side, stream), stream)
    out += [Piece(r.text, furniture=r.role) for r in rows if r.role not in ("", "side", "note")]
    return out + [_note_piece(n, t, lines, stream) for n, t, lines in notes]


# ----------------------------------------------------------------------------- furniture


def _mark_furniture(rows: list[Row]) -> None:
    shapes = Counter(_shape(r) for r in rows if _in_band(r))
    pages_of: dict[str, set[int]] = {}
    for r in rows:
        pages_of.setdefault(_shape(r), set()).add(r.page)
    for r in rows:
        r.role = _furniture_reason(r, len(pages_of[_shape(r)]) >= 2 and shapes[_shape(r)] >= 2)


def _shape(row: Row) -> str:
    return re.sub(r"\d+", "#", row.text)


def _in_band(row: Row) -> bool:
    return row.base < BAND or row.base > row.page_size[1] - BAND


def _furniture_reason(r: Row, repeated: bool) -> str:
    if RUNNING_FOOTER_RE.match(r.text):
        return "running page footer"
    if PAGE_NUMBER_RE.match(r.text) and (_in_band(r) or r.column == 1):
        return "page number"
    if not _in_band(r):
        return ""
    if COLOPHON_RE.match(r.text):
        return "colophon"
    if PUBLICATION_RE.match(r.text):
        return "publication header"
    if repeated:
        return "running page footer" if r.base < BAND else "running page header"
    return ""


# ----------------------------------------------------------------------------- footnotes


def _footnotes(rows: list[Row], body: float) -> list[tuple[int, str, list[Row]]]:
    """Small rows at the bottom of a page's text column, from the first numbered one."""
    out: list[tuple[int, str, list[Row]]] = []
    for page in sorted({r.page for r in rows}):
        column = sorted(
            (r for r in rows if r.page == page and r.column == 0 and not r.role),
            key=lambda r: -r.base,
        )
        tail: list[Row] = []
        for r in reversed(column):
            if r.size >= 0.9 * body:
                break
            tail.insert(0, r)
        start = next((k for k, r in enumerate(tail) if NOTE_START_RE.match(r.text)), None)
        if start is None:
            continue
        for r in tail[start:]:
            m = NOTE_START_RE.match(r.text)
            r.role = "note"
            if m:
                out.append((int(m.group(1) or m.group(2)), m.group(3), [r]))
            else:
                out[-1][2].append(r)
    return out


def _note_piece(number: int, first: str, rows: list[Row], stream: _Stream) -> Piece:
    text = first
    for prev, r in itertools.pairwise(rows):
        text = _join(text, prev, r, stream)
    return Piece(text, tuple(r.text for r in rows), footnote=number)


URL_END_RE = re.compile(r"(?:https?://|www\.)\S+$")


def _join(text: str, prev: Row, row: Row, s: _Stream) -> str:
    """Join a wrapped row; a URL broken where the row was full continues without a space."""
    if URL_END_RE.search(text) and _full(prev, row, s) and not ends_sentence(text):
        return text + row.text
    return join_wrapped(text, row.text, s.words, s.compounds)


# ----------------------------------------------------------------------------- paragraphs


def _leading(rows: list[Row], body: float) -> float:
    gaps = Counter(
        round(a.base - b.base, 1)
        for a, b in itertools.pairwise(rows)
        if a.page == b.page
        and a.column == b.column
        and abs(a.size - body) < 0.5
        and abs(b.size - body) < 0.5
        and a.base > b.base
    )
    return gaps.most_common(1)[0][0] if gaps else body * 1.3


def _right_edges(rows: list[Row], body: float) -> dict[tuple[int, int], float]:
    edges: dict[tuple[int, int], float] = {}
    for r in rows:
        if abs(r.size - body) < 0.5:
            key = (r.page, r.column)
            edges[key] = max(edges.get(key, 0.0), r.x1)
    return edges


def _breaks(prev: Row, row: Row, s: _Stream) -> bool:
    if LIST_START_RE.match(row.text) or prev.styled != row.styled or abs(prev.size - row.size) > 1:
        return True
    if row.page != prev.page or row.column != prev.column:
        return ends_sentence(prev.text) and not _full(prev, row, s)
    if prev.base - row.base > 1.4 * s.leading:
        return True
    return ends_sentence(prev.text) and not _full(prev, row, s)


def _full(prev: Row, row: Row, s: _Stream) -> bool:
    """Would the next row's first word have fitted on the previous row?"""
    right = s.right.get((prev.page, prev.column), prev.x1)
    return prev.x1 + 0.25 * prev.size + row.first_word > right - 0.5


def _paragraphs(rows: list[Row], s: _Stream) -> list[list[Row]]:
    paras: list[list[Row]] = []
    for row in rows:
        if paras and not _breaks(paras[-1][-1], row, s):
            paras[-1].append(row)
        else:
            paras.append([row])
    return paras


def _piece(rows: list[Row], s: _Stream) -> Piece:
    text = rows[0].text
    for prev, r in itertools.pairwise(rows):
        text = _join(text, prev, r, s)
    lines = tuple(r.text for r in rows)
    big = all(r.size >= 1.15 * s.body for r in rows)
    heading = (big or all(r.styled for r in rows)) and len(rows) <= 3
    if heading and not re.search(r"[.?!;,]\s*(?:\[\^\d+\])*$", text):
        return Piece(text, lines, BlockKind.HEADING, level=1 if big else 0)
    return Piece(text, lines)


def _groups(side: list[Row], s: _Stream) -> dict[int, list[Piece]]:
    """Side-column rows per page, grouped by vertical spacing (label + value, address)."""
    by_page: dict[int, list[Piece]] = {}
    rows = sorted(side, key=lambda r: (r.page, -r.base))
    group: list[Row] = []
    for r in [*rows, None]:
        if group and (
            r is None or r.page != group[-1].page or group[-1].base - r.base > 1.6 * r.size + 2
        ):
            by_page.setdefault(group[0].page, []).append(_piece(group, s))
            group = []
        if r is not None:
            group.append(r)
    for pieces in by_page.values():
        for p in pieces:
            p.kind = None  # a side column holds letterhead, never headings
    return by_page


def _interleave(paras: list[list[Row]], side: dict[int, list[Piece]], s: _Stream) -> list[Piece]:
    """Each page's side column comes before the first paragraph that starts on that page."""
    out: list[Piece] = []
    for para in paras:
        for page in sorted(p for p in side if p <= para[0].page):
            out.extend(side.pop(page))
        out.append(_piece(para, s))
    for page in sorted(side):
        out.extend(side[page])
    return out
