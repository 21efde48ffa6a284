"""Format noise of Word exports and Markdown conversions, turned into clean lines.

Word exports (text saved from .docx by converters): ``[footnoteRef:3]`` markers,
``[3: text]`` definitions (inline, possibly over several lines), ``[bookmark: _Hlk…]``.
Markdown conversions: ``<sup>5</sup>`` markers and ``<sup>5</sup> text`` footnote lines,
``**Datum**`` labels, ``####`` headings, ``*italic*`` headings, ``<https://…>`` links.
"""

from __future__ import annotations

import bisect
import itertools
import re

from ..model import Span
from . import FootnoteDef
from .lines import Ln

# ----------------------------------------------------------------------------- Word export

WORD_REF_RE = re.compile(r"\[footnoteRef:\s*(\d+)\]")
WORD_DEF_RE = re.compile(r"\[(\d+):\s")
WORD_NOISE_RE = re.compile(r"\[(?:bookmark|commentRef|annotationRef):[^\]\n]*\]")
_BRACKET_RE = re.compile(r"[\[\]]")


def take_word_footnotes(lines: list[Ln]) -> tuple[list[Ln], list[FootnoteDef]]:
    """Cut ``[N: text]`` definitions out of the lines (line numbering is kept)."""
    joined = "\n".join([line.text for line in lines])
    starts = list(itertools.accumulate((len(line.text) + 1 for line in lines[:-1]), initial=0))
    defs: list[FootnoteDef] = []
    pieces: list[str] = []
    pos = 0
    for m in WORD_DEF_RE.finditer(joined):
        if m.start() < pos:
            continue
        end = _closing_bracket(joined, m.end())
        if end is None:
            continue
        body = " ".join(joined[m.end() : end].split())
        first, last = _line_index(starts, m.start()), _line_index(starts, end)
        defs.append(FootnoteDef(int(m.group(1)), body, Span(lines[first].no, lines[last].no)))
        pieces.append(joined[pos : m.start()])
        pieces.append("\n" * joined.count("\n", m.start(), end + 1))
        pos = end + 1
    pieces.append(joined[pos:])
    texts = "".join(pieces).split("\n")
    kept = [
        line if line.text == text else line.with_text(text)
        for line, text in zip(lines, texts, strict=True)
    ]
    return kept, defs


def _closing_bracket(text: str, start: int) -> int | None:
    depth = 0
    for m in _BRACKET_RE.finditer(text, start):
        if m.group() == "[":
            depth += 1
        elif depth == 0:
            return m.start()
        else:
            depth -= 1
    return None


def _line_index(starts: list[int], offset: int) -> int:
    """The line (index) an offset in the joined lines falls in (``starts``: their offsets)."""
    return bisect.bisect_right(starts, offset) - 1


def clean_word_line(text: str) -> str:
    if "[" not in text:  # all Word noise is bracketed
        return text
    text = WORD_NOISE_RE.sub("", text)
    return WORD_REF_RE.sub(lambda m: f"[^{m.group(1)}]", text)


# ----------------------------------------------------------------------------- Markdown

MD_FOOTNOTE_RE = re.compile(r"^\s*(?:<sup>\s*(\d+)\s*</sup>|\[\^(\d+)\]:)\s*(.*)$")
MD_HEADING_RE = re.compile(r"^\s*(#{1,6})\s+(.*?)\s*#*\s*$")
MD_RULE_RE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
MD_EMPHASIS_LINE_RE = re.compile(r"^\s*([*_]{1,3})(?=\S)(.+?)(?<=\S)\1\s*$")
_LINK_RE = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(([^)\s]*)\)")
_AUTOLINK_RE = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_SUP_RE = re.compile(r"<sup>\s*(\d+)\s*</sup>")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_RE = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)


def take_markdown_footnotes(lines: list[Ln]) -> tuple[list[Ln], list[FootnoteDef]]:
    """Lines ``<sup>N</sup> text`` (or ``[^N]: text``) with their continuation lines."""
    kept: list[Ln] = []
    defs: list[FootnoteDef] = []
    current: tuple[int, list[str], int, int] | None = None
    for line in lines:
        m = MD_FOOTNOTE_RE.match(line.text)
        if m and m.group(3).strip():
            _flush_md(current, defs)
            current = (int(m.group(1) or m.group(2)), [m.group(3)], line.no, line.no)
            continue
        if current is not None and not line.blank and not line.page_start:
            number, texts, first, _ = current
            current = (number, [*texts, line.text], first, line.no)
            continue
        _flush_md(current, defs)
        current = None
        kept.append(line)
    _flush_md(current, defs)
    return kept, defs


def _flush_md(current: tuple[int, list[str], int, int] | None, defs: list[FootnoteDef]) -> None:
    if current is not None:
        number, texts, first, last = current
        text = md_inline(" ".join(" ".join(texts).split()))
        defs.append(FootnoteDef(number, text, Span(first, last)))


def md_inline(text: str) -> str:
    """Markdown inline syntax -> plain running text (footnote markers as ``[^N]``)."""
    # Each step only where its syntax can be (checked on the text as it is by then).
    if "<" in text:
        text = _SUP_RE.sub(lambda m: f"[^{m.group(1)}]", text)
    if "[" in text:
        text = _LINK_RE.sub(_link_text, text)
    if "<" in text:
        text = _AUTOLINK_RE.sub(_first_group, text)
        text = _BR_RE.sub(" ", text)
    if "*" in text or "_" in text:
        text = _STRONG_RE.sub(_second_group, text)
    if "*" in text:
        text = _EM_RE.sub(_first_group, text)
    return _ESCAPE_RE.sub(_first_group, text) if "\\" in text else text


def _first_group(m: re.Match[str]) -> str:
    return m.group(1)  # as the template r"\1", without expanding a template for each match


def _second_group(m: re.Match[str]) -> str:
    return m.group(2)


def _link_text(m: re.Match[str]) -> str:
    label = _ESCAPE_RE.sub(r"\1", m.group(1)).strip()
    url = m.group(2)
    if url in ("", "#") or url.startswith("#"):
        return label
    if label == url or label.startswith(("http://", "https://")) or not label:
        return url
    return f"{label} ({url})"


def markdown_heading(text: str) -> tuple[int, str] | None:
    """``#### *Title*`` -> (4, "Title"); a line that is entirely italic -> (5, text)."""
    m = MD_HEADING_RE.match(text)
    if m:
        return len(m.group(1)), md_inline(m.group(2)).strip(" *_")
    m = MD_EMPHASIS_LINE_RE.match(text)
    if m and len(m.group(1)) == 1 and len(text) <= 160 and not text.rstrip(" *_").endswith("."):
        return 5, md_inline(m.group(2)).strip()
    return None
