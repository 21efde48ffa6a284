"""Keywords and aliases found through a text's word runs: the same counts and matches as
their regular expressions scanning the whole text, whatever the catalogue holds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.extract import TextUnit
from generator.extract.entities import (
    Entity,
    _alias,
    _by_alias,
    _Collector,
    _match_catalogue,
    _match_patterns,
    match_entities,
)
from generator.extract.text import FOLD_SPECIAL, folded, word_runs, words_of
from generator.extract.topics import Topic, _keyword_pattern, _threshold, count_topic, match_topics
from generator.model import Span

_RUN = re.compile(r"[\w-]")


def test_word_runs_keep_case_pairs_and_runs() -> None:
    """What :func:`word_runs` relies on: outside ``FOLD_SPECIAL``, a character and its
    ``lower()`` are one character each, and the same byte once lower-cased."""
    for code in range(0x110000):
        char = chr(code)
        if char in FOLD_SPECIAL or char.lower() == char:
            continue
        lower = char.lower()
        assert len(lower) == 1, hex(code)
        assert word_runs(char).lower() == word_runs(lower).lower(), hex(code)


def test_word_runs_are_the_runs_of_word_characters_and_dashes() -> None:
    text = "Één ‘COA’-locatie, 30%-regeling? ſ K _x_ a–b"
    runs = word_runs(text)
    assert len(runs) == len(text)
    assert all((runs[i] != 0x20) == bool(_RUN.match(c)) for i, c in enumerate(text))
    assert runs.split() == [
        b"??n",
        b"COA",
        b"-locatie",
        b"30",
        b"-regeling",
        b"?",
        b"K",
        b"_x_",
        b"a",
        b"b",
    ]


# Characters that make the rules work: case pairs with special folds, a two-character
# lower case, word characters outside ASCII, dashes, the "?" that stands for them.
CHARS = st.sampled_from(list("aAbBkKsSiI _-?.,()'’“é É ë\n\u212a\u017f\u0130\u0131ßẞ%30"))
SNIPPET = st.lists(CHARS, min_size=0, max_size=6).map("".join)
WORDS = st.sampled_from(["ab", "Ab", "AB", "ba", "kas", "Kas", "é", "a-b", "ab ab", "ş"])
TEXT = st.lists(st.one_of(WORDS, SNIPPET), max_size=30).map("".join)
LITERAL = st.one_of(WORDS, SNIPPET, st.lists(WORDS, min_size=1, max_size=3).map(" ".join))


@settings(max_examples=400, deadline=None)
@given(TEXT, st.lists(LITERAL, min_size=1, max_size=6))
def test_count_topic_counts_as_the_regexes_do(text: str, keywords: list[str]) -> None:
    words_of.cache_clear()
    topic = Topic("t", "T", "", tuple(_keyword_pattern(k) for k in keywords), 1, tuple(keywords))
    expected = sum(len(_keyword_pattern(k).findall(text)) for k in keywords)
    assert count_topic(text, topic, folded(text), words_of((text,))) == expected
    assert count_topic(text, topic, folded(text)) == expected


def _naive_entities(units: list[TextUnit], catalogue: list[Entity]) -> object:
    """The catalogue matched by every alias's regex in every unit."""
    table = [_alias(alias, entity) for entity in catalogue for alias in entity.aliases]
    out, defined = _Collector(), []
    for unit in units:
        low = folded(unit.text)
        new = _match_catalogue(unit, low, [(a, None) for a in table + defined], out)
        if new:
            _match_catalogue(unit, low, [(a, None) for a in new], out)
            defined.extend(new)
        _match_patterns(unit, _by_alias(catalogue), out)
    return out.mentions()


@settings(max_examples=400, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=4), st.lists(LITERAL, min_size=1, max_size=6))
def test_match_entities_matches_as_the_regexes_do(texts: list[str], aliases: list[str]) -> None:
    words_of.cache_clear()
    catalogue = [
        Entity(f"e{k}", "organisation", alias, (alias,)) for k, alias in enumerate(aliases)
    ]
    units = [TextUnit(f"p{k}", text, Span(k + 1, k + 1)) for k, text in enumerate(texts)]
    assert match_entities(units, catalogue) == _naive_entities(units, catalogue)


def test_hierna_alias_found_in_later_units() -> None:
    catalogue = [Entity("ab", "organisation", "Ab Cd", ("Ab Cd",))]
    units = [
        TextUnit("p1", "De Ab Cd (hierna: Abc) zegt.", Span(1, 1)),
        TextUnit("p2", "Volgens Abc niet.", Span(2, 2)),
    ]
    assert match_entities(units, catalogue) == _naive_entities(units, catalogue)
    assert match_entities(units, catalogue)[0].spans == (Span(1, 1), Span(2, 2))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TEXT, st.just("ΑΣ"), st.just("Σ ab")), min_size=1, max_size=4),
       st.lists(LITERAL, min_size=1, max_size=4), st.integers(1, 3))  # fmt: skip
def test_match_topics_as_the_regexes_count(texts: list[str], keywords: list[str], n: int) -> None:
    words_of.cache_clear()
    units = [TextUnit(f"p{k}", text, Span(k + 1, k + 1)) for k, text in enumerate(texts)]
    patterns = tuple(_keyword_pattern(k) for k in keywords)
    topics = [Topic(f"t{m}", "T", "", patterns[m:], n, tuple(keywords[m:])) for m in range(3)]
    text = "\n".join(texts)
    words = len(text.split())
    expected = [
        topic.id
        for topic in topics
        if sum(len(p.findall(text)) for p in topic.patterns) >= _threshold(n, words)
    ]
    assert match_topics(units, topics) == expected


def test_keyword_does_not_match_across_lines() -> None:
    topic = Topic("t", "T", "", (_keyword_pattern("ab ab"),), 1, ("ab ab",))
    units = [TextUnit("p1", "x ab", Span(1, 1)), TextUnit("p2", "ab y", Span(2, 2))]
    assert match_topics(units, [topic]) == []
    units[1] = TextUnit("p2", "ab ab", Span(2, 2))
    assert match_topics(units, [topic]) == ["t"]
