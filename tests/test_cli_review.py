"""The ``validate`` and ``changes`` commands through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.store import dump_yaml
from tests.review_support import letter_002, rec, write_content


def test_validate_prints_file_line_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = write_content(tmp_path, [letter_002()])
    assert main(["validate", "--content", str(content)]) == 0
    d2 = letter_002()
    rec(d2, "r4")["stance"] = "afgewezen"
    (content / "letters/002.yml").write_text(dump_yaml(d2), "utf-8")
    assert main(["validate", "--content", str(content)]) == 1
    assert capsys.readouterr().err == (
        f"{content}/letters/002.yml:72: recommendations[r4].stance: "
        "'afgewezen' is not one of agrees, partly, rejects, studying, noted, null\n"
    )


def test_changes_outside_a_repository_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["changes", "HEAD~1", "HEAD", "--repo", str(tmp_path)]) == 1
    assert "git diff" in capsys.readouterr().err
