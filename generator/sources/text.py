"""Reader for text letters. The flavour (PDF text, Word export, Markdown, plain) is
detected from the content, never from the file name; each flavour cleans its own noise
and all end in the same blocks."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Span, Unplaced
from . import Block, BlockKind, FootnoteDef, SourceDoc
from .decode import decode_text
from .lines import (
    Ln,
    ends_sentence,
    match_label,
    replace_glued_markers,
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
from .reflow import (
    LIST_START_RE,
    collapse_double_spacing,
    is_heading_line,
    join_across_page_breaks,
    join_lines,
    join_wrapped,
    mark_page_starts,
    reflow,
    take_page_footnotes,
    typical_width,
    vocabulary,
)

NUMBERED_HEADING_RE = re.compile(r"^(?:§\s?\d+\.?|\d{1,2}\.)\s")


@dataclass
class _Para:
    """A paragraph on its way to becoming a Block."""

    lines: list[Ln]
    text: str
    kind: BlockKind = BlockKind.PARAGRAPH
    level: int = 0
    label: str | None = None
    extra: list[Ln] = field(default_factory=list)

    @property
    def span(self) -> Span:
        nos = [ln.no for ln in self.lines + self.extra]
        return Span(min(nos), max(nos))


@dataclass
class _Flavoured:
    paras: list[_Para]
    footnotes: list[FootnoteDef]
    furniture: list[Unplaced]
    width: int


def read_text(name: str, raw: bytes) -> SourceDoc:
    """Read a text letter of any flavour into a SourceDoc."""
    text, notes = decode_text(raw, name)
    lines = split_lines(text)
    flavour = detect_flavour(lines)
    result = FLAVOURS[flavour](lines)
    paras = _merge_run_ons(result.paras, result.width)
    blocks = tuple(
        Block(p.kind, _tidy_markers(p.text), p.span, p.level, p.label) for p in paras if p.text
    )
    return SourceDoc(
        name=name,
        format="text",
        flavour=flavour,
        lines=tuple(text.split("\n")),
        blocks=blocks,
        footnotes=tuple(sorted(result.footnotes, key=lambda d: (d.span.start, d.number))),
        furniture=tuple(result.furniture),
        notes=tuple(notes),
    )


def _tidy_markers(text: str) -> str:
    """``artikelen?[^1] [^2]`` -> ``artikelen?[^1][^2]``: markers on one spot stay together."""
    return re.sub(r"(\[\^\d+\])\s+(?=\[\^\d+\])", r"\1", text)


def detect_flavour(lines: list[Ln]) -> str:
    text = "\n".join(line.text for line in lines)
    if WORD_REF_RE.search(text) or WORD_NOISE_RE.search(text) or _word_defs(text):
        return "word-export"
    markdown = sum(
        len(re.findall(p, text, re.MULTILINE))
        for p in (r"<sup>\d+</sup>", r"^#{1,6} ", r"^\*\*[^*\n]+\*\*\s*$", r"<https?://", r"\]\(")
    )
    if markdown >= 3:
        return "markdown"
    nonblank = [len(ln.text.strip()) for ln in lines if not ln.blank]
    width = typical_width(lines)
    full = sum(1 for n in nonblank if n >= 0.6 * width)
    if len(nonblank) >= 8 and width <= 120 and full * 2 >= len(nonblank):
        return "pdf-text"
    return "plain"


def _word_defs(text: str) -> bool:
    return len(WORD_DEF_RE.findall(text)) >= 2 and "]" in text


# ----------------------------------------------------------------------------- flavours


def _read_word(lines: list[Ln]) -> _Flavoured:
    lines, defs = take_word_footnotes(lines)
    known = {d.number for d in defs}
    cleaned = []
    for line in lines:
        text = replace_glued_markers(clean_word_line(line.text), known)[0]
        cleaned.append(line.with_text(text.strip()))
    return _Flavoured(_one_per_line(cleaned), defs, [], typical_width(cleaned))


def _read_plain(lines: list[Ln]) -> _Flavoured:
    stripped = [line.with_text(line.text.strip()) for line in lines]
    return _Flavoured(_one_per_line(stripped), [], [], typical_width(stripped))


def _one_per_line(lines: list[Ln]) -> list[_Para]:
    paras = [_Para([ln], " ".join(ln.text.split())) for ln in lines if not ln.blank]
    paras = _split_labels(paras)
    for k, para in enumerate(paras):
        nxt = paras[k + 1].text if k + 1 < len(paras) else ""
        if para.kind is BlockKind.PARAGRAPH and _short_heading(para.text, nxt):
            para.kind, para.level = BlockKind.HEADING, _level(para.text)
    return paras


def _short_heading(text: str, next_text: str) -> bool:
    if not next_text or len(text) > 100 or text[:1].islower() or text.endswith((",", ";")):
        return False
    return not ends_sentence(text) or text.endswith(":")


def _read_markdown(lines: list[Ln]) -> _Flavoured:
    lines, defs = take_markdown_footnotes(lines)
    furniture: list[Unplaced] = []
    kept: list[Ln] = []
    for line in lines:
        if MD_RULE_RE.match(line.text):
            furniture.append(Unplaced(line.text.strip(), Span(line.no, line.no), "page rule"))
            kept.append(line.with_text(""))
        else:
            kept.append(line.with_text(re.sub(r"^\s*>\s?", "", line.text)))
    words, compounds = vocabulary(kept)
    paras: list[_Para] = []
    for group in _blank_separated(kept):
        paras.extend(_markdown_group(group, words, compounds))
    return _Flavoured(_split_labels(paras), defs, furniture, typical_width(kept))


def _markdown_group(group: list[Ln], words: set[str], compounds: set[str]) -> list[_Para]:
    out: list[_Para] = []
    cur: list[Ln] = []
    for line in group:
        heading = markdown_heading(line.text)
        if heading or LIST_START_RE.match(line.text):
            if cur:
                out.append(_Para(cur, md_inline(join_lines(cur, words, compounds))))
            cur = []
            if heading:
                out.append(_Para([line], heading[1], BlockKind.HEADING, heading[0]))
                continue
        cur.append(line)
    if cur:
        out.append(_Para(cur, md_inline(join_lines(cur, words, compounds))))
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


def _read_pdf_text(lines: list[Ln]) -> _Flavoured:
    width = typical_width(lines)
    lines = mark_page_starts(collapse_double_spacing(lines, width))
    lines, furniture = take_running_furniture(lines)
    lines, defs = take_page_footnotes(lines)
    known = {d.number for d in defs}  # a footnote cited again later ("zie noot 4": "…ering4")
    lines = [ln.with_text(replace_glued_markers(ln.text, known)[0]) for ln in lines]
    lines = join_across_page_breaks(lines)
    words, compounds = vocabulary(lines)
    width = typical_width(lines)
    paras = [_Para(group, join_lines(group, words, compounds)) for group in reflow(lines)]
    paras = _split_labels(paras)
    for k, para in enumerate(paras):
        nxt = paras[k + 1].text if k + 1 < len(paras) else ""
        if para.kind is not BlockKind.PARAGRAPH:
            continue
        last = para.lines[-1].text.strip()
        if (len(para.lines) <= 2 and is_heading_line(para.text, nxt, width, last)) or (
            len(para.lines) == 1 and _short_heading(para.text, nxt) and nxt[:1].isupper()
        ):
            para.kind, para.level = BlockKind.HEADING, _level(para.text)
        elif LIST_START_RE.match(para.text):
            para.kind = BlockKind.ITEM
    return _Flavoured(paras, defs, furniture, width)


def _level(text: str) -> int:
    return 2 if NUMBERED_HEADING_RE.match(text) else 3


FLAVOURS: dict[str, Callable[[list[Ln]], _Flavoured]] = {
    "word-export": _read_word,
    "markdown": _read_markdown,
    "pdf-text": _read_pdf_text,
    "plain": _read_plain,
}


# ----------------------------------------------------------------------------- labels


def _split_labels(paras: list[_Para]) -> list[_Para]:
    """Letterhead labels (``Datum 14 november 2024``, ``**Onze referentie**`` + value on the
    next line) become LABEL paragraphs; the rest of each paragraph stays as it was."""
    out: list[_Para] = []
    for para in paras:
        if para.kind is not BlockKind.PARAGRAPH or not any(
            match_label(md_inline(ln.text)) for ln in para.lines
        ):
            out.append(para)
            continue
        out.extend(_label_pieces(para))
    return _attach_label_values(out)


def _label_pieces(para: _Para) -> list[_Para]:
    pieces: list[_Para] = []
    rest: list[Ln] = []
    for line in para.lines:
        found = match_label(md_inline(line.text))
        current = pieces[-1] if pieces and not rest else None
        if found:
            if rest:
                pieces.append(_Para(rest, " ".join(md_inline(r.text).strip() for r in rest)))
                rest = []
            pieces.append(_Para([line], found[1], BlockKind.LABEL, label=found[0]))
        elif current is not None and current.kind is BlockKind.LABEL and _continues(current):
            current.lines.append(line)
            current.text = join_wrapped(current.text, md_inline(line.text), set(), set())
        else:
            rest.append(line)
    if rest:
        pieces.append(_Para(rest, " ".join(md_inline(r.text).strip() for r in rest)))
    return pieces


def _continues(label: _Para) -> bool:
    return not label.text or label.label in ("Betreft", "Retouradres")


def _attach_label_values(paras: list[_Para]) -> list[_Para]:
    """A label alone (``**Datum**``) takes its value from the next short paragraph."""
    out: list[_Para] = []
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


def _merge_run_ons(paras: list[_Para], width: int) -> list[_Para]:
    """A sentence that runs on across a page break, footnotes or a repeated page header:
    a paragraph without closing punctuation followed by one that starts in lower case."""
    out: list[_Para] = []
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


def _open_paragraph(out: list[_Para]) -> _Para | None:
    for para in reversed(out):
        if para.kind is BlockKind.LABEL:
            continue
        return para if para.kind in (BlockKind.PARAGRAPH, BlockKind.ITEM) else None
    return None
