"""YAML storage: round trips, stable output, no anchors, folded long texts."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.codec import letter_from_data, letter_to_data
from generator.store import dump_letter, dump_yaml, load_yaml

from .seeds import CONTENT


def _letters() -> list[Path]:
    return sorted((CONTENT / "machine").glob("*.yml"))


def test_bundled_letters_round_trip_byte_identical() -> None:
    assert len(_letters()) == 5
    for path in _letters():
        text = path.read_text(encoding="utf-8")
        letter = letter_from_data(load_yaml(text, str(path)))
        assert dump_letter(letter) == text
        assert letter_to_data(letter) == load_yaml(text, str(path))


def test_dump_has_no_anchors_and_folds_long_texts() -> None:
    shared = "een lange tekst die vaker voorkomt en daarom een anker zou kunnen krijgen " * 2
    text = dump_yaml({"a": shared.strip(), "b": shared.strip(), "c": ["x", "x"]})
    assert "&" not in text and "*id" not in text
    assert text.startswith("a: >-\n")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_any_string_survives_the_yaml_round_trip(value: str) -> None:
    data = {"text": value, "items": [{"text": value}]}
    assert load_yaml(dump_yaml(data), "x.yml") == data
