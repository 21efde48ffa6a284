"""Text extracted from PDF: lines wrapped at a page width, words hyphenated at line ends,
footnotes printed at page bottoms, pages marked by form feeds (or a leading space, as
pdftotext prints a page's first line). This module rebuilds running paragraphs."""

from __future__ import annotations

import re
from collections.abc import Container

from ..model import Span
from . import FootnoteDef
from .lines import (
    GLUED_START_RE,
    Ln,
    ends_sentence,
    replace_glued_markers,
    single_spaced,
)

LIST_START_RE = re.compile(
    r"^\s*(?:\d{1,2}[.)]\s|[IVX]{1,4}[.)]+:?\s|[a-z]\)\s|[-•●▪]\s|§\s?\d+\.\s)"
)
FOOTNOTE_LINE_RE = re.compile(r"^\s*(\d{1,3})\s+(\S.*)$")
_NON_WORD_RE = re.compile(r"\W")
_TAIL_RE = re.compile(r"[\w’']+")  # the word after a line-end hyphen
_LOWER_WORD_RE = re.compile(r"[a-zà-ÿ]+")
_LINE_END_HYPHEN_RE = re.compile(r"-[^\S\n]*\n")  # in lines joined by newlines

# Words that open a Dutch sentence: after a short line without punctuation they show that
# the short line was a heading ("Appreciatie" / "Het kabinet is ...").
STARTERS = frozenset(
    """de het een in op om volgens dit deze zo ook er wij we ik naast met voor uit als
    daarnaast daarom bij tot na aan sinds omdat wanneer hoewel zij hij u uw dat die wat
    welke hoe waarom verder tevens tenslotte ten vanuit door onder over mede graag
    allereerst vervolgens tegelijkertijd momenteel inmiddels ondanks""".split()  # noqa: SIM905
)
CONJUNCTIONS = frozenset({"en", "of", "tot", "dan", "noch"})
NAME_PARTICLES = frozenset({"van", "de", "der", "den", "ten", "ter", "te", "vd"})
HYPHEN_PREFIXES = frozenset(
    {"niet", "ex", "oud", "anti", "vice", "non", "pro", "co", "semi", "pseudo", "oost", "west"}
)
ADJECTIVE_ENDINGS = ("eel", "ele", "isch", "ische", "aal", "ale", "ief", "ieve", "air", "aire")
# Coordinated adjectives keep their hyphen ("cultureel-maatschappelijke", "sociaal-economisch");
# both halves then end like adjectives. A compound noun split at its seam ("taal-/beheersing")
# does not, and is joined.
ADJECTIVE_TAILS = (*ADJECTIVE_ENDINGS, "lijk", "lijke", "ig", "ige", "baar", "bare", "loos", "loze")


def typical_width(lines: list[Ln]) -> int:
    return width_of(line_lengths(lines))


def line_lengths(lines: list[Ln]) -> list[int]:
    """The lengths of the non-blank lines (stripped), sorted."""
    return sorted(filter(None, map(len, map(str.strip, [line.text for line in lines]))))


def width_of(lengths: list[int]) -> int:
    """The typical width of lines with these lengths (sorted, none 0)."""
    if not lengths:
        return 80
    return max(20, lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0])


def collapse_double_spacing(lines: list[Ln], width: int) -> list[Ln]:
    """Some extractions put an empty line after every line; then only a further empty line
    (or one holding spaces) marks a paragraph break. When most lines of wrapped text are
    followed by an empty line, one empty line after each line is dropped."""
    texts = [k for k, ln in enumerate(lines[:-1]) if ln.text != ""]
    followed = [k for k in texts if lines[k + 1].text == ""]
    if len(texts) < 8 or len(followed) < 0.7 * len(texts):
        return lines
    long = sum(1 for k in texts if len(lines[k].text.strip()) >= 0.6 * width)
    if long * 2 < len(texts):
        return lines
    drop = {k + 1 for k in followed}
    return [ln for k, ln in enumerate(lines) if k not in drop]


def mark_page_starts(lines: list[Ln]) -> list[Ln]:
    """pdftotext starts each page's first line with a space: treat that as a page start."""
    out = list(lines)
    # Only a line with a space at either end changes (an indented one starts with a space).
    for k in [k for k, ln in enumerate(lines) if ln.text[:1].isspace() or ln.text[-1:].isspace()]:
        line = lines[k]
        indented = line.text.startswith(" ") and not line.text.startswith("  ")
        starts = line.page_start or (indented and not line.blank and k > 0)
        out[k] = Ln(line.no, line.text.strip(), starts)
    return out


def join_across_page_breaks(lines: list[Ln]) -> list[Ln]:
    """Blank lines left where a page bottom was (footnotes, running footer) are not
    paragraph breaks: whether the text runs on is decided at the page start itself."""
    out: list[Ln] = []
    for line in lines:
        if line.page_start and not line.blank:
            while out and out[-1].blank:
                out.pop()
        out.append(line)
    return out


# ----------------------------------------------------------------------------- footnotes


def take_page_footnotes(lines: list[Ln]) -> tuple[list[Ln], list[FootnoteDef]]:
    """Footnote blocks printed at page bottoms ("1 Kamerstukken II 2023/24, …") become
    definitions; the glued number in the text before them becomes a ``[^N]`` marker."""
    lines = list(lines)
    defs: list[FootnoteDef] = []
    taken: list[tuple[int, int]] = []  # the regions' line ranges, taken out at the end
    expected, last_region_end = 1, 0
    for i in [k for k, line in enumerate(lines) if FOOTNOTE_LINE_RE.match(line.text)]:
        m = FOOTNOTE_LINE_RE.match(lines[i].text)
        # the next footnote number; a few may be skipped when an earlier note was not found
        if i < last_region_end or not m or not expected <= int(m.group(1)) <= expected + 20:
            continue
        region = _footnote_region(lines, i, int(m.group(1)))
        if not region or not _mark_before(lines, last_region_end, i, region):
            continue
        for number, first, last, text in region:
            defs.append(FootnoteDef(number, text, Span(lines[first].no, lines[last].no)))
        last_region_end = region[-1][2] + 1
        taken.append((i, last_region_end))
        expected = region[-1][0] + 1
    kept: list[Ln] = []
    pos = 0
    for start, end in taken:
        kept.extend(lines[pos:start])
        pos = end
    kept.extend(lines[pos:])
    return kept, defs


def _footnote_region(lines: list[Ln], i: int, expected: int) -> list[tuple[int, int, int, str]]:
    """(number, first index, last index, text) of consecutive footnotes from line i."""
    region: list[tuple[int, int, int, str]] = []
    j = i
    while j < len(lines) and not lines[j].blank and (j == i or not lines[j].page_start):
        m = FOOTNOTE_LINE_RE.match(lines[j].text)
        if m and int(m.group(1)) == expected + len(region):
            region.append((int(m.group(1)), j, j, m.group(2)))
        elif region:
            number, first, _, text = region[-1]
            region[-1] = (number, first, j, _join_footnote_line(text, lines[j].text))
        j += 1
    if j - i > 24:
        return []
    return [(n, a, b, " ".join(t.split())) for n, a, b, t in region]


def _join_footnote_line(text: str, line: str) -> str:
    line = line.strip()
    if line and text.rstrip().endswith(line):  # PDF link text printed twice
        return text
    return join_wrapped(text, line, set(), set())


def _mark_before(
    lines: list[Ln], lo: int, hi: int, region: list[tuple[int, int, int, str]]
) -> bool:
    """Turn each footnote's glued marker before the region into [^N]; all must be found,
    else nothing is changed (the region then stays text)."""
    numbers = {n for n, *_ in region}
    found: set[int] = set()
    changed: dict[int, Ln] = {}
    for k in range(hi - 1, lo - 1, -1):  # from the region up, until all are found
        if not GLUED_START_RE.search(lines[k].text):
            continue  # no marker can start on this line
        text, got = replace_glued_markers(lines[k].text, numbers - found)
        if got:
            changed[k] = lines[k].with_text(text)
            found.update(got)
            if found == numbers:
                break
    if not found or found != numbers:
        return False
    for k, line in changed.items():
        lines[k] = line
    return True


# ----------------------------------------------------------------------------- hyphenation


def join_wrapped(left: str, right: str, words: Container[str], compounds: Container[str]) -> str:
    """Join two wrapped lines, deciding whether a line-end hyphen is a break or a real hyphen."""
    left, right = left.rstrip(), right.strip()
    if not left.endswith("-") or len(left) < 2 or not (left[-2].isalnum() or left[-2] == "%"):
        return f"{left} {right}" if left else right
    head = _word_at_end(left[:-1])
    tail_m = _TAIL_RE.match(right)
    tail = tail_m.group(0) if tail_m else ""
    if _keeps_hyphen(head, tail, right, words, compounds):
        if tail.lower() in CONJUNCTIONS and right[len(tail) : len(tail) + 1] in (" ", ""):
            return f"{left} {right}"  # "kennis- en technologieoverdracht"
        return left + right
    return left[:-1] + right


def _word_at_end(text: str) -> str:
    """``re.search(r"[\\w%]+$", text)``'s match ("" for none), without trying the pattern
    at every position of a long text: the run of word characters and ``%`` at its end."""
    if "\n" in text:  # ``$`` also matches before a final newline
        found = re.search(r"[\w%]+$", text)
        return found.group(0) if found else ""
    start = len(text)
    while start and (text[start - 1].isalnum() or text[start - 1] in "_%"):
        start -= 1
    return text[start:]


def _keeps_hyphen(
    head: str, tail: str, right: str, words: Container[str], compounds: Container[str]
) -> bool:
    low_h, low_t = head.lower(), tail.lower()
    if not tail:
        return True
    if f"{low_h}-{low_t}" in compounds:
        return True
    if f"{low_h}{low_t}" in words:
        return False
    if low_t in CONJUNCTIONS and right[len(tail) : len(tail) + 1] in (" ", ""):
        return True  # "kennis- en technologieoverdracht"
    if low_t in NAME_PARTICLES or (tail[0].isupper() and not head.isupper()):
        return True  # "Faber-van de Klashorst", "Noord-Holland"
    if head[-1].isdigit() or head[-1] == "%" or (head.isupper() and len(head) <= 5):
        return not (head.isupper() and tail.isupper())  # "30%-regeling", "EU-landen"
    if low_h in HYPHEN_PREFIXES:
        return True
    return low_h.endswith(ADJECTIVE_ENDINGS) and _adjective_tail(right)


def _adjective_tail(right: str) -> bool:
    m = _LOWER_WORD_RE.match(right)
    word = m.group(0) if m else ""
    return len(word) > 3 and word.endswith(ADJECTIVE_TAILS)


# ----------------------------------------------------------------------------- paragraphs


def reflow(lines: list[Ln], width: int) -> list[list[Ln]]:
    """Group wrapped lines (of this typical_width) into paragraphs (each a list of its lines)."""
    paras: list[list[Ln]] = []
    cur: list[Ln] = []
    for line in lines:
        if line.blank:
            if cur:
                paras.append(cur)
            cur = []
            continue
        if cur and _breaks_before(cur, line, width):
            paras.append(cur)
            cur = []
        cur.append(line)
    if cur:
        paras.append(cur)
    return paras


def _breaks_before(cur: list[Ln], line: Ln, width: int) -> bool:
    prev = cur[-1].text.strip()
    text = line.text.strip()
    if LIST_START_RE.match(text) and (ends_sentence(prev) or prev.endswith(",")):
        return True
    if len(cur) <= 2 and _heading_lines(cur, text, width):
        return True
    if not ends_sentence(prev):
        return False
    # After a sentence end, a short line without closing mark is a heading ("Vraag 2"):
    # mid-paragraph lines are full, so a short one never continues the paragraph.
    return _room_for(prev, text, width) or (len(text) <= 0.5 * width and not ends_sentence(text))


def _room_for(prev: str, text: str, width: int) -> bool:
    """The line was not full: the next line's first word would have fitted on it, so the
    line ended because the paragraph did."""
    first = _first_word(text)
    return len(prev) + 1 + len(first) <= width


def _heading_lines(cur: list[Ln], next_text: str, width: int) -> bool:
    """One line, or two when a long heading wraps (the first line then has no closing mark)."""
    if len(cur) == 1:
        return is_heading_line(cur[0].text, next_text, width)
    first = cur[0].text.strip()
    if first.endswith(("-", ",", ";")) or ends_sentence(first):
        return False
    joined = f"{first} {cur[1].text.strip()}"
    return not _more_words(joined, 12) and is_heading_line(joined, next_text, width, cur[1].text)


def is_heading_line(text: str, next_text: str, width: int, last: str | None = None) -> bool:
    """A line without closing punctuation, followed by a sentence that starts anew: the next
    line opens with a sentence-opening word ("Het kabinet …"), or the (last) line ended
    early, with room left for the next word."""
    text = text.strip()
    if not text or not (next_text[:1].isupper() or next_text[:1].isdigit()):
        return False
    if text.endswith((",", ";", "-", "–")) or (ends_sentence(text) and not text.endswith(":")):
        return False
    if text[:1].islower() or _more_words(text, 14):
        return False
    first = _NON_WORD_RE.sub("", _first_word(next_text)).lower()
    return first in STARTERS or _room_for(last or text, next_text, width)


def _first_word(text: str) -> str:
    """``text.split()[0]``, "" for none (without splitting a whole paragraph)."""
    words = text.split(None, 1)
    return words[0] if words else ""


def _more_words(text: str, n: int) -> bool:
    """``len(text.split()) > n`` (without splitting a whole paragraph)."""
    return len(text.split(None, n)) > n


def join_lines(lines: list[Ln], words: Container[str], compounds: Container[str]) -> str:
    joined = "\n".join([line.text for line in lines])
    if "-" not in joined or not _LINE_END_HYPHEN_RE.search(joined):
        return single_spaced(joined.replace("\n", " "))  # no line-end hyphen to decide
    text = ""
    for line in lines:
        text = join_wrapped(text, line.text, words, compounds) if text else line.text.strip()
    return single_spaced(text)
