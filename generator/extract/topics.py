"""Topics: a curated taxonomy in ``content/topics.yml`` matched against a letter's text.

Each topic has keywords (matched case-insensitively at the start of a word, so
``statushouder`` also counts ``statushouders``) and optional regular expressions.
A topic applies when its matches, counted over all units, reach ``min_count``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import TextUnit
from .text import FOLD_SPECIAL, Words, ascii_head, folded, slugify, words_of


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
    return re.compile(r"(?<![\w-])" + re.escape(keyword), re.IGNORECASE)


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


def load_topics(path: Path | str) -> list[Topic]:
    """Read the taxonomy; raises :class:`TaxonomyError` with the topic's position."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
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
    ``words``: its :func:`~.text.words_of`, which tells most absent keywords at once)."""
    literals = (*topic.keywords, *([None] * (len(topic.patterns) - len(topic.keywords))))
    total = 0
    for pattern, literal in zip(topic.patterns, literals, strict=True):
        if literal is None or low is None or not FOLD_SPECIAL.isdisjoint(literal):
            total += len(pattern.findall(text))
        elif words is None or _may_start_word(words, literal.lower()):
            total += count_keyword(text, low, literal.lower())
    return total


def _may_start_word(words: Words, needle: str) -> bool:
    """False when no word of the text starts like ``needle`` (lower-cased, in a text
    without special case characters): a match starts a run of word characters, which
    starts with the needle's leading word (and is that word when more follows it)."""
    head = ascii_head(needle)
    if head is None:
        return True
    return words.has_prefix(head) if head == needle else head in words.lower


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
    text = "\n".join(unit.text for unit in units)
    low = folded(text)
    runs = words_of(text) if low is not None else None
    words = len(text.split())
    return [
        topic.id
        for topic in topics
        if count_topic(text, topic, low, runs) >= _threshold(topic.min_count, words)
    ]


def _threshold(min_count: int, words: int) -> int:
    return max(1, min(min_count, math.ceil(min_count * words / FULL_LETTER_WORDS)))
