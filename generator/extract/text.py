"""Small text helpers shared by the extractors: slugs, footnote markers, sentences."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

MARKER = re.compile(r"\[\^(\d+)\]")
_NON_SLUG = re.compile(r"[^a-z0-9]+")

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

# Abbreviations that often close a sentence ("... van 4 september jl. Het kabinet ...").
_SENTENCE_FINAL = frozenset({"jl", "j.l", "c.s", "e.a", "e.d", "etc"})

_SENTENCE_END = re.compile(r"[.!?](?:[’'\"”)])?(?:\[\^\d+\])*(?=\s+|$)")
_WORD_BEFORE = re.compile(r"(\S+)$")


def slugify(text: str, max_length: int = 60) -> str:
    """Lower-case ASCII slug from a fixed alphabet ``[a-z0-9-]``; ``""`` if nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug.strip("-")


def strip_markers(text: str) -> str:
    """Remove ``[^N]`` footnote markers and tidy the spaces they leave."""
    text = MARKER.sub("", text)
    text = re.sub(r"\s+([.,;:!?)])", r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def markers(text: str) -> list[int]:
    """Footnote numbers marked in ``text``, in order."""
    return [int(m.group(1)) for m in MARKER.finditer(text)]


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    found = _WORD_BEFORE.search(text[:dot])
    if not found:
        return False
    word = found.group(1).lstrip("(“‘'\"").lower()
    if word in _SENTENCE_FINAL:
        return False
    if word in ABBREVIATIONS:
        return True
    # initials such as "Y.J." or "M.H.M."
    return bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", word))


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` offsets of the sentences in ``text``.

    A sentence ends at ``.``, ``!`` or ``?`` (plus a closing quote and footnote markers)
    when the next word starts with a capital, a digit or a quote, and the full stop does
    not close a known abbreviation or an initial.
    """
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        rest = text[end:].lstrip()
        if rest and not re.match(r"[A-Z0-9ÀÉÈËÏÖÜ“‘'\"(€§]", rest):
            continue
        if _is_abbreviation(text, match.start()):
            continue
        if text[start:end].strip():
            yield _trim(text, start, end)
        start = end
    if text[start:].strip():
        yield _trim(text, start, len(text))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
