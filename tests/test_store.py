"""YAML storage: round trips, stable output, no anchors, folded long texts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import store
from generator.codec import letter_from_data, letter_to_data
from generator.store import dump_letter, dump_yaml, dump_yaml_python, load_yaml

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


# Texts of the kind letters hold, plus every character class where libyaml's and PyYAML's
# emitters are known to differ (quotes, backslashes, controls, line separators, BOM,
# astral characters, YAML indicators and words that resolve to other types).
_PIECES = st.sampled_from(
    (
        " ",
        "  ",
        "de",
        "minister",
        "30%-regeling",
        "29 861",
        ": ",
        " #",
        "'t",
        '"',
        "\\",
        "...",
        "- ",
        "? ",
        "yes",
        "null",
        "~",
        "1.0",
        "2025-01-01",
        "\n",
        "\t",
        "\r",
        "\x85",
        "\u2028",
        "\ufeff",
        "\x00",
        "\x7f",
        "\xa0",
        "\u201c",
        "\U0001f600",
        "|",
        ">",
        "{",
        "[",
        "&",
        "*",
        "!",
        "%",
        "@",
        "`",
        ",",
    )
)
_TEXTS = st.one_of(
    st.text(max_size=120),
    st.lists(_PIECES, max_size=60).map("".join),
)
_KEYS = st.one_of(
    st.sampled_from(["id", "text", "lines", "answer", "due_text", "", "3", "a b"]),
    st.text(max_size=70),
)
_DATA = st.recursive(
    st.one_of(_TEXTS, st.integers(), st.none(), st.booleans()),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(_KEYS, children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_DATA, st.dictionaries(_KEYS, _DATA, max_size=5)))
def test_fast_dump_writes_exactly_what_pyyaml_writes(data: object) -> None:
    """dump_yaml runs libyaml's emitter and falls back to PyYAML's where they may
    differ: the text must always be PyYAML's, byte for byte."""
    assert dump_yaml(data) == dump_yaml_python(data)


def test_fast_dump_of_bundled_letters_is_pyyaml_text() -> None:
    for path in _letters() + sorted((CONTENT / "letters").glob("*.yml")):
        data = load_yaml(path.read_text(encoding="utf-8"), str(path))
        assert dump_yaml(data) == dump_yaml_python(data) == path.read_text(encoding="utf-8")


def test_fast_dump_known_differences_fall_back() -> None:
    """Each case is one where libyaml alone writes other text than PyYAML."""
    long_key = "2025-01-01 << on 2025-01-01 no 30%-regeling - van :  't << Kamerstukken II 2023/24,"
    cases: list[object] = [
        {"": "leeg"},
        {"a": [{"": {}}]},
        {long_key + " null Kamerstukken II 2023/24, 2025-01-01  #": {"answer": "Zaken ~"}},
        {"text": "regel\x85met NEL"},
        {"text": ["- \u2028", 'een "citaat" met \\ backslash']},
        {"text": "eindigt op\n\n"},
        "bare scalar",
    ]
    for data in cases:
        assert dump_yaml(data) == dump_yaml_python(data), data


def _libyaml_text(data: object) -> str:
    """What libyaml writes for ``data`` by way of PyYAML's representer and resolver."""
    text: str = yaml.dump(data, Dumper=store._CDumper, **store._DUMP_OPTIONS)
    return text


_EVENT_DATA = st.recursive(
    st.one_of(
        _TEXTS,
        st.integers(),
        st.none(),
        st.booleans(),
        st.sampled_from(["12", "12-15", "-3", "0x1f", "1_000", "1.5", ".inf", "<<", "=", "~"]),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(_KEYS, children, max_size=4),
        st.dictionaries(st.one_of(st.integers(), st.booleans(), st.none()), children, max_size=2),
    ),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(st.lists(_EVENT_DATA, max_size=3), st.dictionaries(_KEYS, _EVENT_DATA, max_size=5))
)
def test_events_dump_writes_what_the_representer_leads_to(data: dict[Any, Any] | list[Any]) -> None:
    """The events made for plain data give libyaml's text through the representer, byte
    for byte; only a long key makes it decline."""
    text = store._dump_events(data)
    if text is None:
        assert store._has_long_key(data)
    else:
        assert text == _libyaml_text(data)


def test_events_dump_of_letters_is_the_representer_text() -> None:
    for path in _letters() + sorted((CONTENT / "letters").glob("*.yml")):
        data = load_yaml(path.read_text(encoding="utf-8"), str(path))
        assert store._dump_events(data) == _libyaml_text(data) == path.read_text(encoding="utf-8")


class _Text(str):
    pass


def test_events_dump_declines_what_is_not_plain_data() -> None:
    """Floats, tuples, subclasses: left to the representer (which writes or refuses them)."""
    for data in ([1.5], {"a": (1, 2)}, {"a": _Text("x")}, [{"a": {"b": [0.0]}}], {("k",): 1}):
        assert store._dump_events(data) is None  # type: ignore[arg-type]
    assert store._dump_events({"k" * 61: 1}) is None
    assert store._dump_events({"k" * 60: 1}) == _libyaml_text({"k" * 60: 1})
    assert dump_yaml({"a": [1.5, "x"]}) == dump_yaml_python({"a": [1.5, "x"]})


def test_may_differ_pretest_is_the_pattern() -> None:
    for text in ['a: "x"\n', "a: b\\c\n", "- '':\n", "a: |\n  b\n...\n", "a: b\n", "...\n", '"']:
        assert store._may_differ(text) == bool(store._MAY_DIFFER.search(text))
