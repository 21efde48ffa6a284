"""The direct YAML writer writes PyYAML's text byte for byte, or declines.

PyYAML's pure-Python emitter (:func:`generator.store.dump_yaml_python`) is the reference:
generated awkward strings in every context a letter has (mapping value at several
columns and depths, sequence item, nested sequences, keys), generated data, and every
letter in content/.
"""

from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.corpus import generate
from generator import store, yamltext
from generator.cli import main
from generator.store import dump_yaml, dump_yaml_python, load_yaml

from .seeds import CONTENT

_WRITER = store._WRITER

# pieces of awkward strings: words, runs of spaces, YAML indicators, quotes, words that
# resolve to other types, line breaks, controls, characters PyYAML escapes, non-ASCII
_PIECES = (
    *("de", "minister", "Kamerstukken", "II", "2023/24,", "nr.", "30%-regeling", "'t"),
    *(" ", " ", " ", " ", "  ", "   ", ": ", ":", " #", "#", "'", '"', "\\", "...", "---"),
    *("- ", "-", "? ", "?", "yes", "No", "null", "~", "1.0", "12", "-3", "0x1f", "2025-01-01"),
    *("\n", "\n\n", "\t", "\r", "\x85", "\u2028", "\ufeff", "\x00", "\x7f", "\xa0", "\u201c"),
    *("\U0001f600", "\ud800", "\uffff", "|", ">", "{", "}", "[", "]", "&", "*", "!", "%"),
    *("@", "`", ",", "<<", "=", "é", "ß", "x" * 30, "woord" * 12),
)


_ONE_LINE_PIECES = tuple(p for p in _PIECES if p.isprintable() or p == "\xa0")


def _awkward(rng: random.Random) -> str:
    """A string of up to a few hundred characters: prose, or awkward pieces (without or
    with line breaks and characters PyYAML escapes)."""
    draw = rng.random()
    if draw < 0.3:  # long prose, mostly folded
        words = rng.choices(("de", "minister", "Kamer", "30%-regeling", "'t", "e.a."), k=80)
        return " ".join(words)[: rng.randrange(1, 400)]
    pieces = _ONE_LINE_PIECES if draw < 0.7 else _PIECES
    return "".join(rng.choices(pieces, k=rng.randrange(0, 40)))


def _contexts(value: str) -> list[Any]:
    """``value`` as value and item at several columns and depths, and as a key."""
    return [
        {"a": value, "stance_phrase": value, "list": [value, [value, {"k": value}]]},
        {"k" * 40: value, "d": {"due_text": {"x" * 30: [{"appreciatie": value}]}}},
        {"a": {"b": {"c": {"d": {"e": {"f": [[[value]]]}}}}}},
        {value: 1, "b": [{value: None}]},
    ]


def _check(data: Any) -> bool:
    """The writer's text is PyYAML's (True), or it declines (False)."""
    text = _WRITER.dump(data)
    if text is None:
        return False
    assert text == dump_yaml_python(data), data
    return True


def test_awkward_strings_in_every_context() -> None:
    rng = random.Random(20251129)
    written = 0
    for _ in range(6000):
        value = _awkward(rng)
        written += sum(_check(data) for data in _contexts(value))
    assert written > 14000  # of 24,000: most (PyYAML escapes the others, or a key)


def test_folding_at_every_column() -> None:
    """Plain, single-quoted and folded texts whose spaces fall around the line width."""
    written = 0
    for length in range(60, 100):
        for text in ("a " * 60, "'b' " * 30, " c" * 40, "d  e " * 20, "e:f #g " * 14):
            value = text[:length]
            for indent in range(0, 14, 2):
                data: Any = {"key": value}
                for _ in range(indent // 2):
                    data = {"k": data}
                written += _check(data) + _check({"x": [data, [value]]})
                written += _check({"i" * (indent + 1): value, value.strip()[:70]: indent})
    assert written == 40 * 5 * 7 * 3


def test_every_letter_is_written_not_declined() -> None:
    paths = sorted((CONTENT / "machine").glob("*.yml")) + sorted(
        (CONTENT / "letters").glob("*.yml")
    )
    assert len(paths) == 10
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert _WRITER.dump(load_yaml(text, str(path))) == text


def test_shapes_it_declines() -> None:
    """Double-quoted scalars, kept final breaks, odd keys and types: the general way."""
    for data in (
        {"a": "tab\there"},
        {"a": "regel\x85met NEL"},
        {"a": "eindigt op\n\n"},
        {"a": "spatie voor \nbreuk"},
        {"": 1},
        {"k" * 101: 1},
        {"a\nb": 1},
        {"a": 1.5},
        {("k",): 1},
        {},
        [1],
        "bare",
    ):
        assert _WRITER.dump(data) is None, data
        assert dump_yaml(data) == dump_yaml_python(data)


_TEXTS = st.one_of(
    st.text(max_size=150),
    st.lists(st.sampled_from(_PIECES), max_size=50).map("".join),
)
_KEYS = st.one_of(
    st.sampled_from(["id", "text", "lines", "due_text", "3", "a b", "null", "'q'"]),
    st.text(max_size=110),
)


def _collections(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    other_keys = st.one_of(st.integers(), st.booleans(), st.none())
    return st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(_KEYS, children, max_size=4),
        st.dictionaries(other_keys, children, max_size=2),
    )


_DATA = st.recursive(
    st.one_of(_TEXTS, st.integers(), st.none(), st.booleans()), _collections, max_leaves=16
)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(_KEYS, _DATA, min_size=1, max_size=5))
def test_generated_data_is_pyyaml_text(data: dict[Any, Any]) -> None:
    _check(data)


def test_printable_text_needs_no_pattern() -> None:
    """The writer and the dumper's style skip their patterns for printable text: no
    character the patterns look for is printable."""
    patterns = (yamltext._BREAKS_OR_CONTROLS, yamltext._NOT_ONE_LINE, yamltext._NOT_LITERAL)
    for code in range(0x110000):
        char = chr(code)
        if any(pattern.match(char) for pattern in patterns) or char == "\n":
            assert not char.isprintable(), hex(code)
        if char.isprintable() and char.isspace():  # what str.strip() removes
            assert char == " ", hex(code)


def _style_as_it_was(value: str) -> str | None:
    """The dumper's string style as first written (before its printable shortcut)."""
    if yamltext._BREAKS_OR_CONTROLS.search(value):
        return '"'
    if "\n" in value:
        return "|"
    if len(value) > yamltext.FOLD_AT and value == value.strip() and "  " not in value:
        return ">"
    return None


def test_string_style_is_the_rule_it_was() -> None:
    rng = random.Random(7)
    values = [_awkward(rng) for _ in range(20000)] + [chr(code) for code in range(0x110000)]
    values += [f" {'x' * 80}", f"{'x' * 80}\xa0", f"{'x' * 40}\u3000{'x' * 40}"]
    for value in values:
        assert yamltext.string_style(value) == _style_as_it_was(value), value


def test_special_characters_are_those_of_pyyaml() -> None:
    """Each character alone: the writer declines exactly where PyYAML double-quotes."""
    emitter = yaml.emitter.Emitter(io.StringIO(), allow_unicode=True)
    for code in range(0x110000):
        char = chr(code)
        analysis = emitter.analyze_scalar(f"a{char}b")
        one_line = analysis.allow_single_quoted and not analysis.multiline
        assert (yamltext._NOT_ONE_LINE.match(char) is None) == one_line, hex(code)
        assert (yamltext._NOT_LITERAL.match(char) is None) == (one_line or char == "\n")


def test_synthetic_letters_are_pyyaml_text(tmp_path: Path) -> None:
    """Generated letters (all three text flavours) through ingest: PyYAML's text."""
    sources = generate(tmp_path / "src", 12, seed=11)
    assert main(["ingest", "-q", "--content", str(tmp_path / "c"), *map(str, sources)]) == 0
    paths = sorted((tmp_path / "c").glob("*/*.yml"))
    assert len(paths) == 24
    for path in paths:
        text = path.read_text(encoding="utf-8")
        data = load_yaml(text, str(path))
        assert _WRITER.dump(data) == dump_yaml_python(data) == text
