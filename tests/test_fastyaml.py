"""generator.fastyaml builds exactly the data PyYAML's safe constructor (as configured in
generator.store) builds, and leaves everything else to it: the same results on real
files, a generated corpus and tricky scalars and keys; the same errors and lines."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.corpus import generate
from generator.cli import main
from generator.diagnostics import ContentError
from generator.fastyaml import NOT_PLAIN, composer_for, load_plain
from generator.store import _COMPOSER, _CLoader, load_yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSER = composer_for(_CLoader)
assert COMPOSER is not None and _COMPOSER is not None


def pyyaml(text: str) -> Any:
    return yaml.load(text, Loader=_CLoader)


def same(a: Any, b: Any) -> bool:
    """Equal, with the same types all the way down (1 is not True, NaN equals NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(map(type, a)) == list(map(type, b)) and all(
            same(ka, kb) and same(a[ka], b[kb]) for ka, kb in zip(a, b, strict=True)
        )
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def check(text: str) -> Any:
    """The fast result equals PyYAML's, or the fast path steps aside."""
    assert COMPOSER is not None
    fast = load_plain(text, COMPOSER)
    if fast is NOT_PLAIN:
        return fast
    assert same(fast, pyyaml(text)), text
    return fast


def test_every_yaml_file_in_content_is_read_the_same() -> None:
    paths = sorted((ROOT / "content").rglob("*.yml"))
    assert len(paths) > 5
    for path in paths:
        text = path.read_text("utf-8")
        assert check(text) is not NOT_PLAIN, path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("fastyaml")
    generate(base / "src", 12, seed=11)
    assert main(["ingest", "-q", "--content", str(base / "content"), str(base / "src")]) == 0
    return base / "content"


def test_a_generated_corpus_is_read_the_same(corpus: Path) -> None:
    paths = sorted(corpus.rglob("*.yml"))
    assert len(paths) >= 12
    for path in paths:
        assert check(path.read_text("utf-8")) is not NOT_PLAIN, path


TRICKY = [
    *[
        "yes",
        "Yes",
        "YES",
        "no",
        "No",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "y",
        "n",
        "Y",
        "N",
        "true",
        "True",
        "TRUE",
        "false",
        "False",
    ],
    *[
        "~",
        "null",
        "Null",
        "NULL",
        "nul",
        "0",
        "-0",
        "+0",
        "00",
        "012",
        "019",
        "0o7",
        "0x1F",
        "0X1F",
        "0b101",
        "0b102",
        "1_000",
        "+12",
    ],
    *[
        "-12",
        "1:30",
        "-1:30:00",
        "190:20:30",
        "1e3",
        "1E3",
        "1.0e3",
        "1.5e+3",
        "6.8523015e+5",
        "685.230_15e+03",
    ],
    *[
        ".inf",
        ".Inf",
        ".INF",
        "-.inf",
        "+.inf",
        ".nan",
        ".NaN",
        ".NAN",
        "1.",
        ".5",
        "-.5",
        "+.5",
        "1.2.3",
        "0.1_2",
    ],
    *["2024-01-01", "2024-1-1", "2024-01-01T10:00:00Z", "2001-12-14t21:59:43.10-05:00"],
    "2024-01-01 10:00",
    "2001-12-14 21:59:43.10 -5",
    *[
        "=",
        "<",
        "<<",
        "<<x",
        "~x",
        "nulls",
        "yesno",
        "0x",
        "0b",
        "1_",
        "_1",
        "-",
        "--",
        "--x",
        "+x",
        ".x",
        "1e",
        "1e+",
        "e3",
        "½",
        "一",
    ],
    "",
]


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@pytest.mark.parametrize("value", TRICKY)
def test_tricky_scalars_as_values_and_keys(value: str) -> None:
    plain = value if value not in {"", "-", "--", "<<", "="} else _quoted(value)
    for text in (
        f"a: {plain}\n",
        f"- {plain}\n",
        f"[{plain}]\n" if value not in {"-", "--"} else "[]\n",
        f"a: {_quoted(value)}\n",
        f'a: "{value}"\n',
        f"a: !!str {plain}\n",
        f"{plain}: 1\n",
        f"{_quoted(value)}: 1\n",
        f"a:\n  {plain}: x\n  other: {plain}\n",
    ):
        check(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [1, 2, {c: d}]\nc: {}\nd: []\ne:\n",
        "a: >-\n  folded\n  text\nb: |\n  literal\n  text\n",
        "? a\n: b\n",
        "a: !!int '12'\nb: !!float '1'\nc: !!bool 'yes'\nd: !!null 'x'\n",
        "a: !!timestamp 2024-01-01\nb: 2024-01-01\n",
        "--- a\n",
        "---\n...\n",
        "",
        "# only a comment\n",
        "1: a\n1.5: b\nfalse: c\n~: d\n",
        "a: !!int 12\nb: !!int \u0661\u0662\nc: !!int 0012\nd: !!int 1_2\n",
    ],
)
def test_documents_are_read_the_same(text: str) -> None:
    assert check(text) is not NOT_PLAIN


@pytest.mark.parametrize(
    "text",
    [
        "a: &x {b: 1}\nc: *x\n",  # an alias: PyYAML shares the dict
        "a: &x [1]\nb: *x\n",
        "a: &x\n  b: *x\n",  # recursive
        "base: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n",  # a merge key: PyYAML refuses it here
        "a: !!binary aGVsbG8=\n",
        "a: !!set {x, y}\n",
        "a: !!omap [x: 1]\n",
        "a: !custom x\n",
        "a: 1\na: 2\n",  # duplicate key
        "1: a\ntrue: b\n",  # equal keys: 1 == True
        "[a]: 1\n",  # a key that is not a plain value
        "{a: 1}: 2\n",
        "a: !!int x\n",
        "a: !!int \u00b2\n",
        "a: !!bool maybe\n",
        "= : 1\n",
        "a: [\n",
        "a: 1\n---\nb: 2\n",
    ],
)
def test_what_it_does_not_handle_is_left_to_pyyaml(text: str) -> None:
    assert check(text) is NOT_PLAIN
    try:
        expected: Any = ("ok", pyyaml(text))
    except Exception as exc:
        expected = ("error", type(exc))
    try:
        got: Any = ("ok", load_yaml(text, "x.yml"))
    except ContentError:
        got = ("error", yaml.YAMLError)
    except Exception as exc:
        got = ("error", type(exc))
    if expected[0] == "ok":
        assert got[0] == "ok" and same(got[1], expected[1])
    else:
        assert got[0] == "error"
        assert issubclass(expected[1], got[1])


def test_duplicate_keys_and_broken_yaml_keep_their_message_and_line() -> None:
    with pytest.raises(ContentError) as dup:
        load_yaml("a: 1\nb:\n  c: 2\n  c: 3\n", "x.yml")
    assert str(dup.value) == "x.yml:4: invalid YAML: duplicate key 'c' (first on line 3)"
    with pytest.raises(ContentError) as broken:
        load_yaml("a: 1\nb: [1, 2\nc: 3\n", "y.yml")
    assert str(broken.value).startswith("y.yml:3: invalid YAML: ")
    with pytest.raises(ContentError) as key:
        load_yaml("a: 1\n[b]: 2\n", "z.yml")
    assert (
        str(key.value)
        == "z.yml:2: invalid YAML: a key must be a plain value, not a list or mapping"
    )


SCALAR_TEXT = st.sampled_from(TRICKY) | st.text(
    st.sampled_from(list("ab01-+.:_ eExXoOyYnN~'\"#&*!|>%@`,[]{}?\n\t\u2028é")), max_size=12
)
DATA = st.recursive(
    SCALAR_TEXT | st.integers() | st.floats() | st.booleans() | st.none(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            SCALAR_TEXT | st.integers() | st.booleans() | st.none(), inner, max_size=4
        )
    ),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(DATA, st.sampled_from([None, True, False]), st.integers(20, 88))
def test_any_dumped_data_is_read_the_same(data: Any, flow: bool | None, width: int) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, width=width, allow_unicode=True)
    check(text)


LINE = st.lists(SCALAR_TEXT, min_size=1, max_size=3).map(": ".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "  ", "- ", "  - ", "? "]), LINE), max_size=6))
def test_hand_written_looking_text_is_read_the_same_or_left_alone(
    rows: list[tuple[str, str]],
) -> None:
    check("".join(indent + line + "\n" for indent, line in rows))
