"""Reader for text letters. The flavour (PDF text, Word export, Markdown, plain) is
detected from the content, never from the file name; each flavour cleans its own noise
and all end in the same blocks."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..model import Span, Unplaced
from . import BlockKind, FootnoteDef, SourceDoc
from .decode import decode_text
from .lines import (
    Ln,
    ends_sentence,
    replace_glued_markers,
    replace_glued_markers_in,
    single_spaced,
    split_lines,
    take_running_furniture,
)
from .markup import (
    MD_RULE_RE,
    WORD_DEF_RE,
    WORD_NOISE_RE,
    WORD_REF_RE,
    clean_word_line,
    markdown_heading,
    md_inline,
    take_markdown_footnotes,
    take_word_footnotes,
)
from .paras import Para, heading_level, merge_run_ons, short_heading, split_labels, to_blocks
from .reflow import (
    LIST_START_RE,
    collapse_double_spacing,
    is_heading_line,
    join_across_page_breaks,
    join_lines,
    line_lengths,
    mark_page_starts,
    reflow,
    take_page_footnotes,
    typical_width,
    width_of,
)
from .words import Words, vocabulary


@dataclass
class _Flavoured:
    paras: list[Para]
    footnotes: list[FootnoteDef]
    furniture: list[Unplaced]
    width: int


def read_text(name: str, raw: bytes) -> SourceDoc:
    """Read a text letter of any flavour into a SourceDoc."""
    text, notes = decode_text(raw, name)
    parts = text.split("\n")
    lines = split_lines(text, parts)
    lengths = line_lengths(lines)
    flavour = detect_flavour(lines, lengths)
    result = FLAVOURS[flavour](lines, width_of(lengths))
    paras = merge_run_ons(result.paras, result.width)
    blocks = to_blocks(paras)
    return SourceDoc(
        name=name,
        format="text",
        flavour=flavour,
        lines=tuple(parts),
        blocks=blocks,
        footnotes=tuple(sorted(result.footnotes, key=lambda d: (d.span.start, d.number))),
        furniture=tuple(result.furniture),
        notes=tuple(notes),
    )


# Markdown signs, each with a literal every match of it holds (no literal, no search).
_MARKDOWN_SIGNS = tuple(
    (literal, re.compile(pattern, re.MULTILINE))
    for literal, pattern in (
        ("<sup>", r"<sup>\d+</sup>"),
        ("# ", r"^#{1,6} "),
        ("**", r"^\*\*[^*\n]+\*\*\s*$"),
        ("<http", r"<https?://"),
        ("](", r"\]\("),
    )
)


def detect_flavour(lines: list[Ln], lengths: list[int] | None = None) -> str:
    """The flavour of a text letter; ``lengths``: line_lengths(lines), when known."""
    text = "\n".join([line.text for line in lines])
    if "[" in text and (WORD_REF_RE.search(text) or WORD_NOISE_RE.search(text) or _word_defs(text)):
        return "word-export"  # (each of the three holds a "[")
    markdown = sum(
        len(pattern.findall(text)) for literal, pattern in _MARKDOWN_SIGNS if _holds(text, literal)
    )
    if markdown >= 3:
        return "markdown"
    lengths = line_lengths(lines) if lengths is None else lengths  # non-blank lines, sorted
    width = width_of(lengths)
    if len(lengths) < 8 or width > 120:
        return "plain"
    full = len(lengths) - bisect.bisect_left(lengths, 0.6 * width)  # n >= 0.6 * width
    if full * 2 >= len(lengths) or _continuations(lines) >= max(3, 0.15 * len(lengths)):
        return "pdf-text"  # wrapped: most lines full, or many sentences run on
    return "plain"


def _holds(text: str, literal: str) -> bool:
    """``literal in text``; its first character looked for first, which is many times faster
    (one character is found as bytes are) and rules most literals out."""
    return literal[0] in text and literal in text


def _continuations(lines: list[Ln]) -> int:
    """Lines whose sentence runs on to the next line, which starts in lower case: text
    wrapped at a page width (one-paragraph-per-line text has next to none)."""
    return sum(
        1
        for line, nxt in itertools.pairwise(lines)
        if nxt.text.lstrip()[:1].islower() and not line.blank and not ends_sentence(line.text)
    )


def _word_defs(text: str) -> bool:
    return len(WORD_DEF_RE.findall(text)) >= 2 and "]" in text


# ----------------------------------------------------------------------------- flavours


# Each flavour reads the lines as split, of this typical width.


def _read_word(lines: list[Ln], width: int) -> _Flavoured:
    lines, defs = take_word_footnotes(lines)
    known = {d.number for d in defs}
    cleaned = []
    for line in lines:
        text = replace_glued_markers(clean_word_line(line.text), known)[0].strip()
        cleaned.append(line if text == line.text else line.with_text(text))
    del width  # the lines' width after cleaning counts
    return _Flavoured(_one_per_line(cleaned), defs, [], typical_width(cleaned))


def _read_plain(lines: list[Ln], width: int) -> _Flavoured:
    stripped = [line.with_text(line.text.strip()) for line in lines]
    return _Flavoured(_one_per_line(stripped), [], [], width)  # the width of stripped lines


def _one_per_line(lines: list[Ln]) -> list[Para]:
    paras = [Para([ln], single_spaced(ln.text)) for ln in lines if not ln.blank]
    paras = split_labels(paras)
    for k, para in enumerate(paras):
        nxt = paras[k + 1].text if k + 1 < len(paras) else ""
        if para.kind is BlockKind.PARAGRAPH and short_heading(para.text, nxt):
            para.kind, para.level = BlockKind.HEADING, heading_level(para.text)
    return paras


_QUOTE_RE = re.compile(r"^\s*>\s?")


def _read_markdown(lines: list[Ln], width: int) -> _Flavoured:
    lines, defs = take_markdown_footnotes(lines)
    furniture: list[Unplaced] = []
    kept: list[Ln] = []
    for line in lines:
        if MD_RULE_RE.match(line.text):
            furniture.append(Unplaced(line.text.strip(), Span(line.no, line.no), "page rule"))
            kept.append(line.with_text(""))
        elif ">" in line.text:
            kept.append(line.with_text(_QUOTE_RE.sub("", line.text)))
        else:
            kept.append(line)
    words, compounds = vocabulary(kept)
    paras: list[Para] = []
    for group in _blank_separated(kept):
        paras.extend(_markdown_group(group, words, compounds))
    del width  # the lines' width without rules and quote marks counts
    return _Flavoured(split_labels(paras), defs, furniture, typical_width(kept))


def _markdown_group(group: list[Ln], words: Words, compounds: Words) -> list[Para]:
    out: list[Para] = []
    cur: list[Ln] = []
    for line in group:
        heading = markdown_heading(line.text)
        if heading or LIST_START_RE.match(line.text):
            if cur:
                out.append(Para(cur, md_inline(join_lines(cur, words, compounds))))
            cur = []
            if heading:
                out.append(Para([line], heading[1], BlockKind.HEADING, heading[0]))
                continue
        cur.append(line)
    if cur:
        out.append(Para(cur, md_inline(join_lines(cur, words, compounds))))
    for para in out:
        if para.kind is BlockKind.PARAGRAPH and LIST_START_RE.match(para.text):
            para.kind = BlockKind.ITEM
    return out


def _blank_separated(lines: list[Ln]) -> list[list[Ln]]:
    groups: list[list[Ln]] = [[]]
    for line in lines:
        if line.blank:
            groups.append([])
        else:
            groups[-1].append(line)
    return [g for g in groups if g]


def _read_pdf_text(lines: list[Ln], width: int) -> _Flavoured:
    lines = mark_page_starts(collapse_double_spacing(lines, width))
    lines, furniture = take_running_furniture(lines)
    lines, defs = take_page_footnotes(lines)
    known = {d.number for d in defs}  # a footnote cited again later ("zie noot 4": "…ering4")
    lines = replace_glued_markers_in(lines, known)
    lines = join_across_page_breaks(lines)
    words, compounds = vocabulary(lines)
    width = typical_width(lines)
    paras = [Para(group, join_lines(group, words, compounds)) for group in reflow(lines, width)]
    paras = split_labels(paras)
    for k, para in enumerate(paras):
        nxt = paras[k + 1].text if k + 1 < len(paras) else ""
        if para.kind is not BlockKind.PARAGRAPH:
            continue
        last = para.lines[-1].text.strip()
        if (len(para.lines) <= 2 and is_heading_line(para.text, nxt, width, last)) or (
            len(para.lines) == 1 and short_heading(para.text, nxt) and nxt[:1].isupper()
        ):
            para.kind, para.level = BlockKind.HEADING, heading_level(para.text)
        elif LIST_START_RE.match(para.text):
            para.kind = BlockKind.ITEM
    return _Flavoured(paras, defs, furniture, width)


FLAVOURS: dict[str, Callable[[list[Ln], int], _Flavoured]] = {
    "word-export": _read_word,
    "markdown": _read_markdown,
    "pdf-text": _read_pdf_text,
    "plain": _read_plain,
}
