"""The extractors never raise on arbitrary text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.extract import TextUnit
from generator.extract import text as text_module
from generator.extract.commitments import commitment_in, extract_commitments
from generator.extract.deadlines import find_deadlines, parse_dutch_date, resolve_deadline
from generator.extract.entities import load_entities, match_entities
from generator.extract.references import extract_references, parse_kamerstuk
from generator.extract.text import (
    FOLD_SPECIAL,
    folded,
    no_fold_special,
    split_sentences,
    strip_markers,
)
from generator.extract.topics import load_topics, match_topics
from generator.model import Span

CONTENT = Path(__file__).resolve().parents[2] / "content"
SLUG = set("abcdefghijklmnopqrstuvwxyz0123456789-")

# Text that mixes random characters with words the rules look for.
WORDS = st.sampled_from(
    [
        "Kamerstukken II", "2023/24,", "29 861,", "nr.", "129", "motie-Bikker", "[^5]", "zal",
        "het kabinet", "voor de zomer", "2025", "ECLI:EU:C:2020:823", "<https://a.nl/x>",
        "Wet", "goed", "(Wav)", "rapport", "'Titel'", ".", " ", "medio", "dit jaar", "ik",
    ]
)  # fmt: skip
TEXT = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=40).map(" ".join))


def units_of(texts: list[str]) -> list[TextUnit]:
    units = [TextUnit(f"p{i + 1}", t, Span(i + 1, i + 1)) for i, t in enumerate(texts)]
    units.append(TextUnit("fn5", texts[0] if texts else "", Span(99, 99), 5))
    return units


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXT, max_size=4), st.one_of(st.none(), st.dates().map(str), st.text(max_size=12)))
def test_extractors_never_raise(texts: list[str], letter_date: str | None) -> None:
    units = units_of(texts)
    for reference in extract_references(units):
        assert set(reference.id) <= SLUG
    for commitment in extract_commitments(units, letter_date):
        assert "[^" not in commitment.text


@settings(max_examples=150, deadline=None)
@given(TEXT, st.one_of(st.none(), st.dates().map(str)))
def test_date_functions_never_raise(text: str, letter_date: str | None) -> None:
    parse_dutch_date(text)
    resolve_deadline(text, letter_date)
    for written, start, end in find_deadlines(text):
        assert text[start:end] == written
    parse_kamerstuk(text)
    strip_markers(text)
    for start, end in split_sentences(text):
        assert 0 <= start <= end <= len(text)


TOPICS = load_topics(CONTENT / "topics.yml")
CATALOGUE = load_entities(CONTENT / "entities.yml")


@settings(max_examples=100, deadline=None)
@given(st.lists(TEXT, max_size=4))
def test_matchers_never_raise(texts: list[str]) -> None:
    units = units_of(texts)
    assert all(topic in {t.id for t in TOPICS} for topic in match_topics(units, TOPICS))
    for mention in match_entities(units, CATALOGUE):
        assert set(mention.id) <= SLUG
        assert mention.spans == tuple(sorted(set(mention.spans)))


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        TEXT, st.lists(st.sampled_from([*sorted(FOLD_SPECIAL), "a", "é", "µ", " "])).map("".join)
    )
)
def test_fold_special_test_is_the_set_test(text: str) -> None:
    assert no_fold_special(text) == FOLD_SPECIAL.isdisjoint(text)
    assert folded(text) == (text.lower() if FOLD_SPECIAL.isdisjoint(text) else None)


def _commitments_sentence_by_sentence(units: list[TextUnit], date: str | None) -> list[object]:
    """extract_commitments as it was: every sentence tidied and folded on its own."""
    found = []
    for unit in units:
        for start, end in split_sentences(unit.text):
            sentence = strip_markers(unit.text[start:end])
            result = commitment_in(sentence, date)
            if result is not None:
                found.append((sentence, *result, unit.span))
    return found


COMMITMENT_WORDS = st.sampled_from(
    [
        "Het kabinet zal", "voor de zomer", "2026", "informeren.", "Wij gaan", "[^3]", "  ",
        " .", "ſ", "K", "İ", "verwacht", "niet", "heeft", "Uw Kamer wordt", "geïnformeerd",
        "jl.", "Dhr.", "M.H.M.", "eind 2025", "?", "Ik stuur", "u", "in deze brief", "\n",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(TEXT, st.lists(COMMITMENT_WORDS, max_size=30).map(" ".join)), max_size=4),
    st.sampled_from([None, "2025-06-01", "2027-01-01"]),
)
def test_commitments_per_unit_shortcuts_change_nothing(texts: list[str], date: str | None) -> None:
    units = [TextUnit(f"p{k}", text, Span(k + 1, k + 1)) for k, text in enumerate(texts)]
    got = [(c.text, c.due_text, c.due_date, c.span) for c in extract_commitments(units, date)]
    assert got == _commitments_sentence_by_sentence(units, date)


def _sentences_as_before(text: str) -> list[tuple[int, int]]:
    """split_sentences with the opening test run after each sentence end, as it was."""
    out, start = [], 0
    for match in text_module._SENTENCE_END.finditer(text):
        end = match.end()
        if not text_module._OPENS_SENTENCE.match(text, end):
            continue
        if text_module._is_abbreviation(text, match.start()):
            continue
        if text[start:end].strip():
            out.append(text_module._trim(text, start, end))
        start = end
    if text[start:].strip():
        out.append(text_module._trim(text, start, len(text)))
    return out


SENTENCE_PIECES = st.sampled_from(
    [".", "?", "!", "”", ")", "'", "[^1]", "[^23]", " ", "  ", "\n", "a", "Z", "É", "3", "(",
     "jl.", "nr.", "Y.J.", "€", "“", "‘", "x"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.one_of(TEXT, st.lists(SENTENCE_PIECES, max_size=40).map("".join)))
def test_sentence_breaks_as_before(text: str) -> None:
    assert list(split_sentences(text)) == _sentences_as_before(text)


def _abbreviation_as_before(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    start = dot
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    if start == dot:
        return False
    word = text[start:dot].lstrip("(“‘'\"").lower()
    if word in text_module._SENTENCE_FINAL:
        return False
    if word in text_module.ABBREVIATIONS:
        return True
    return bool(text_module._INITIALS.fullmatch(word))


ABBREVIATION_PIECES = st.sampled_from(
    [*sorted(text_module.ABBREVIATIONS), "M.H.M", "Y.J", "a", "B", "“", "(", " ", "İ", "5",
     "ſ", "woord", "Kamerstukken", "x"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(ABBREVIATION_PIECES, max_size=6).map("".join), st.sampled_from(["", " ", "("]))
def test_abbreviation_test_as_before(word: str, before: str) -> None:
    text = before + word + "."
    for dot in range(len(text)):
        assert text_module._is_abbreviation(text, dot) == _abbreviation_as_before(text, dot)


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXT, st.lists(SENTENCE_PIECES, max_size=30).map("".join)))
def test_tidy_pretest_is_the_two_patterns(text: str) -> None:
    tidy = "[^" in text or bool(
        text_module._SPACE_BEFORE_PUNCTUATION.search(text) or text_module._SPACES.search(text)
    )
    assert text_module.has_markers_or_spaces(text) == tidy
