"""End to end on a real seed: ingest, edit like an editor, ingest again."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

from generator.diagnostics import Level
from generator.ingest import ingest
from generator.store import dump_yaml, load_yaml
from generator.validate import validate_content

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
REPO_CONTENT = Path(__file__).parent.parent / "content"


def _setup(tmp_path: Path) -> tuple[Path, Path, str]:
    content = tmp_path / "content"
    content.mkdir()
    for name in ("topics.yml", "entities.yml"):
        shutil.copy(REPO_CONTENT / name, content / name)
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(SEEDS / "002_bf36935709450a16.txt", source)
    report = ingest([source], content)
    assert not report.failed
    (letter,) = (content / "letters").glob("*.yml")
    return content, source, letter.stem


def _load(path: Path) -> dict[str, Any]:
    data = load_yaml(path.read_text("utf-8"), str(path))
    assert isinstance(data, dict)
    return data


def _rec(data: dict[str, Any], rid: str) -> dict[str, Any]:
    return next(r for r in data["recommendations"] if r["id"] == rid)


def _edit(data: dict[str, Any]) -> None:
    data["title"] = "Kabinetsreactie op het advies 'Afgewogen arbeidsmigratie'"
    data["topics"] = [*data["topics"], "kennismigratie"]
    _rec(data, "r2")["stance_override"] = {
        "stance": "partly",
        "reason": "De kennismigrantenregeling wordt wel aangescherpt.",
    }
    _rec(data, "r1")["stance"] = "studying"
    _rec(data, "r1")["review"] = {"state": "reviewed", "by": "an", "date": "2025-01-10"}
    data["editorial"] = {"date": "2024-12-20", "date_source": "rijksoverheid.nl"}


def test_edits_survive_reingest_of_the_same_source(tmp_path: Path) -> None:
    content, source, letter = _setup(tmp_path)
    path = content / "letters" / f"{letter}.yml"
    data = _load(path)
    _edit(data)
    path.write_text(dump_yaml(data), "utf-8")

    report = ingest([source], content)
    assert [d for d in report.diagnostics if "conflict" in d.message] == []
    assert report.unchanged == [path]
    assert _load(path) == data
    assert [d for d in validate_content(content) if d.level is Level.ERROR] == []


def _older_parser_output(tmp_path: Path, r4: bool = True) -> tuple[Path, Path, dict[str, Any]]:
    """A seed ingested, then its snapshot replaced by what an older parser wrote: a worse
    stance_phrase for r3 and (``r4``) "agrees" for r4. The source, letter file, that output."""
    content, source, letter = _setup(tmp_path)
    snapshot = content / "machine" / f"{letter}.yml"
    old = _load(snapshot)
    _rec(old, "r3")["stance_phrase"] = "beaamt"
    if r4:
        _rec(old, "r4")["stance"] = "agrees"
    snapshot.write_text(dump_yaml(old), "utf-8")
    return source, content / "letters" / f"{letter}.yml", old


def test_parser_improvement_updates_untouched_fields_and_reports_conflicts(
    tmp_path: Path,
) -> None:
    source, path, old = _older_parser_output(tmp_path)
    snapshot = path.parent.parent / "machine" / path.name
    real = _load(path)  # the letter as the current parser wrote it
    ours = copy.deepcopy(old)
    _edit(ours)
    _rec(ours, "r4")["stance"] = "partly"  # the editor corrected it, differently
    path.write_text(dump_yaml(ours), "utf-8")

    report = ingest([source], path.parent.parent)
    merged = _load(path)
    assert _rec(merged, "r3")["stance_phrase"] == _rec(real, "r3")["stance_phrase"]
    assert _rec(merged, "r4")["stance"] == "partly"
    assert merged["editorial"] == ours["editorial"]
    assert merged["title"] == ours["title"]
    assert _rec(merged, "r1")["stance"] == "studying"
    line = path.read_text("utf-8").splitlines().index("  stance: partly", 150) + 1
    assert [str(d) for d in report.diagnostics if "conflict" in d.message] == [
        f"{path}:{line}: conflict in recommendations[r4].stance: "
        "editor has 'partly', machine now says 'rejects'"
    ]
    assert _load(snapshot) == real


def _with_comments(text: str) -> str:
    """The editor's comments, as one writes them: a header, above an item, after a value."""
    rows = text.splitlines()
    rows.insert(0, "# Nagekeken door de redactie, zie PR 12")
    title = next(i for i, r in enumerate(rows) if r.startswith("title:"))
    rows[title] += "  # titel van rijksoverheid.nl"
    r4 = rows.index("- id: r4")
    rows[r4:r4] = ["# r4: navragen bij SZW", "# (appreciatie is dubbelzinnig)"]
    return "\n".join([*rows, "# einde"]) + "\n"


def test_editor_comments_survive_a_merge_that_rewrites_the_file(tmp_path: Path) -> None:
    source, path, old = _older_parser_output(tmp_path)
    ours = copy.deepcopy(old)
    _edit(ours)
    _rec(ours, "r4")["stance"] = "partly"
    path.write_text(_with_comments(dump_yaml(ours)), "utf-8")

    report = ingest([source], path.parent.parent)
    text = path.read_text("utf-8")
    rows = text.splitlines()
    assert rows[0] == "# Nagekeken door de redactie, zie PR 12"
    assert rows[4] == (
        "title: Kabinetsreactie op het advies 'Afgewogen arbeidsmigratie'"
        "  # titel van rijksoverheid.nl"
    )
    r4 = rows.index("- id: r4")
    assert rows[r4 - 2 : r4] == ["# r4: navragen bij SZW", "# (appreciatie is dubbelzinnig)"]
    assert rows[-1] == "# einde"
    assert _rec(_load(path), "r3")["stance_phrase"] != "beaamt"  # the machine's fix went in
    assert _rec(_load(path), "r4")["stance"] == "partly"
    line = rows.index("  stance: partly", r4) + 1  # the conflict names the line as written
    assert [str(d) for d in report.diagnostics if "conflict" in d.message] == [
        f"{path}:{line}: conflict in recommendations[r4].stance: "
        "editor has 'partly', machine now says 'rejects'"
    ]


def test_comments_alone_survive_when_the_machine_output_is_taken(tmp_path: Path) -> None:
    source, path, old = _older_parser_output(tmp_path, r4=False)
    real = _load(path)
    path.write_text(_with_comments(dump_yaml(old)), "utf-8")  # no edits, only comments

    report = ingest([source], path.parent.parent)
    assert [d for d in report.diagnostics if "conflict" in d.message] == []
    assert _load(path) == real
    text = path.read_text("utf-8")
    for comment in ("# Nagekeken", "# titel van", "# r4: navragen", "# (appreciatie", "# einde"):
        assert text.count(comment) == 1, comment
    without = [r for r in text.splitlines() if not r.startswith("#")]
    assert "\n".join(without).replace("  # titel van rijksoverheid.nl", "") + "\n" == dump_yaml(
        real
    )
