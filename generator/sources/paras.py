"""Paragraphs on their way to blocks, and the genre rules every reader shares: letterhead
labels (``Datum``, ``Onze referentie`` ...), short headings, sentences that run on across a
page break or a repeated page header."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Span
from . import Block, BlockKind
from .lines import LABELS, Ln, ends_sentence, match_label
from .markup import md_inline
from .reflow import join_wrapped

NUMBERED_HEADING_RE = re.compile(r"^(?:§\s?\d+\.?|\d{1,2}\.)\s")
_MARKERS_APART_RE = re.compile(r"(\[\^\d+\])\s+(?=\[\^\d+\])")


@dataclass(slots=True)
class Para:
    """A paragraph on its way to becoming a Block."""

    lines: list[Ln]
    text: str
    kind: BlockKind = BlockKind.PARAGRAPH
    level: int = 0
    label: str | None = None
    extra: list[Ln] = field(default_factory=list)

    @property
    def span(self) -> Span:
        if len(self.lines) == 1 and not self.extra:
            return Span(self.lines[0].no, self.lines[0].no)
        nos = [ln.no for ln in self.lines]
        nos.extend(ln.no for ln in self.extra)
        return Span(min(nos), max(nos))


def short_heading(text: str, next_text: str) -> bool:
    if not next_text or len(text) > 100 or text[:1].islower() or text.endswith((",", ";")):
        return False
    return not ends_sentence(text) or text.endswith(":")


def heading_level(text: str) -> int:
    return 2 if NUMBERED_HEADING_RE.match(text) else 3


def to_blocks(paras: list[Para]) -> tuple[Block, ...]:
    return tuple(
        Block(p.kind, tidy_markers(p.text), p.span, p.level, p.label) for p in paras if p.text
    )


def tidy_markers(text: str) -> str:
    """``artikelen?[^1] [^2]`` -> ``artikelen?[^1][^2]``: markers on one spot stay together."""
    if "[" not in text or "[^" not in text:  # no marker, nothing to tidy (one character first)
        return text
    return _MARKERS_APART_RE.sub(r"\1", text)


# ----------------------------------------------------------------------------- labels


def split_labels(paras: list[Para]) -> list[Para]:
    """Letterhead labels (``Datum 14 november 2024``, ``**Onze referentie**`` + value on the
    next line) become LABEL paragraphs; the rest of each paragraph stays as it was."""
    out: list[Para] = []
    for para in paras:
        if para.kind is not BlockKind.PARAGRAPH or not any(
            match_label(md_inline(ln.text))
            for ln in para.lines
            if ln.text.lstrip()[:1] in _LABEL_FIRST
        ):
            out.append(para)
            continue
        out.extend(_label_pieces(para))
    return _attach_label_values(out)


# How a line that holds a label starts (after spaces): with a label's first letter, "**" or
# "__", or Markdown that md_inline takes away (each of its patterns starts with one of
# "<[*_\\"; without one at the start, md_inline keeps the line's first character).
_LABEL_FIRST = frozenset({label[0] for label in LABELS} | set("*_<[\\"))


def _label_pieces(para: Para) -> list[Para]:
    pieces: list[Para] = []
    rest: list[Ln] = []
    for line in para.lines:
        found = match_label(md_inline(line.text))
        current = pieces[-1] if pieces and not rest else None
        if found:
            if rest:
                pieces.append(Para(rest, " ".join(md_inline(r.text).strip() for r in rest)))
                rest = []
            pieces.append(Para([line], found[1], BlockKind.LABEL, label=found[0]))
        elif current is not None and current.kind is BlockKind.LABEL and _continues(current):
            current.lines.append(line)
            current.text = join_wrapped(current.text, md_inline(line.text), set(), set())
        else:
            rest.append(line)
    if rest:
        pieces.append(Para(rest, " ".join(md_inline(r.text).strip() for r in rest)))
    return pieces


def _continues(label: Para) -> bool:
    return not label.text or label.label in ("Betreft", "Retouradres")


def _attach_label_values(paras: list[Para]) -> list[Para]:
    """A label alone (``**Datum**``) takes its value from the next short paragraph."""
    out: list[Para] = []
    skip = False
    for k, para in enumerate(paras):
        if skip:
            skip = False
            continue
        nxt = paras[k + 1] if k + 1 < len(paras) else None
        if (
            para.kind is BlockKind.LABEL
            and not para.text
            and nxt is not None
            and nxt.kind is BlockKind.PARAGRAPH
            and len(nxt.text) <= 80
        ):
            para.text = nxt.text
            para.extra.extend(nxt.lines)
            skip = True
        out.append(para)
    return out


# ----------------------------------------------------------------------------- run-ons


def merge_run_ons(paras: list[Para], width: int) -> list[Para]:
    """A sentence that runs on across a page break, footnotes or a repeated page header:
    a paragraph without closing punctuation followed by one that starts in lower case."""
    out: list[Para] = []
    for para in paras:
        target = _open_paragraph(out)
        if (
            target is not None
            and para.kind is BlockKind.PARAGRAPH
            and para.text[:1].islower()
            and not ends_sentence(target.text)
        ):
            target.text = join_wrapped(target.text, para.text, set(), set())
            target.extra.extend(para.lines + para.extra)
            continue
        out.append(para)
    del width
    return out


def _open_paragraph(out: list[Para]) -> Para | None:
    for para in reversed(out):
        if para.kind is BlockKind.LABEL:
            continue
        return para if para.kind in (BlockKind.PARAGRAPH, BlockKind.ITEM) else None
    return None
