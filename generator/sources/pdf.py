"""Reader for PDF letters, with pdfminer.six.

pdfminer gives every glyph with its font, size and position, which is what the layout
rules need: a glyph smaller than the text and raised above the baseline is a superscript
(footnote marker ``Both Ends1?`` -> ``Both Ends[^1]?``); rows in the top and bottom bands
of the page that repeat, count pages or carry the ISSN/colophon are furniture; small rows
at a page bottom that start with a number are footnotes; a column to the right of the text
is read on its own (a ministry letter's side column before the page's text, a second text
column after it). :mod:`.pdfparas` then rebuilds paragraphs.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..diagnostics import UnreadableSource
from . import SourceDoc
from .assemble import assemble
from .pdfparas import Row, pieces_from_rows

LIGATURES = {"ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "\u00ad": "-"}
MAX_PAGES = 300


@dataclass(frozen=True)
class Glyph:
    text: str
    x0: float
    x1: float
    base: float  # baseline y (PDF coordinates: up is larger)
    size: float
    font: str


def read_pdf(name: str, raw: bytes) -> SourceDoc:
    pages = _glyph_pages(name, raw)
    if not any(glyphs for glyphs, _ in pages):
        raise UnreadableSource(name, "PDF without a text layer (a scan?): run OCR first")
    body = _body_size(pages)
    rows = [row for k, (glyphs, size) in enumerate(pages) for row in _rows(glyphs, k, size, body)]
    pieces = pieces_from_rows(rows, body)
    return assemble(name, "pdf", "pdf-layout", pieces)


# ----------------------------------------------------------------------------- opening


def _glyph_pages(name: str, raw: bytes) -> list[tuple[list[Glyph], tuple[float, float]]]:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    if b"%%EOF" not in raw[-2048:]:
        raise UnreadableSource(name, "truncated PDF (no %%EOF at the end): get the file again")
    try:
        return _extract(raw)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        del exc
        raise UnreadableSource(name, "encrypted PDF: cannot be read without its password") from None
    except (PDFSyntaxError, PSException) as exc:
        raise UnreadableSource(name, f"broken PDF: {exc}") from None
    except Exception as exc:  # pdfminer raises any kind (ValueError, KeyError, zlib.error...)
        # on a damaged file; _extract runs nothing but pdfminer, so this is the file's fault
        raise UnreadableSource(name, f"damaged PDF ({type(exc).__name__}: {exc})") from None


def _extract(raw: bytes) -> list[tuple[list[Glyph], tuple[float, float]]]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTPage

    out: list[tuple[list[Glyph], tuple[float, float]]] = []
    for k, page in enumerate(extract_pages(io.BytesIO(raw), laparams=None)):
        if k >= MAX_PAGES:
            break
        assert isinstance(page, LTPage)
        out.append((list(_glyphs(page)), (page.width, page.height)))
    return out


def _glyphs(item: Any) -> list[Glyph]:
    from pdfminer.layout import LTChar

    found: list[Glyph] = []
    for child in item:
        if isinstance(child, LTChar):
            text = glyph_text(child.get_text())
            if child.matrix[1] == 0 and child.matrix[2] == 0:  # upright text only
                found.append(
                    Glyph(text, child.x0, child.x1, child.matrix[5], child.size, child.fontname)
                )
        elif hasattr(child, "__iter__"):
            found.extend(_glyphs(child))
    return found


def glyph_text(text: str) -> str:
    """A glyph's text as the letter's: a ligature spelled out, and a lone surrogate (a
    font's code point no text can hold, which no file could be written with) as U+FFFD."""
    text = LIGATURES.get(text, text)
    if not text.isascii() and _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")


def _body_size(pages: list[tuple[list[Glyph], tuple[float, float]]]) -> float:
    sizes = Counter(round(g.size, 1) for glyphs, _ in pages for g in glyphs if g.text.strip())
    return sizes.most_common(1)[0][0] if sizes else 10.0


# ----------------------------------------------------------------------------- rows


def _rows(glyphs: list[Glyph], page: int, size: tuple[float, float], body: float) -> list[Row]:
    """Glyphs -> rows (one baseline, one column); superscripts join the row they sit on."""
    lines: list[list[Glyph]] = []
    for g in sorted(glyphs, key=lambda g: (-round(g.base, 1), g.x0)):
        if lines and abs(lines[-1][0].base - g.base) <= 0.5:
            lines[-1].append(g)
        else:
            lines.append([g])
    lines = _attach_superscripts(lines)
    gutter = _gutter(lines, size[0])
    rows: list[Row] = []
    for line in lines:
        for column, part in _split_columns(line, gutter):
            rows.append(_row(part, page, column, size, body))
    return [r for r in rows if r.text.strip()]


def _main_size(line: list[Glyph]) -> float:
    sizes = Counter(round(g.size, 1) for g in line if g.text.strip())
    return sizes.most_common(1)[0][0] if sizes else line[0].size


def _attach_superscripts(lines: list[list[Glyph]]) -> list[list[Glyph]]:
    """A line of only small glyphs raised just above a line below it belongs to that line."""
    out: list[list[Glyph]] = []
    for k, line in enumerate(lines):
        below = lines[k + 1] if k + 1 < len(lines) else None
        if below is not None and _raised_over(line, below):
            below.extend(line)
            continue
        out.append(line)
    for line in out:
        line.sort(key=lambda g: g.x0)
    return out


def _raised_over(line: list[Glyph], below: list[Glyph]) -> bool:
    size = _main_size(below)
    rise = line[0].base - below[0].base
    small = all(g.size <= 0.8 * size for g in line)
    inside = (
        min(g.x0 for g in line) >= min(g.x0 for g in below) - 3 * size
        and max(g.x1 for g in line) <= max(g.x1 for g in below) + 12
    )
    return small and 0 < rise <= 0.7 * size and inside


def _segments(line: list[Glyph]) -> list[list[Glyph]]:
    """Runs of glyphs separated by a gap wider than three spaces."""
    segs: list[list[Glyph]] = []
    last: Glyph | None = None
    for g in line:
        if not g.text.strip():
            continue
        if last is None or g.x0 - last.x1 > max(18.0, 2.5 * last.size):
            segs.append([g])
        else:
            segs[-1].append(g)
        last = g
    return segs


def _gutter(lines: list[list[Glyph]], width: float) -> float | None:
    """The x where a second column starts: segments after a wide gap that line up."""
    starts: Counter[int] = Counter()
    for line in lines:
        segs = _segments(line)
        for k, seg in enumerate(segs):
            if seg[0].x0 > 0.4 * width and (k > 0 or seg[0].x0 > 0.6 * width):
                starts[round(seg[0].x0 / 4)] += 1
    if not starts:
        return None
    x, count = starts.most_common(1)[0]
    return x * 4 - 4 if count >= 3 else None


def _split_columns(line: list[Glyph], gutter: float | None) -> list[tuple[int, list[Glyph]]]:
    if gutter is None:
        return [(0, line)]
    left = [g for g in line if g.x0 < gutter]
    right = [g for g in line if g.x0 >= gutter]
    return [(c, part) for c, part in ((0, left), (1, right)) if part]


def _row(
    glyphs: list[Glyph], page: int, column: int, size: tuple[float, float], body: float
) -> Row:
    main = _main_size(glyphs)
    base = min((g.base for g in glyphs if g.size > 0.8 * main), default=glyphs[0].base)
    parts: list[str] = []
    last: Glyph | None = None
    sup = ""
    for g in glyphs:
        raised = g.size <= 0.8 * main and g.base - base >= 0.15 * main
        apart = last is not None and g.x0 - last.x1 > 0.22 * g.size
        if sup and (not (raised and g.text.isdigit()) or apart):
            parts.append(f"[^{sup}]")
            sup = ""
        if raised and g.text in ",;":
            last = g
            continue  # "1,2": two markers
        if last is not None and g.x0 - last.x1 > 0.22 * min(g.size, last.size) and g.text.strip():
            parts.append(" ")
        if raised and g.text.isdigit():
            sup += g.text
        else:
            parts.append(g.text)
        last = g if g.text.strip() else last
    if sup:
        parts.append(f"[^{sup}]")
    text = " ".join("".join(parts).split())
    fonts = [g.font for g in glyphs if g.text.strip() and g.size > 0.8 * main]
    return Row(
        text=text,
        page=page,
        column=column,
        x0=min(g.x0 for g in glyphs),
        x1=max(g.x1 for g in glyphs),
        base=base,
        size=main,
        bold=bool(fonts) and all(_is_bold(f) for f in fonts),
        italic=bool(fonts) and all(_is_italic(f) for f in fonts),
        page_size=size,
        first_word=_first_word_width(glyphs),
    )


def _first_word_width(glyphs: list[Glyph]) -> float:
    start = next((g for g in glyphs if g.text.strip()), glyphs[0])
    end = start
    for g in glyphs:
        if g.x0 < start.x0:
            continue
        gap = not g.text.strip() or g.x0 - end.x1 > 0.22 * g.size
        if gap and (end is not start or g.x0 > start.x0):
            break
        end = g
    return end.x1 - start.x0


def _is_bold(font: str) -> bool:
    return bool(re.search(r"bold|black|heavy|semibold|demi", font, re.IGNORECASE))


def _is_italic(font: str) -> bool:
    return bool(re.search(r"italic|oblique", font, re.IGNORECASE))
