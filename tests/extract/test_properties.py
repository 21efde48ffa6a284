"""The extractors never raise on arbitrary text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.extract import TextUnit
from generator.extract.commitments import extract_commitments
from generator.extract.deadlines import find_deadlines, parse_dutch_date, resolve_deadline
from generator.extract.entities import load_entities, match_entities
from generator.extract.references import extract_references, parse_kamerstuk
from generator.extract.text import split_sentences, strip_markers
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
