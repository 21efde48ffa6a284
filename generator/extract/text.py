"""Small text helpers shared by the extractors: slugs, footnote markers, sentences."""

from __future__ import annotations

import bisect
import collections
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

MARKER = re.compile(r"\[\^(\d+)\]")
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[.,;:!?)])")
_SPACES = re.compile(r"\s\s+")
_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")
# Where _SPACE_BEFORE_PUNCTUATION or _SPACES matches: a space before another or before
# punctuation.
_SPACE_TO_TIDY = re.compile(r"\s[\s.,;:!?)]")

# Words that end with a full stop without ending the sentence.
ABBREVIATIONS = frozenset(
    {
        "nr", "nrs", "jl", "j.l", "bijv", "o.a", "art", "c.s", "e.a", "e.d", "d.w.z",
        "m.b.t", "t.a.v", "i.v.m", "z.g", "zgn", "ca", "resp", "vgl", "dhr", "mevr",
        "mr", "dr", "prof", "drs", "ir", "blz", "p", "pag", "incl", "excl", "max",
        "min", "mln", "mld", "mrd", "etc", "o.m", "a.s", "t.o.v", "i.p.v", "n.a.v",
        "m.u.v", "zie", "st", "stb", "stcrt", "kst",
    }
)  # fmt: skip

_LONG_WORD = max(map(len, ABBREVIATIONS)) + 1

# Abbreviations that often close a sentence ("... van 4 september jl. Het kabinet ...").
_SENTENCE_FINAL = frozenset({"jl", "j.l", "c.s", "e.a", "e.d", "etc"})

_SENTENCE_END = re.compile(r"[.!?](?:[’'\"”)])?(?:\[\^\d+\])*(?=\s+|$)")
# What may follow a sentence end: a capital, digit, quote, ... or nothing but whitespace.
_OPENS_SENTENCE = re.compile(r"\s*(?:[A-Z0-9ÀÉÈËÏÖÜ“‘'\"(€§]|\Z)")
# The two as one pattern: the sentence ends that a sentence opening follows. The same
# matches as _SENTENCE_END's that pass _OPENS_SENTENCE: what a match takes after its
# first character (closers, markers) holds no ``.!?``, so no match starts inside another.
_SENTENCE_BREAK = re.compile(_SENTENCE_END.pattern + "(?=" + _OPENS_SENTENCE.pattern + ")")


@dataclass(frozen=True)
class Cue:
    """A case-insensitive pattern, and the same in lower case for :func:`folded` text.

    On folded text the lower-case pattern finds the same matches (faster: no case folding
    at each comparison), as long as it holds no upper-case escape such as ``\\W``: outside
    FOLD_SPECIAL, lower-casing keeps a character's length and whether it is a ``\\w``, a
    ``\\s`` or a ``\\d``, and a character matches a letter (or ``A-Z``) case-insensitively
    exactly when its lower case is that letter (in ``a-z``)."""

    pattern: re.Pattern[str]
    folded: re.Pattern[str]

    def in_text(self, text: str, low: str | None) -> bool:
        """Whether the pattern matches ``text``, searched in ``low`` (its :func:`folded`
        form) when there is one."""
        if low is None:
            return self.pattern.search(text) is not None
        return self.folded.search(low) is not None


def first_letter_cue(first: str, *alternatives: str) -> Cue:
    """The alternatives as one case-insensitive :class:`Cue`, tried only where a word starts
    with one of the letters ``first``. Every alternative must start with ``\\b`` and one of
    those letters; the matches are then the same, but the engine gives up at most places
    after one test instead of after trying every alternative there (2-4 times faster on
    running text)."""
    pattern = re.compile(rf"\b(?=[{first}])(?:{'|'.join(alternatives)})", re.IGNORECASE)
    return Cue(pattern, re.compile(pattern.pattern.lower()))


def slugify(text: str, max_length: int = 60) -> str:
    """Lower-case ASCII slug from a fixed alphabet ``[a-z0-9-]``; ``""`` if nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug.strip("-")


def strip_markers(text: str) -> str:
    """Remove ``[^N]`` footnote markers and tidy the spaces they leave."""
    if "[^" in text:
        text = MARKER.sub("", text)
    text = _SPACE_BEFORE_PUNCTUATION.sub("", text)
    return _SPACES.sub(" ", text).strip()


def has_markers_or_spaces(text: str) -> bool:
    """Whether :func:`strip_markers` has anything to remove or tidy in ``text`` besides
    whitespace at its ends (False: it is ``text.strip()``, for ``text`` and every slice)."""
    return "[^" in text or _SPACE_TO_TIDY.search(text) is not None


def markers(text: str) -> list[int]:
    """Footnote numbers marked in ``text``, in order."""
    return [int(m.group(1)) for m in MARKER.finditer(text)]


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    if dot >= _LONG_WORD and text[dot - _LONG_WORD : dot].isalnum():
        return False  # a word longer than any abbreviation, and no initials (no dots)
    start = dot  # the word before the dot: scan back to whitespace (as ``\S+$`` would)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    if start == dot:
        return False
    word = text[start:dot].lstrip("(“‘'\"").lower()
    if word in _SENTENCE_FINAL:
        return False
    if word in ABBREVIATIONS:
        return True
    # initials such as "Y.J." or "M.H.M."
    return bool(_INITIALS.fullmatch(word))


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` offsets of the sentences in ``text``.

    A sentence ends at ``.``, ``!`` or ``?`` (plus a closing quote and footnote markers)
    when the next word starts with a capital, a digit or a quote, and the full stop does
    not close a known abbreviation or an initial.
    """
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        if _is_abbreviation(text, match.start()):
            continue
        # The sentence runs to its end mark, which is no space: it is never blank, and
        # only its start needs trimming (which stops at the mark at the latest).
        while text[start].isspace():
            start += 1
        yield start, match.end()
        start = match.end()
    if text[start:].strip():
        yield _trim(text, start, len(text))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# "?" and every character outside ASCII that is not a word character (``\w``): blanked
# before the text is encoded to ASCII, so that each "?" left stands for a word character.
_BLANK_BEFORE_ASCII = re.compile(r"[^\x00-\x3e\x40-\x7f\w]")
_RUN_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-?")
_RUN_TABLE = bytes(c if c in _RUN_BYTES else 0x20 for c in range(256))
_KELVIN = "\u212a"  # the one character outside ASCII whose lower() is an ASCII letter ("k")


def word_runs(text: str) -> bytes:
    """``text`` as ASCII bytes, one byte per character, so at the same offsets: ASCII word
    characters and "-" as written, the Kelvin sign as "K", "?" for other word characters,
    a space for everything else. Its ``split()`` are the runs of ``[\\w-]`` of ``text``.

    Case-insensitively too: where ``c.lower() == d.lower()`` for characters without a
    special case fold (see :func:`_fold_special`), ``word_runs(c).lower()`` and
    ``word_runs(d).lower()`` are the same byte. So where a literal occurs in ``text`` (up
    to such case), its ``word_runs`` occur in the text's (both lower-cased when case does
    not count), after a space if no ``[\\w-]`` precedes it in the text."""
    if _KELVIN in text:
        text = text.replace(_KELVIN, "K")
    ascii_text = _BLANK_BEFORE_ASCII.sub(" ", text).encode("ascii", "replace")
    return ascii_text.translate(_RUN_TABLE)


class Words:
    """The :func:`word_runs` of texts joined by newlines, between spaces (``runs``: offset
    ``i`` of the joined text is ``i + 1`` in them; text ``k``'s runs, with a space either
    side, are ``runs[starts[k]:starts[k] + len(text) + 2]``), lower-cased (``lower``); the
    lower-cased runs of each text (``per_text``), and of all counted (``counts``); each
    text's :func:`folded` form (``lows``)."""

    def __init__(self, texts: tuple[str, ...]) -> None:
        self.texts = texts
        self.lows = [folded(text) for text in texts]
        self.runs = b" " + word_runs("\n".join(texts)) + b" "
        self.lower = self.runs.lower()
        self.per_text: list[list[bytes]] = []
        self.starts: list[int] = []
        start = 0
        for text in texts:
            self.per_text.append(self.lower[start : start + len(text) + 2].split())
            self.starts.append(start)
            start += len(text) + 1
        self.counts = collections.Counter(itertools.chain.from_iterable(self.per_text))

    @functools.cached_property
    def ordered(self) -> list[bytes]:
        return sorted(self.counts)

    def starting_with(self, prefix: bytes) -> int:
        """How many lower-cased runs start with ``prefix``."""
        total, k = 0, bisect.bisect_left(self.ordered, prefix)
        while k < len(self.ordered) and self.ordered[k].startswith(prefix):
            total += self.counts[self.ordered[k]]
            k += 1
        return total


@functools.lru_cache(maxsize=4)  # a letter's texts, asked for by entities and topics
def words_of(texts: tuple[str, ...]) -> Words:
    return Words(texts)


def _fold_special() -> frozenset[str]:
    """Characters that ``re.IGNORECASE`` matches other than through ``str.lower()``: the
    extra case pairs of the regex engine (long s, dotless i, Greek and Cyrillic variants)
    and the dotted capital I, whose ``lower()`` is two characters."""
    try:
        from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - a Python without the table: never prefilter
        return frozenset(chr(c) for c in range(128, 0x10000))
    codes = {c for key, values in _EXTRA_CASES.items() for c in (key, *values)}
    return frozenset(chr(c) for c in codes if c > 127) | {"\u0130"}


FOLD_SPECIAL = _fold_special()
_FOLD_SPECIAL_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(FOLD_SPECIAL)) + "]")


def folded(text: str) -> str | None:
    """``text.lower()`` for a quick test before a case-insensitive literal regex: a literal
    ``k`` can only match where ``k.lower()`` occurs in it. None when the text holds a
    character for which that does not hold (see :func:`_fold_special`)."""
    return text.lower() if no_fold_special(text) else None


def no_fold_special(text: str) -> bool:
    """``FOLD_SPECIAL.isdisjoint(text)``, faster (the special characters are not ASCII)."""
    return text.isascii() or _FOLD_SPECIAL_RE.search(text) is None


def may_contain(text: str, low: str | None, needle: str, ignorecase: bool) -> bool:
    """False only when a regex for the literal ``needle`` cannot match in ``text``
    (``low`` is :func:`folded` text). Needles with special characters always pass."""
    if not ignorecase:
        return needle in text
    if low is None or not FOLD_SPECIAL.isdisjoint(needle):
        return True
    return needle.lower() in low
