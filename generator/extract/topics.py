"""Topics: a curated taxonomy in ``content/topics.yml`` matched against a letter's text.

Each topic has keywords (matched case-insensitively at the start of a word, so
``statushouder`` also counts ``statushouders``; a keyword in capitals, an acronym such as
``IND`` or ``COA``, only as itself, so that ``indien`` or ``coalitieakkoord`` do not
count) and optional regular expressions.
A topic applies when its matches, counted over all units, reach ``min_count``.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import yaml

from . import TextUnit
from .text import FOLD_SPECIAL, Words, slugify, word_runs, words_of


class TaxonomyError(ValueError):
    """The taxonomy file is not as described in the module docstring."""


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    description: str
    patterns: tuple[re.Pattern[str], ...]
    min_count: int = 2
    keywords: tuple[str, ...] = ()  # the literal of each of the first patterns


def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    if is_acronym(keyword):  # itself, a whole word: "IND", "IND's", "COA-locatie"
        return re.compile(r"(?<![\w-])" + re.escape(keyword) + r"(?!\w)")
    return re.compile(r"(?<![\w-])" + re.escape(keyword), re.IGNORECASE)


def is_acronym(keyword: str) -> bool:
    """A keyword of two to six capitals and digits, with a capital first (``IND``,
    ``COA``, ``UWV``, ``G4``): matched as written, not as the start of any word."""
    return 2 <= len(keyword) <= 6 and _ACRONYM.fullmatch(keyword) is not None


_ACRONYM = re.compile(r"[A-Z][A-Z0-9]+")


def _topic(entry: object, where: str) -> Topic:
    if not isinstance(entry, dict):
        raise TaxonomyError(f"{where}: a topic must be a mapping")
    topic_id = str(entry.get("id", ""))
    if not topic_id or slugify(topic_id) != topic_id:
        raise TaxonomyError(f"{where}: id {topic_id!r} must be a slug of [a-z0-9-]")
    keywords = [str(k) for k in entry.get("keywords", []) or []]
    try:
        regexes = [re.compile(str(r), re.IGNORECASE) for r in entry.get("patterns", []) or []]
    except re.error as error:
        raise TaxonomyError(f"{where}: bad pattern: {error}") from error
    patterns = tuple([_keyword_pattern(k) for k in keywords] + regexes)
    if not patterns:
        raise TaxonomyError(f"{where}: topic {topic_id} has no keywords or patterns")
    return Topic(
        id=topic_id,
        label=str(entry.get("label", topic_id)),
        description=str(entry.get("description", "")),
        patterns=patterns,
        min_count=int(entry.get("min_count", 2)),
        keywords=tuple(keywords),
    )


def load_topics(path: Path | str, quick: bool = False) -> list[Topic]:
    """Read the taxonomy; raises :class:`TaxonomyError` with the topic's position.
    ``quick``: parsed by libyaml (the same data; terser messages for broken YAML)."""
    loader = yaml.CSafeLoader if quick else yaml.SafeLoader
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader) or {}
    entries = data.get("topics", []) if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise TaxonomyError(f"{path}: expected a list of topics")
    topics = [_topic(entry, f"{path}: topic {index + 1}") for index, entry in enumerate(entries)]
    ids = [t.id for t in topics]
    if len(ids) != len(set(ids)):
        raise TaxonomyError(f"{path}: duplicate topic ids")
    return topics


def count_topic(text: str, topic: Topic, low: str | None = None, words: Words | None = None) -> int:
    """How often the topic's keywords and patterns occur in ``text`` (``low``: its
    :func:`~.text.folded` form, which lets keywords be counted without a regex scan;
    ``words``: the :func:`~.text.words_of` of its lines, whose runs count most keywords
    and tell most absent ones: a match of a keyword starts a run, and the matches of a
    plain keyword do not overlap, as each is preceded by no character of the keyword)."""
    return sum(_counts(text, topic, low, words))


def _counts(text: str, topic: Topic, low: str | None, words: Words | None) -> Iterator[int]:
    """The count of each of the topic's patterns, as :func:`count_topic` sums them: the
    cheap ones (plain keywords, from ``words``) first, then those that need a scan."""
    keywords = _keywords(topic.keywords) if low is not None else ()
    scans: list[tuple[re.Pattern[str], _Keyword | None]] = []
    for k, pattern in enumerate(topic.patterns):
        keyword = keywords[k] if k < len(keywords) else None
        if keyword is not None and keyword.plain and words is not None:
            yield words.starting_with(keyword.runs[0])
        else:
            scans.append((pattern, keyword))
    for pattern, keyword in scans:
        if keyword is None or low is None:
            yield len(pattern.findall(text))
        elif words is None or _may_hold(words, keyword):
            yield count_keyword(text, low, keyword.needle)


class _Keyword(NamedTuple):
    """A keyword without special case characters, lower-cased (``needle``), and the runs
    of its :func:`~.text.word_runs`: where it matches, the text's runs (lower-cased) hold
    each of them, whole, but for the last when the needle ends in a run (``open``), which
    a run of the text only starts with. ``plain``: the needle is one run of ASCII letters,
    digits, "_" and "-", so that each run of the text that starts with it is a match."""

    needle: str
    runs: tuple[bytes, ...]
    open: bool
    plain: bool


_PLAIN = re.compile(r"[a-z0-9_-]+")


@functools.lru_cache(maxsize=1024)
def _keywords(literals: tuple[str, ...]) -> tuple[_Keyword | None, ...]:
    return tuple(_keyword(literal) for literal in literals)


def _keyword(literal: str) -> _Keyword | None:
    """None for a keyword with special case characters or an acronym (counted by its
    regex)."""
    if not FOLD_SPECIAL.isdisjoint(literal) or is_acronym(literal):
        return None
    needle = literal.lower()
    runs = word_runs(needle).lower()
    open_end = bool(runs) and not runs.endswith(b" ")
    return _Keyword(needle, tuple(runs.split()), open_end, _PLAIN.fullmatch(needle) is not None)


def _may_hold(words: Words, keyword: _Keyword) -> bool:
    """False when a text cannot hold a match of ``keyword``: a match is preceded by no
    ``[\\w-]``, so it starts a run."""
    if not keyword.runs:
        return True
    *whole, last = keyword.runs
    if not all(run in words.counts for run in whole):
        return False
    return words.starting_with(last) > 0 if keyword.open else last in words.counts


def count_keyword(text: str, low: str, needle: str) -> int:
    """``len(findall)`` of :func:`_keyword_pattern` for a needle without special case
    characters, by ``str.find`` in the folded text: same positions, same lookbehind, and
    the same non-overlapping scan (after a match, go on behind it; else one further)."""
    count, start, size = 0, 0, len(needle)
    if not size:
        return len(_keyword_pattern(needle).findall(text))
    while (pos := low.find(needle, start)) >= 0:
        before = text[pos - 1] if pos else ""
        if before and (before.isalnum() or before in "_-"):
            start = pos + 1
        else:
            count += 1
            start = pos + size
    return count


# ``min_count`` is set for a letter of this many words; a shorter letter needs
# proportionally fewer mentions (at least one), so a one-page letter still gets its topics.
FULL_LETTER_WORDS = 1500


def match_topics(units: Sequence[TextUnit], topics: Sequence[Topic]) -> list[str]:
    """Ids of the topics that reach their ``min_count`` (scaled down for short letters),
    in taxonomy order."""
    runs = words_of(tuple(unit.text for unit in units))
    text = "\n".join(runs.texts)
    # folded(text), from the lines': no line has a special case character, and newlines
    # bound the context of str.lower() (final sigma)
    lows = [low for low in runs.lows if low is not None]
    low = "\n".join(lows) if len(lows) == len(runs.lows) else None
    # Only up to FULL_LETTER_WORDS + 1 words: every count from FULL_LETTER_WORDS on gives
    # the same threshold.
    words = len(text.split(maxsplit=FULL_LETTER_WORDS))
    return [
        topic.id
        for topic in topics
        if _reaches(_counts(text, topic, low, runs), _threshold(topic.min_count, words))
    ]


def _reaches(counts: Iterator[int], threshold: int) -> bool:
    """Whether the counts add up to ``threshold``, counting no further than needed."""
    total = 0
    for count in counts:
        total += count
        if total >= threshold:
            return True
    return total >= threshold


def _threshold(min_count: int, words: int) -> int:
    return max(1, min(min_count, math.ceil(min_count * words / FULL_LETTER_WORDS)))
