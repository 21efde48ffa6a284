"""Editors' YAML comments go along when ingest rewrites a letter (generator.yamlcomments)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import yamlcomments
from generator.store import dump_yaml, load_yaml
from generator.yamlcomments import Comment, carry_comments, find_comments

LETTERS = sorted((Path(__file__).parent.parent / "content" / "letters").glob("*.yml"))


def test_hashes_inside_values_are_not_comments() -> None:
    text = (
        "title: 'Motie # 12'\n"
        'kenmerk: "2024 #3"\n'
        "url: https://example.org/a#b\n"
        "text: |-\n"
        "  # geen opmerking: tekst van de brief\n"
        "  regel twee\n"
        "# wel een opmerking\n"
        "date: null  # onbekend\n"
    )
    assert find_comments(text) == [
        Comment(("# wel een opmerking",), ("date",), False),
        Comment(("# onbekend",), ("date",), True),
    ]


def test_comment_after_a_block_scalar_indicator() -> None:
    text = "text: |-  # controleren\n  eerste regel\n  tweede regel\nid: x\n"
    assert find_comments(text) == [Comment(("# controleren",), ("text",), True)]
    new = "text: |-\n  eerste regel\n  andere regel\nid: x\n"
    # a block value cannot take a comment at the end of its first line: it goes above
    assert carry_comments(text, new) == "# controleren\n" + new


def test_comment_stays_with_its_item_when_one_is_inserted_before_it() -> None:
    old = dump_yaml({"questions": [{"number": 1, "q": "a"}, {"number": 2, "q": "b"}]})
    old = old.replace("- number: 2", "# tweede vraag\n- number: 2")
    new = dump_yaml(
        {"questions": [{"number": 0, "q": "z"}, {"number": 1, "q": "a"}, {"number": 2, "q": "c"}]}
    )
    out = carry_comments(old, new)
    rows = out.splitlines()
    assert rows[rows.index("- number: 2") - 1] == "# tweede vraag"
    assert load_yaml(out, "x") == load_yaml(new, "x")


def test_comment_of_a_removed_item_goes_above_its_list() -> None:
    old = "id: x\ncommitments:\n- id: c1\n  # deze is dubbel\n  text: a\n- id: c2\n  text: b\n"
    new = "id: x\ncommitments:\n- id: c2\n  text: b\n"
    assert carry_comments(old, new) == (
        "id: x\n# deze is dubbel\ncommitments:\n- id: c2\n  text: b\n"
    )


def test_trailing_comment_of_a_value_that_now_runs_on_goes_above_it() -> None:
    old = "summary: kort  # nog uitbreiden\nid: x\n"
    new = dump_yaml({"summary": "lang " * 30, "id": "x"})
    assert new.count("\n") > 2  # the value now runs over several lines
    assert carry_comments(old, new) == "# nog uitbreiden\n" + new


def test_no_comments_no_change() -> None:
    text = LETTERS[0].read_text("utf-8").replace("#", "")
    assert carry_comments(text, "id: x\n") == "id: x\n"


def test_placement_that_would_break_the_yaml_puts_comments_on_top(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlcomments, "_place", lambda text, data, comments: text + "  x: [")
    old = "# kop\nid: x  # het id\n"
    assert carry_comments(old, "id: y\n") == "# kop\n# het id\nid: y\n"


# --------------------------------------------------------------------------- properties


def _key_lines(rows: list[str]) -> list[int]:
    """Lines where a key or list item starts (where an editor would write a comment)."""
    out = []
    for no, row in enumerate(rows):
        body = row.lstrip(" ")
        if body.startswith("- ") or (":" in body and not body.startswith(("'", '"', "#"))):
            out.append(no)
    return out


def _mutate(data: dict[str, Any], choice: int) -> dict[str, Any]:
    new = copy.deepcopy(data)
    lists = [k for k, v in new.items() if isinstance(v, list) and v]
    if choice % 4 == 0 and lists:
        del new[lists[choice % len(lists)]][0]  # the machine drops an item
    elif choice % 4 == 1 and lists:
        key = lists[choice % len(lists)]
        new[key].insert(0, copy.deepcopy(new[key][-1]))  # ... or finds one more
    elif choice % 4 == 2:
        new["title"] = "Een nieuwe titel die veel langer is dan de oude " * (choice % 3)
    else:
        new.pop("kamerstuk", None)
    return new


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    letter=st.sampled_from(LETTERS),
    picks=st.lists(st.tuples(st.integers(0, 10_000), st.booleans()), min_size=1, max_size=6),
    choice=st.integers(0, 100),
)
def test_every_comment_survives_and_the_data_is_the_new_data(
    letter: Path, picks: list[tuple[int, bool]], choice: int
) -> None:
    text = letter.read_text("utf-8")
    rows = text.splitlines()
    candidates = _key_lines(rows)
    notes = []
    for n, (pick, trailing) in enumerate(sorted(set(picks), reverse=True)):
        no = candidates[pick % len(candidates)]
        note = f"# opmerking {n}"
        notes.append(note)
        if trailing and not rows[no].rstrip().endswith(("|-", "|", ">", ">-", ":")):
            rows[no] += "  " + note
        else:
            indent = len(rows[no]) - len(rows[no].lstrip(" "))
            rows.insert(no, " " * indent + note)
    old = "\n".join(rows) + "\n"
    if load_yaml(old, "old") != load_yaml(text, "text"):
        return  # a trailing note made a multi-line plain value end early: not a valid edit
    new = dump_yaml(_mutate(load_yaml(text, "text"), choice))
    out = carry_comments(old, new)
    assert load_yaml(out, "out") == load_yaml(new, "new")
    for note in notes:
        assert out.count(note + "\n") + out.count(note + "  ") == 1, note
    assert carry_comments(old, new) == out  # deterministic
