"""Editors' corrections survive re-ingest: three-way merge on realistic letters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.codec import letter_from_data, letter_to_data
from generator.merge import (
    machine_snapshot_path,
    merge_letter,
    merge_with_existing,
    write_merged,
)
from generator.store import dump_yaml
from tests.review_support import commitment, edited, letter_000, letter_002, letter_003, rec


def _ingest_twice(
    tmp_path: Path, first: dict[str, Any], current: dict[str, Any] | str, new: dict[str, Any]
) -> tuple[dict[str, Any], list[str], Path]:
    """First ingest wrote ``first`` (and its snapshot); the editor saved ``current``."""
    content = tmp_path / "content"
    write_merged(content, first, first)
    path = content / "letters" / f"{first['id']}.yml"
    path.write_text(current if isinstance(current, str) else dump_yaml(current), "utf-8")
    merged, diagnostics = merge_with_existing(content, new)
    return merged, [str(d) for d in diagnostics], path


def test_first_ingest_returns_new_data_unchanged(tmp_path: Path) -> None:
    new = letter_002()
    assert merge_with_existing(tmp_path / "content", new) == (new, [])


def test_snapshot_path() -> None:
    assert machine_snapshot_path(Path("content"), "002") == Path("content/machine/002.yml")


def test_stance_fix_survives_reingest_that_changes_other_fields(tmp_path: Path) -> None:
    machine = letter_002()
    ours = edited(machine)
    rec(ours, "r1")["stance"] = "studying"  # editor: "onderzoekt" outweighs "eens"
    rec(ours, "r1")["review"] = {"state": "reviewed", "by": "an", "date": "2025-01-10"}
    new = edited(machine)
    rec(new, "r2")["stance_phrase"] = "Het kabinet maakt hierin andere keuzes"
    commitment(new, "c1")["due_date"] = "2025-06-21"  # parser fix of "voorjaar"
    merged, diagnostics, _ = _ingest_twice(tmp_path, machine, ours, new)
    assert diagnostics == []
    assert rec(merged, "r1")["stance"] == "studying"
    assert rec(merged, "r1")["review"] == {"state": "reviewed", "by": "an", "date": "2025-01-10"}
    assert rec(merged, "r2")["stance_phrase"] == "Het kabinet maakt hierin andere keuzes"
    assert commitment(merged, "c1")["due_date"] == "2025-06-21"
    assert list(merged) == [*list(machine)]  # key order of the dump kept


def test_stance_changed_by_both_is_a_conflict_on_the_real_line(tmp_path: Path) -> None:
    machine = letter_002()
    ours = edited(machine)
    rec(ours, "r2")["stance"] = "partly"
    new = edited(machine)
    rec(new, "r2")["stance"] = "studying"
    merged, diagnostics, path = _ingest_twice(tmp_path, machine, ours, new)
    assert diagnostics == [
        f"{path}:47: conflict in recommendations[r2].stance: "
        "editor has 'partly', machine now says 'studying'"
    ]
    assert path.read_text().splitlines()[46] == "  stance: partly"
    assert rec(merged, "r2")["stance"] == "partly"  # the editor's value stays


def test_stance_override_and_fulfilled_by_are_kept(tmp_path: Path) -> None:
    machine = letter_002()
    ours = edited(machine)
    rec(ours, "r2")["stance_override"] = {
        "stance": "partly",
        "reason": "Kennismigrantenregeling wordt wel aangescherpt.",
    }
    commitment(ours, "c2")["fulfilled_by"] = "005"
    new = edited(machine)
    rec(new, "r2")["stance"] = "noted"
    del new["commitments"][0]  # the parser no longer sees c1
    merged, diagnostics, _ = _ingest_twice(tmp_path, machine, ours, new)
    assert diagnostics == []
    assert rec(merged, "r2")["stance"] == "noted"
    assert rec(merged, "r2")["stance_override"]["stance"] == "partly"
    assert [c["id"] for c in merged["commitments"]] == ["c2"]
    assert commitment(merged, "c2")["fulfilled_by"] == "005"


def test_topics_merge_as_sets(tmp_path: Path) -> None:
    machine = letter_002()
    ours = edited(machine)
    ours["topics"] = ["arbeidsmigratie", "brede-welvaart"]
    new = edited(machine)
    new["topics"] = ["kennismigratie", "arbeidsmigratie"]
    merged, diagnostics, _ = _ingest_twice(tmp_path, machine, ours, new)
    assert diagnostics == []
    assert merged["topics"] == ["kennismigratie", "arbeidsmigratie", "brede-welvaart"]


def test_editor_removed_topic_stays_removed(tmp_path: Path) -> None:
    machine = letter_003()
    ours = edited(machine)
    ours["topics"] = ["arbeidsmigratie"]
    new = edited(machine)
    new["topics"] = ["arbeidsmigratie", "kennismigratie", "woningmarkt"]
    merged, _, _ = _ingest_twice(tmp_path, machine, ours, new)
    assert merged["topics"] == ["arbeidsmigratie", "woningmarkt"]


def test_corrected_title(tmp_path: Path) -> None:
    machine = letter_003()
    ours = edited(machine)
    ours["title"] = "Naar een selectiever en gericht arbeidsmigratiebeleid (voortgangsbrief)"
    same, diagnostics, _ = _ingest_twice(tmp_path / "a", machine, ours, edited(machine))
    assert (same["title"], diagnostics) == (ours["title"], [])

    new = edited(machine)
    new["title"] = "Naar een selectiever en gericht arbeidsmigratiebeleid."
    merged, diagnostics, path = _ingest_twice(tmp_path / "b", machine, ours, new)
    assert merged["title"] == ours["title"]
    assert diagnostics == [
        f"{path}:4: conflict in title: editor has "
        "'Naar een selectiever en gericht arbeidsmigratiebeleid (voor…', "
        "machine now says 'Naar een selectiever en gericht arbeidsmigratiebeleid.'"
    ]


def test_machine_title_fix_applies_when_editor_left_it(tmp_path: Path) -> None:
    machine = letter_003()
    new = edited(machine)
    new["title"] = "Naar een selectiever en gericht arbeidsmigratiebeleid."
    merged, diagnostics, _ = _ingest_twice(tmp_path, machine, edited(machine), new)
    assert (merged, diagnostics) == (new, [])


def test_missing_date_of_002_supplied_by_editor(tmp_path: Path) -> None:
    machine = letter_002()
    ours = edited(machine)
    ours["editorial"] = {
        "date": "2024-12-20",
        "date_source": "rijksoverheid.nl, publicatiedatum",
        "summary": "Het kabinet neemt de brede welvaartstoets niet over.",
    }
    new = edited(machine)
    new["date_estimate"] = "2024-12"
    merged, diagnostics, _ = _ingest_twice(tmp_path, machine, ours, new)
    assert diagnostics == []
    assert merged["editorial"] == ours["editorial"]
    assert merged["date"] is None and merged["date_estimate"] == "2024-12"
    assert letter_from_data(merged).editorial["date"] == "2024-12-20"


def test_editor_set_date_conflicts_with_parser_finding_another(tmp_path: Path) -> None:
    machine = letter_002()
    text = dump_yaml(machine).replace("date: null\n", "date: 2024-12-20\n", 1)
    new = edited(machine)
    new["date"] = "2024-12-19"
    merged, diagnostics, path = _ingest_twice(tmp_path, machine, text, new)
    assert merged["date"] == "2024-12-20"  # plain YAML date stays a string
    assert diagnostics == [
        f"{path}:5: conflict in date: editor has '2024-12-20', machine now says '2024-12-19'"
    ]


def _split(data: dict[str, Any]) -> dict[str, Any]:
    """The editor splits question 3 of seed 000 into questions 3 and 4."""
    out = edited(data)
    out["questions"][2].update(
        question="Herkent u het gemiddelde bedrag van €591.000?",
        lines={"question": "17", "answer": "20-21"},
    )
    out["questions"].append(
        {
            "number": 4,
            "group": [],
            "question": "Bent u het eens dat vermogende expats de betaalbaarheid onder druk "
            "zetten?",
            "answer": "Nee, het effect is beperkt en lokaal.",
            "footnotes": [],
            "lines": {"question": "24-25", "answer": "27-30"},
        }
    )
    return out


def test_split_question_survives_same_parser(tmp_path: Path) -> None:
    machine = letter_000()
    ours = _split(machine)
    merged, diagnostics, _ = _ingest_twice(tmp_path, machine, ours, edited(machine))
    assert (merged, diagnostics) == (ours, [])


def test_split_question_then_parser_learns_to_split(tmp_path: Path) -> None:
    machine = letter_000()
    ours = _split(machine)
    new = _split(machine)
    new["questions"][3]["answer"] = "Nee. Het effect is beperkt en lokaal."
    new["questions"][0]["answer"] = "Ja, beide."
    merged, diagnostics, path = _ingest_twice(tmp_path, machine, ours, new)
    assert merged["questions"][0]["answer"] == "Ja, beide."
    assert merged["questions"][3] == ours["questions"][3]
    line = path.read_text().splitlines().index("  answer: Nee, het effect is beperkt en lokaal.")
    assert diagnostics == [
        f"{path}:{line + 1}: conflict in questions[4].answer: editor has "
        "'Nee, het effect is beperkt en lokaal.', machine now says "
        "'Nee. Het effect is beperkt en lokaal.'"
    ]


def test_item_reviewed_by_editor_but_dropped_by_machine(tmp_path: Path) -> None:
    machine = letter_003()
    ours = edited(machine)
    commitment(ours, "c3")["review"] = {"state": "reviewed", "by": "jk", "date": "2025-01-02"}
    new = edited(machine)
    new["commitments"] = new["commitments"][:2]
    merged, diagnostics, path = _ingest_twice(tmp_path, machine, ours, new)
    assert [c["id"] for c in merged["commitments"]] == ["c1", "c2", "c3"]
    line = path.read_text().splitlines().index("- id: c3") + 1
    assert diagnostics == [
        f"{path}:{line}: conflict in commitments[c3]: editor has item c3, "
        "machine now says nothing (removed)"
    ]


def test_no_snapshot_every_difference_is_a_conflict(tmp_path: Path) -> None:
    machine = letter_003()
    ours = edited(machine)
    ours["title"] = "Arbeidsmigratiebrief"
    content = tmp_path / "content"
    (content / "letters").mkdir(parents=True)
    (content / "letters" / "003.yml").write_text(dump_yaml(ours), "utf-8")
    merged, diagnostics = merge_with_existing(content, machine)
    assert merged == ours
    assert [d.message for d in diagnostics] == [
        "conflict in title: editor has 'Arbeidsmigratiebrief', machine now says "
        "'Naar een selectiever en gericht arbeidsmigratiebeleid'"
    ]


def test_write_merged_writes_letter_and_snapshot(tmp_path: Path) -> None:
    content = tmp_path / "content"
    machine = letter_002()
    merged = edited(machine)
    merged["editorial"] = {"summary": "Kort."}
    write_merged(content, machine, merged)
    assert (content / "letters/002.yml").read_text() == dump_yaml(merged)
    assert (content / "machine/002.yml").read_text() == dump_yaml(machine)


def test_roundtrip_with_editorial_fields_is_kept_by_store() -> None:
    data = letter_002()
    assert letter_to_data(letter_from_data(data)) == data


def test_both_add_same_new_key_differently_merges_per_field() -> None:
    base = {"kamerstuk": None}
    ours = {"kamerstuk": {"dossier": "29861", "number": None}}
    theirs = {"kamerstuk": {"dossier": "29861", "number": "1234"}}
    merged, conflicts = merge_letter(base, ours, theirs)
    assert merged == ours
    assert [(c.path, c.ours, c.theirs) for c in conflicts] == [("kamerstuk.number", None, "1234")]
