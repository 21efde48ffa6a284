"""The pattern finders tried only where their matches can start find what a full scan finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.extract.names import _LAW_COMPOUND, _compound_starts, _laws, finditer_at

PIECES = st.sampled_from(
    ["Huisvestings", "wet", "Wet", "Omgevings", "abc", "A", "é", "É", "-", " ", "2014", " 2014",
     "(Hw)", "wetwet", "Ab", "x", "\n", "Z", "zwet", "Abcwet"]
)  # fmt: skip
TEXT = st.lists(PIECES, max_size=20).map("".join)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_compound_laws_found_where_they_can_start(text: str) -> None:
    spans = [m.span() for m in _LAW_COMPOUND.finditer(text)]
    assert [m.span() for m in finditer_at(_LAW_COMPOUND, text, _compound_starts(text))] == spans


def test_compound_law_after_a_capital_and_three_letters() -> None:
    assert [f.name for f in _laws("De Huisvestingswet 2014 (Hw) en de Abcdwet, niet Abcwet.")] == [
        "Huisvestingswet 2014",
        "Abcdwet",
    ]
