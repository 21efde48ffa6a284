"""fork_map: the same results as a list comprehension, on two processes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import forkmap
from generator.forkmap import ForkError, fork_map
from generator.validate import validate_content


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def test_results_in_order_from_two_processes() -> None:
    results = fork_map(_square_and_pid, list(range(101)), min_items=1)
    assert [r for r, _ in results] == [n * n for n in range(101)]
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) == 2
    assert {pid for _, pid in results[:51]} == {os.getpid()}  # the parent: first half


def test_few_items_stay_in_this_process() -> None:
    assert {pid for _, pid in fork_map(_square_and_pid, [1, 2, 3])} == {os.getpid()}


def _fails_late(n: int) -> int:
    if n == 9:
        raise ValueError("kapot bij 9")
    return n


def test_an_error_in_the_child_is_raised_in_the_parent() -> None:
    with pytest.raises(ForkError, match="ValueError: kapot bij 9"):
        fork_map(_fails_late, list(range(10)), min_items=1)


def test_an_error_in_the_parent_ends_the_child() -> None:
    with pytest.raises(ValueError, match="kapot bij 9"):
        fork_map(_fails_late, list(range(9, 20)), min_items=1)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind


def test_validation_on_two_processes_finds_the_same(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    copy = tmp_path / "content"
    shutil.copytree(content, copy, ignore=shutil.ignore_patterns(".cache"))
    letters = sorted((copy / "letters").glob("*.yml"))
    letters[1].write_text(letters[1].read_text("utf-8") + "title: dubbel\n", "utf-8")
    letters[3].write_text("- geen mapping\n", "utf-8")
    text = letters[4].read_text("utf-8").replace("  answer:", "  answer: 12\n  x:", 1)
    letters[4].write_text(text, "utf-8")
    one = validate_content(copy)
    monkeypatch.setattr(forkmap, "MIN_ITEMS", 1)
    parsed: dict[Path, dict[str, object]] = {}
    two = validate_content(copy, parsed)
    assert two == one and len(one) >= 2
    assert [str(d) for d in one if "mapping" in d.message] == [
        f"{letters[3]}:1: a letter file must be a mapping of fields"
    ]
    assert len(parsed) == len(letters) - 2  # the two that did not parse


def _count_forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that gets an item for every fork :mod:`generator.forkmap` makes."""
    calls: list[int] = []
    real = forkmap.os.fork

    def counting_fork() -> int:
        calls.append(1)
        return real()

    monkeypatch.setattr(forkmap.os, "fork", counting_fork)
    return calls


def test_letter_pages_rendered_on_two_processes_are_the_same(
    corpus: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.render import render_pages

    one = render_pages(corpus)  # type: ignore[arg-type]
    monkeypatch.setattr(forkmap, "MIN_ITEMS", 1)
    calls = _count_forks(monkeypatch)
    assert render_pages(corpus) == one  # type: ignore[arg-type]
    assert calls == [1]


def test_letter_files_read_on_two_processes_are_the_same(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from generator.diagnostics import ContentError
    from generator.site import load_letter_files

    copy = tmp_path / "content"
    shutil.copytree(content, copy, ignore=shutil.ignore_patterns(".cache"))
    one = load_letter_files(copy)
    letters = sorted((copy / "letters").glob("*.yml"))
    letters[3].write_text(letters[3].read_text("utf-8") + "title: dubbel\n", "utf-8")
    letters[4].write_text("a: [\n", "utf-8")
    with pytest.raises(ContentError) as first:
        load_letter_files(copy)
    monkeypatch.setattr(forkmap, "MIN_ITEMS", 1)
    with pytest.raises(ContentError) as again:
        load_letter_files(copy)  # the first broken file in name order, as on one process
    assert str(again.value) == str(first.value) and str(letters[3]) in str(first.value)
    letters[3].unlink()
    letters[4].unlink()
    calls = _count_forks(monkeypatch)
    two = load_letter_files(copy)
    assert calls == [1]
    assert two == tuple(f for f in one if f.path.exists())
