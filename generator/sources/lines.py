"""Line-level helpers shared by the text flavours: numbered lines, letterhead labels,
page furniture and footnote markers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Span, Unplaced


@dataclass(slots=True, init=False)
class Ln:
    """One source line: its 1-based number, its (cleaned) text, and whether a page starts.

    Treated as immutable (``with_text`` makes a changed copy). Not frozen, and ``blank``
    worked out once: a letter has thousands of lines, each made and tested many times."""

    no: int
    text: str
    page_start: bool
    blank: bool = field(repr=False, compare=False)

    def __init__(self, no: int, text: str, page_start: bool = False) -> None:
        self.no, self.text, self.page_start = no, text, page_start
        self.blank = not text.strip()

    def with_text(self, text: str) -> Ln:
        return Ln(self.no, text, self.page_start)


def split_lines(text: str, parts: list[str] | None = None) -> list[Ln]:
    """Number the lines; a form feed marks a page start and is removed. ``parts``:
    ``text.split("\\n")``, when the caller has it."""
    out: list[Ln] = []
    parts = text.split("\n") if parts is None else parts
    if "\f" not in text and "\v" not in text:  # the usual case, without the replaces
        out = [Ln(no, line.rstrip()) for no, line in enumerate(parts, 1)]
    else:
        for no, line in enumerate(parts, 1):
            page = "\f" in line
            out.append(Ln(no, line.replace("\f", "").replace("\v", " ").rstrip(), page))
    while out and out[-1].blank:
        out.pop()
    return out


def single_spaced(text: str) -> str:
    """``" ".join(text.split())``, without splitting a text that is single-spaced already
    (a printable text holds no whitespace but the space)."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


# Letterhead labels of Dutch ministry letters. The value follows on the same line or the next.
LABELS = (
    "Datum",
    "Betreft",
    "Onze referentie",
    "Ons kenmerk",
    "Uw referentie",
    "Uw kenmerk",
    "Uw brief",
    "Kenmerk",
    "Referentie",
    "Bijlage",
    "Bijlagen",
    "Contactpersoon",
    "Inlichtingen",
    "Retouradres",
)
LABEL_RE = re.compile(
    r"^\s*(?:\*\*|__)?(?P<label>" + "|".join(sorted(LABELS, key=len, reverse=True)) + r")"
    r"(?:\*\*|__)?(?::|\b)\s*(?P<value>.*?)\s*$"
)


def match_label(text: str) -> tuple[str, str] | None:
    """``Datum 14 november 2024`` -> ("Datum", "14 november 2024"); ``**Datum**`` -> ("Datum", "").

    Only short lines count: a sentence that happens to start with "Datum" is not a label.
    """
    m = LABEL_RE.match(text)
    if not m or len(text) > 120:
        return None
    label = m.group("label")
    value = m.group("value").strip(" *")
    if value and not value[0].isalnum() and value[0] not in "'‘“\"(":
        return None
    if value and value[0].islower() and label not in ("Betreft", "Retouradres"):
        return None
    return label, value


# Running footers of official Kamerstukken, e.g.
# "Tweede Kamer, vergaderjaar 2025–2026, 32 847, nr. 1407 2".
RUNNING_FOOTER_RE = re.compile(
    r"^\s*(?:(?:Tweede|Eerste) Kamer, vergaderjaar \d{4}\s*[–-]\s*\d{4}, [\d ]+, nr\. \d+"
    r"|(?:ah-tk|ah-ek|kst|h-tk)-\d{8}-\d+(?:-\d+)?)(?:\s+\d+)?\s*$"
)
PAGE_OF_RE = re.compile(r"^\s*(?:Pagina|Blad)\s+\d+\s+van\s+\d+\s*$", re.IGNORECASE)
PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:-\s*)?(?:\d{1,3}|Pagina \d+ van \d+|\d+\s*/\s*\d+)(?:\s*-)?\s*$"
)


# How every line the three patterns above match starts, after a newline (see line_starts).
_FURNITURE_START_RE = re.compile(
    r"\n[^\S\n]*(?:[-\d]|Tweede|Eerste|ah-|kst-|h-tk-|(?i:pagina|blad))"
)


def line_starts(pattern: re.Pattern[str], texts: list[str]) -> list[int]:
    """Indices of the lines at whose start ``pattern`` matches, for a pattern that begins
    with a newline and matches no other: one scan of the lines, each joined after a newline.
    (A pattern that starts with a literal is found fast; ``^`` is tried at every position.)"""
    joined = "\n" + "\n".join(texts)
    found: list[int] = []
    line, pos = -1, 0
    for m in pattern.finditer(joined):
        line += joined.count("\n", pos, m.start() + 1)
        pos = m.start() + 1
        found.append(line)
    return found


def furniture(line: Ln, reason: str) -> Unplaced:
    return Unplaced(text=line.text.strip(), span=Span(line.no, line.no), reason=reason)


def take_running_furniture(lines: list[Ln]) -> tuple[list[Ln], list[Unplaced]]:
    """Drop running footers and bare page numbers (kept as furniture with the reason)."""
    kept: list[Ln] = []
    dropped: list[Unplaced] = []
    pos = 0
    for i in line_starts(_FURNITURE_START_RE, [line.text for line in lines]):
        line = lines[i]
        if RUNNING_FOOTER_RE.match(line.text):
            dropped.append(furniture(line, "running page footer"))
        elif PAGE_OF_RE.match(line.text) or (
            PAGE_NUMBER_RE.match(line.text) and _isolated(lines, i)
        ):
            dropped.append(furniture(line, "page number"))
        else:
            continue
        kept.extend(lines[pos:i])
        pos = i + 1
    kept.extend(lines[pos:])
    return kept, dropped


def _isolated(lines: list[Ln], i: int) -> bool:
    before = i == 0 or lines[i - 1].blank
    after = i + 1 >= len(lines) or lines[i + 1].blank or lines[i + 1].page_start
    return before and after


# A footnote marker printed as a plain number glued to the word before it:
# "doelmatig is1.", "14 november jl.1 geïnformeerd", "CPB3.", "geëvalueerd.4 SEO".
GLUED_MARKER_RE = re.compile(
    r"(?<=[A-Za-zÀ-ÿ\.\)\?!”’\"'%])(?<![A-Z]\.)(?<!\bnr\.)(?<!\bart\.)(?<!\d[.,])(?P<n>[1-9]\d{0,2}(?:,[1-9]\d{0,2})*)(?=[\s.,;:)?!]|$)"
)


# What every glued marker starts with (the first digit, after what the lookbehind wants): a
# fast pre-test. The digit comes first in the pattern: a regex skips to a rare character fast.
GLUED_START_RE = re.compile(r"[1-9](?<=[A-Za-zÀ-ÿ\.\)\?!”’\"'%][1-9])")


def glued_markers(text: str, known: set[int]) -> list[tuple[int, int, list[int]]]:
    """Positions (start, end, numbers) of glued footnote markers whose numbers are known;
    several footnotes on one spot are printed with commas ("artikelen?1,2")."""
    found: list[tuple[int, int, list[int]]] = []
    if not known:
        return found
    # A marker starts where GLUED_START_RE matches (and none starts inside one): the
    # pattern is tried there only, not at every position of a long line.
    for start in GLUED_START_RE.finditer(text):
        if not (m := GLUED_MARKER_RE.match(text, start.start())):
            continue
        numbers = [int(n) for n in m.group("n").split(",")]
        if all(n in known for n in numbers) and not _part_of_code(text, m.start()):
            found.append((m.start(), m.end(), numbers))
    return found


def _part_of_code(text: str, start: int) -> bool:
    """Codes such as "B3", "A2", "G20", "2e": digits glued to a token that holds digits
    itself, or to one or two capitals, are a code; "CPB3", "motie-Bikker5", "is1." are not."""
    token = text[_token_start(text, start) : start]
    if not token:
        return False
    if any(ch.isdigit() for ch in token):
        return True
    return token.isupper() and len(token) < 3


def _token_start(text: str, end: int) -> int:
    """Where the run of word characters and hyphens before ``end`` starts: the match of
    ``re.search(r"[\\w-]*$", text[:end])`` (which cannot end in a newline here), found
    from the end instead of being tried at every position of a long line."""
    start = end
    while start and (text[start - 1].isalnum() or text[start - 1] in "_-"):
        start -= 1
    return start


def replace_glued_markers(text: str, known: set[int]) -> tuple[str, list[int]]:
    """Turn glued footnote numbers into ``[^N]`` markers; returns the text and the numbers."""
    spots = glued_markers(text, known)
    numbers: list[int] = []
    for start, end, ns in reversed(spots):
        text = text[:start] + "".join(f"[^{n}]" for n in ns) + text[end:]
        numbers = ns + numbers
    return text, numbers


def replace_glued_markers_in(lines: list[Ln], known: set[int]) -> list[Ln]:
    """Each line with its glued footnote numbers made ``[^N]`` markers (a line without
    any is kept as it is)."""
    out = list(lines)
    if known:
        for k in lines_with_glued_start([line.text for line in lines]):
            out[k] = lines[k].with_text(replace_glued_markers(lines[k].text, known)[0])
    return out


def lines_with_glued_start(texts: list[str]) -> list[int]:
    """Indices of the texts where a glued marker may start (the pre-test of
    :func:`glued_markers` matches), in order. One scan of the texts joined by newlines:
    the pattern matches no newline, so it matches there where it matches in one text."""
    joined = "\n".join(texts)
    found: list[int] = []
    line, pos = 0, 0
    for m in GLUED_START_RE.finditer(joined):
        line += joined.count("\n", pos, m.start())
        pos = m.start()
        if not found or found[-1] != line:
            found.append(line)
    return found


# A sentence ends in . ? ! : or ; possibly followed by closing quotes or brackets
# ("…gevolgen?»", "…(zie bijlage).", "…nr. 129.)"). A bare ")" or quote does not end one.
_TRAILING_MARKERS_RE = re.compile(r"(\s*\[\^\d+\])+\s*$")
_CLOSERS = ")]\"”’'»"


_LAST_CHARS = frozenset(".?!:;" + _CLOSERS)  # what such a line can end in ("]": a marker)


def ends_sentence(text: str) -> bool:
    t = text.rstrip()
    if t[-1:] not in _LAST_CHARS:
        return False  # most lines: no need to look further
    if "[^" in t:  # markers at the end do not count
        t = _TRAILING_MARKERS_RE.sub("", t)
    # the regex [.?!:;][closers]*$ on t, which does not end in whitespace
    return t.rstrip(_CLOSERS)[-1:] in (".", "?", "!", ":", ";")
