"""Properties of the three-way merge on arbitrary letter-like data."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.merge import MISSING, merge_letter, same

scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=6))
items = st.fixed_dictionaries(
    {"id": st.sampled_from(["r1", "r2", "r3", "r4"])},
    optional={
        "stance": scalars,
        "title": scalars,
        "review": st.dictionaries(st.text(max_size=3), scalars, max_size=2),
    },
)
letters = st.fixed_dictionaries(
    {},
    optional={
        "title": scalars,
        "date": scalars,
        "topics": st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True),
        "recommendations": st.lists(items, max_size=4, unique_by=lambda i: i["id"]),
        "editorial": st.dictionaries(st.sampled_from(["summary", "date"]), scalars),
    },
)


@settings(max_examples=300)
@given(letters, letters)
def test_only_machine_changed_gives_machine_output(base: dict[str, Any], x: dict[str, Any]) -> None:
    merged, conflicts = merge_letter(base, base, x)
    assert same(merged, x) and conflicts == []


@settings(max_examples=300)
@given(letters, letters)
def test_only_editor_changed_keeps_editor_version(base: dict[str, Any], x: dict[str, Any]) -> None:
    merged, conflicts = merge_letter(base, x, base)
    assert same(merged, x) and conflicts == []


@settings(max_examples=300)
@given(letters, letters)
def test_same_change_on_both_sides(base: dict[str, Any], x: dict[str, Any]) -> None:
    merged, conflicts = merge_letter(base, x, x)
    assert same(merged, x) and conflicts == []


@settings(max_examples=500)
@given(letters, letters, letters)
def test_each_top_level_value_is_the_editors_unless_only_the_machine_changed_it(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]
) -> None:
    merged, conflicts = merge_letter(base, ours, theirs)
    for key in ("title", "date"):
        expected = ours if not same(ours.get(key, MISSING), base.get(key, MISSING)) else theirs
        assert same(merged.get(key, MISSING), expected.get(key, MISSING))
        conflicted = any(c.path == key for c in conflicts)
        assert conflicted == (
            not same(ours.get(key, MISSING), base.get(key, MISSING))
            and not same(theirs.get(key, MISSING), base.get(key, MISSING))
            and not same(ours.get(key, MISSING), theirs.get(key, MISSING))
        )
