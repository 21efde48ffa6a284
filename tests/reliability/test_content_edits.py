"""Editors' mistakes in the content folder: ``validate`` and ``build`` both stop with
``file:line: problem`` (the line of the edit), and ``build`` writes no site."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Run, snapshot

# (name, edit of the letter's YAML text, the line's text, expected message part)
Edit = tuple[str, Callable[[str], str], str, str]


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


EDITS: list[Edit] = [
    ("broken YAML", _replace("kind: kamerbrief", "kind: [kamerbrief"), "", "invalid YAML"),
    ("tab indentation", _replace("\n  dossier:", "\n\tdossier:"), "\tdossier:", "tab"),
    (
        "duplicate key",
        _replace("kind: kamerbrief\n", "kind: kamerbrief\nkind: beleidsreactie\n"),
        "kind: beleidsreactie",
        "duplicate key 'kind'",
    ),
    ("wrong type: date", _replace("date: '2026-03-20'", "date: 12"), "date: 12", "date"),
    ("wrong type: list", _replace("review: []", "review: geen"), "review: geen", "review"),
    (
        "not a real date",
        _replace("date: '2026-03-20'", "date: '2026-02-30'"),
        "date: '2026-02-30'",
        "not a real date",
    ),
    ("unknown kind", _replace("kind: kamerbrief", "kind: brief"), "kind: brief", "'brief'"),
    (
        "unknown topic",
        _replace("- woningmarkt", "- woonmarkt"),
        "- woonmarkt",
        "unknown topic 'woonmarkt'",
    ),
    (
        "unknown letter",
        _replace(
            "  due_date: null\n  lines: 12-25",
            "  due_date: null\n  fulfilled_by: 2099-01-01-nergens\n  lines: 12-25",
        ),
        "fulfilled_by: 2099-01-01-nergens",
        "does not exist",
    ),
    (
        "id not the file name",
        _replace("id: 2026-03-20-kst-32847-1407", "id: iets-anders"),
        "id: iets-anders",
        "does not match the file name",
    ),
    (
        "line range past the end",
        _replace("lines: 12-25", "lines: 12-999"),
        "lines: 12-999",
        "past the end",
    ),
    ("not a mapping", lambda text: "- een\n- lijst\n", "- een", "mapping"),
]


@pytest.fixture
def letter_file(content: Path) -> Path:
    (path,) = sorted((content / "letters").glob("*.yml"))
    return path


def expected_line(text: str, needle: str) -> int | None:
    if not needle:
        return None
    (line,) = [
        n for n, row in enumerate(text.splitlines(), 1) if row.strip().startswith(needle.strip())
    ]
    return line


def stops_with(run: Run, path: Path, line: int | None, message: str) -> None:
    assert run.code == 1, run.err
    found = [x for x in run.err.splitlines() if x.startswith(f"{path}:") and message in x]
    assert found, run.err
    if line is not None:
        assert any(x.startswith(f"{path}:{line}: ") for x in found), (line, found)
    else:
        assert all(x.split(":")[1].isdigit() for x in found), found  # some line


@pytest.mark.parametrize("command", ["validate", "build"])
@pytest.mark.parametrize("case", EDITS, ids=[e[0] for e in EDITS])
def test_content_edit_stops_with_file_line_problem(
    case: Edit,
    command: str,
    cli: Callable[..., Run],
    content: Path,
    letter_file: Path,
    tmp_path: Path,
) -> None:
    _, edit, needle, message = case
    text = edit(letter_file.read_text("utf-8"))
    letter_file.write_text(text, "utf-8")
    before = snapshot(content)
    site = tmp_path / "site"
    extra = ["--out", site, "--docs", tmp_path / "docs", "--today", "2026-04-01"]
    run = cli(command, "--content", content, *(extra if command == "build" else []))
    stops_with(run, letter_file, expected_line(text, needle), message)
    assert snapshot(content) == before
    assert not site.exists()


@pytest.mark.parametrize("command", ["validate", "build"])
def test_clashing_ids_in_two_files(
    command: str, cli: Callable[..., Run], content: Path, letter_file: Path, tmp_path: Path
) -> None:
    twin = letter_file.with_name("kopie.yml")
    twin.write_bytes(letter_file.read_bytes())
    extra = ["--out", tmp_path / "site", "--docs", tmp_path / "docs", "--today", "2026-04-01"]
    run = cli(command, "--content", content, *(extra if command == "build" else []))
    line = expected_line(twin.read_text("utf-8"), "id: 2026-03-20-kst-32847-1407")
    stops_with(run, twin, line, "duplicate letter id")


@pytest.mark.parametrize("command", ["validate", "build"])
def test_broken_vocabulary(
    command: str, cli: Callable[..., Run], content: Path, tmp_path: Path
) -> None:
    topics = content / "topics.yml"
    text = topics.read_text("utf-8")
    first = next(row for row in text.splitlines() if "label:" in row)
    text = text.replace(first, first + "\n" + first, 1)  # the same key twice in one entry
    topics.write_text(text, "utf-8")
    line = text.splitlines().index(first) + 2
    extra = ["--out", tmp_path / "site", "--docs", tmp_path / "docs", "--today", "2026-04-01"]
    run = cli(command, "--content", content, *(extra if command == "build" else []))
    stops_with(run, topics, line, "duplicate key 'label'")


@pytest.mark.parametrize("command", ["validate", "build"])
def test_letter_file_not_utf8(
    command: str, cli: Callable[..., Run], content: Path, letter_file: Path, tmp_path: Path
) -> None:
    letter_file.write_bytes(letter_file.read_bytes().replace(b"Ministerie", b"Minist\xe9rie", 1))
    extra = ["--out", tmp_path / "site", "--docs", tmp_path / "docs", "--today", "2026-04-01"]
    run = cli(command, "--content", content, *(extra if command == "build" else []))
    assert run.code == 1
    assert f"{letter_file}: not UTF-8" in run.err
