from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.extract import deadlines
from generator.extract.deadlines import (
    find_deadline,
    find_deadlines,
    parse_dutch_date,
    resolve_deadline,
)
from generator.extract.text import folded


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14 november 2024", "2024-11-14"),
        ("Den Haag, 20 maart 2026", "2026-03-20"),
        ("(ontvangen 30 oktober 2025)", "2025-10-30"),
        ("vrijdag 20 december 2024", "2024-12-20"),
        ("1 Juli 2023", "2023-07-01"),
        ("31 februari 2025", None),
        ("geen datum", None),
    ],
)
def test_parse_dutch_date(text: str, expected: str | None) -> None:
    assert parse_dutch_date(text) == expected


@pytest.mark.parametrize(
    ("phrase", "letter", "expected"),
    [
        ("in het eerste kwartaal van 2025", None, "2025-03-31"),
        ("vierde kwartaal 2024", None, "2024-12-31"),
        ("voor de zomer 2025", None, "2025-07-01"),
        ("voor de zomer van 2025", None, "2025-07-01"),
        ("voor de zomer", "2024-11-14", "2025-07-01"),
        ("voor de zomer", "2026-03-20", "2026-07-01"),
        ("voor de zomer", "2025-08-01", "2026-07-01"),
        ("in de zomer van 2025", None, "2025-09-22"),
        ("in juni 2025", None, "2025-06-30"),
        ("juni 2025", None, "2025-06-30"),
        ("februari 2028", None, "2028-02-29"),
        ("medio 2025", None, "2025-07-01"),
        ("begin 2025", None, "2025-03-31"),
        ("eind 2025", None, "2025-12-31"),
        ("einde van 2025", None, "2025-12-31"),
        ("voorjaar 2025", None, "2025-06-20"),
        ("in het voorjaar van 2025", None, "2025-06-20"),
        ("najaar 2025", None, "2025-12-20"),
        ("dit jaar", "2024-11-14", "2024-12-31"),
        ("voor het einde van dit jaar", "2025-10-30", "2025-12-31"),
        ("voor het eind van het jaar", "2024-11-14", "2024-12-31"),
        ("dit jaar nog", "2026-03-20", "2026-12-31"),
        ("komend jaar", "2024-11-14", "2025-12-31"),
        ("het komende jaar", "2024-11-14", "2025-12-31"),
        ("volgend jaar", "2024-11-14", "2025-12-31"),
        ("in 2025", None, "2025-12-31"),
        ("voor 1 januari 2026", None, "2025-12-31"),
        ("uiterlijk 1 januari 2026", None, "2026-01-01"),
        ("voor 2026", None, "2025-12-31"),
        ("in het tweede halfjaar van 2025", None, "2025-12-31"),
    ],
)
def test_resolve_deadline(phrase: str, letter: str | None, expected: str) -> None:
    assert resolve_deadline(phrase, letter) == expected


@pytest.mark.parametrize("phrase", ["dit jaar", "voor de zomer", "komend jaar", "in juni"])
def test_relative_deadline_without_letter_date_is_none(phrase: str) -> None:
    assert resolve_deadline(phrase, None) is None


def test_unknown_phrase_is_none() -> None:
    assert resolve_deadline("binnenkort", "2024-11-14") is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Het eindrapport wordt conform de taakopdracht in juni 2025 verwacht.", "in juni 2025"),
        ("Uw Kamer zal voor de zomer 2025 nader worden geïnformeerd.", "voor de zomer 2025"),
        ("In dit kader stuur ik uw Kamer voor het eind van het jaar de verkenning toe.",
         "voor het eind van het jaar"),
        ("en zal deze dit jaar nog in internetconsultatie doen.", "dit jaar nog"),
        ("Deze verkenning wordt naar verwachting in het eerste kwartaal van 2025 opgeleverd.",
         "naar verwachting in het eerste kwartaal van 2025"),
        ("In het voorjaar 2025 stuurt het kabinet een brief.", "In het voorjaar 2025"),
        ("Mijn doel is om voor de zomer een concept convenant klaar te hebben.", "voor de zomer"),
    ],
)  # fmt: skip
def test_find_deadline_as_written(sentence: str, expected: str) -> None:
    found = find_deadline(sentence)
    assert found is not None
    assert found[0] == expected
    assert sentence[found[1] : found[2]] == expected


def test_day_and_month_is_a_date_not_a_period() -> None:
    assert find_deadlines("Den Haag, 14 november 2024") == []
    assert find_deadlines("Mijn ambitie is 100.000 woningen per jaar.") == []


_DEADLINE_WORDS = st.one_of(
    st.sampled_from(deadlines._FIND_WORDS),
    st.sampled_from(["2025", "14", "1e", "Voor", "VÓÓR", "Juni", "-", "x", "het jaar", "in-", "ſ"]),
    st.sampled_from(["van", "jaar", "kwartaal", "helft", "halfjaar", "Van", "JAAR"]),  # not first
)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.tuples(_DEADLINE_WORDS, st.sampled_from([" ", "  ", ", ", ".", "-", "\n", ""])),
        max_size=14,
    )
    .map(lambda pairs: "".join(word + sep for word, sep in pairs))
    .filter(bool)
    | st.text(max_size=80)
)
def test_deadlines_tried_at_their_first_words_as_everywhere(sentence: str) -> None:
    everywhere = [(m.group(0), m.start(), m.end()) for m in deadlines._FIND.finditer(sentence)]
    low = folded(sentence)
    found = deadlines.find_deadlines_folded(sentence, low)
    assert found == [
        item
        for item in everywhere
        if not (
            deadlines._DAY_BEFORE.search(sentence[: item[1]])
            and re.match(deadlines._MONTH, item[0], re.I)
        )
    ]


def test_folded_pattern_is_the_pattern_in_lower_case() -> None:
    assert deadlines._FIND_FOLDED.pattern == deadlines._FIND.pattern.lower()
    assert not deadlines._FIND_FOLDED.flags & re.IGNORECASE
