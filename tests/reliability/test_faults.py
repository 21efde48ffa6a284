"""Faults: a run killed halfway, a write that fails, a read-only content folder, two runs at
once. Writes are atomic; what a failed input wrote is undone; temp files never show up as
letters and are removed by the next run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from generator import atomic
from generator.atomic import content_lock
from generator.store import load_letter_file

from .conftest import GOOD_LETTER, ROOT, Run, snapshot


def many_letters(folder: Path, count: int) -> list[Path]:
    """``count`` different letters (different numbers, titles and dates)."""
    folder.mkdir()
    paths = []
    for n in range(count):
        text = GOOD_LETTER.replace("proef", f"proef nummer {n}").replace(
            "14 november", f"{1 + n % 28} november"
        )
        path = folder / f"brief-{n:03d}.txt"
        path.write_text(text * 40, encoding="utf-8")  # long enough to take some time
        paths.append(path)
    return paths


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux: from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_kill_9_halfway_leaves_no_half_written_file(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    inputs = tmp_path / "in"
    many_letters(inputs, 300)
    content = tmp_path / "content"
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "ingest", "-q", "--content", str(content), str(inputs)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and proc.poll() is None:
            if len(list((content / "letters").glob("*.yml"))) >= 8:
                break
            time.sleep(0.01)
        assert proc.poll() is None, "ingest ended before it could be killed"
        workers = children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert workers, "the ingest ran without its worker processes"
    deadline = time.monotonic() + 10  # the workers end with it
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    letters = sorted((content / "letters").glob("*.yml"))
    assert 8 <= len(letters) < 300
    for path in letters:  # every letter that is visible is whole
        letter = load_letter_file(path)
        assert (content / letter.source.copy).read_bytes() == (
            inputs / letter.source.file
        ).read_bytes()
    for path in sorted((content / "machine").glob("*.yml")):
        load_letter_file(path)
    # a temp file left by the kill is hidden, never a letter; the next run removes it
    (content / "letters" / ".x.yml.abc123.tmp").write_text("half a lett", "utf-8")
    run = cli("ingest", "--content", content, inputs / "brief-000.txt")
    assert run.code == 0, run.err
    assert "removed a temp file left by an interrupted run" in run.err
    assert not list(content.rglob(".*.tmp"))
    assert cli("validate", "--content", content).code == 0


def fail_on(monkeypatch: pytest.MonkeyPatch, nth: int, error: int, message: str) -> None:
    """Make the ``nth`` atomic write (1-based) fail as the file system would."""
    calls = {"n": 0}
    real = atomic.tempfile.mkstemp

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        calls["n"] += 1
        if calls["n"] == nth:
            raise OSError(error, message, str(kwargs.get("dir")))
        return real(*args, **kwargs)

    monkeypatch.setattr(atomic, "tempfile", SimpleNamespace(mkstemp=mkstemp))


@pytest.mark.parametrize("nth", [1, 2, 3])
def test_a_failed_write_undoes_the_letter(
    nth: int,
    monkeypatch: pytest.MonkeyPatch,
    cli: Callable[..., Run],
    content: Path,
    good: Path,
) -> None:
    """Disk full at the source copy, the letter or the snapshot: nothing of it is kept."""
    before = snapshot(content)
    fail_on(monkeypatch, nth, 28, "No space left on device")
    run = cli("ingest", "--content", content, good)
    assert run.code == 1
    (message,) = [x for x in run.lines_about(good) if "warning" not in x]
    assert "No space left on device; nothing of this letter was kept" in message
    assert snapshot(content) == before


def test_read_only_content_folder(
    monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Run], content: Path, good: Path
) -> None:
    before = snapshot(content)
    if os.geteuid() == 0:  # root may write anyway: simulate what the file system says
        fail_on(monkeypatch, 1, 13, "Permission denied")
    else:  # pragma: no cover - depends on who runs the tests
        for folder in (content, *[p for p in content.rglob("*") if p.is_dir()]):
            folder.chmod(0o555)
    try:
        run = cli("ingest", "--content", content, good)
    finally:
        for folder in (content, *[p for p in content.rglob("*") if p.is_dir()]):
            folder.chmod(0o755)
    assert run.code == 1
    (message,) = [x for x in run.lines_about(good) if "warning" not in x]
    assert "cannot write" in message and "Permission denied" in message
    assert str(content) in message
    assert snapshot(content) == before


def test_missing_content_folder_that_cannot_be_made(cli: Callable[..., Run], good: Path) -> None:
    blocker = good.parent / "een-bestand"
    blocker.write_text("geen map", "utf-8")
    run = cli("ingest", "--content", blocker / "content", good)
    assert run.code == 1
    assert run.err.startswith(f"{blocker / 'content'}: cannot write the content folder")


def test_two_ingests_at_once(cli: Callable[..., Run], content: Path, good: Path) -> None:
    before = snapshot(content)
    with content_lock(content):
        run = cli("ingest", "--content", content, good)
    assert run.code == 1
    assert f"{content}: another ingest is writing to this content folder" in run.err
    assert snapshot(content) == before
    assert cli("ingest", "--content", content, good).code == 0


def test_broken_letter_file_stops_ingest(
    cli: Callable[..., Run], content: Path, good: Path
) -> None:
    """Ingest cannot tell a new letter from a known one while a letter file is broken."""
    (path,) = sorted((content / "letters").glob("*.yml"))
    path.write_text(path.read_text("utf-8").replace("kind:", "kind: [", 1), "utf-8")
    before = snapshot(content)
    run = cli("ingest", "--content", content, good)
    assert run.code == 1
    assert run.err.splitlines()[0].startswith(f"{path}:")
    assert f"{content}: ingest stopped: fix the letter files above first" in run.err
    assert snapshot(content) == before


def _signal_and_sleep(started: Any) -> None:
    started.set()
    time.sleep(5)


def test_a_forked_worker_never_holds_the_lock(tmp_path: Path) -> None:
    """Ingest workers are forked while the parent holds the lock: they close it as they
    start, so that a killed ingest does not leave the folder locked while a worker ends."""
    import multiprocessing

    fork = multiprocessing.get_context("fork")
    started = fork.Event()
    with content_lock(tmp_path):
        worker = fork.Process(target=_signal_and_sleep, args=(started,))
        worker.start()
        assert started.wait(10)
    try:
        with content_lock(tmp_path):  # the worker still runs: the lock is free all the same
            assert worker.is_alive()
    finally:
        worker.kill()
        worker.join()


@pytest.mark.parametrize("folder", ["letters", "machine"])
def test_a_failed_rename_puts_back_what_was_replaced(
    folder: str,
    monkeypatch: pytest.MonkeyPatch,
    cli: Callable[..., Run],
    content: Path,
    good: Path,
) -> None:
    """A letter's files are renamed over their targets one by one after one flush; when
    the rename into ``folder`` fails (the letter: after the source copy; the snapshot:
    after both), the files replaced before it are put back and no temp file stays."""
    before = snapshot(content)
    real = os.replace

    def replace(src: Any, dst: Any) -> None:
        if Path(dst).parent.name == folder:
            raise OSError(5, "Input/output error", str(dst))
        real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    run = cli("ingest", "--content", content, good)
    monkeypatch.undo()
    assert run.code == 1
    (message,) = [x for x in run.lines_about(good) if "warning" not in x]
    assert "Input/output error; nothing of this letter was kept" in message
    assert snapshot(content) == before
    assert not list(content.rglob(".*.tmp"))


def test_a_failed_commit_is_reported_for_its_own_letter(
    monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Run], content: Path, good: Path
) -> None:
    """A letter's files are committed while the next letter is read: a failure is still
    reported for the letter it belongs to, and the next letter is written."""
    second = good.with_name("tweede-brief.txt")
    second.write_text(GOOD_LETTER.replace("14 november 2024", "2 december 2024"), "utf-8")
    real = os.replace
    failed: list[str] = []

    def replace(src: Any, dst: Any) -> None:
        if Path(dst).parent.name == "letters" and not failed:
            failed.append(Path(dst).name)
            raise OSError(5, "Input/output error", str(dst))
        real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    run = cli("ingest", "--content", content, good, second)
    monkeypatch.undo()
    assert run.code == 1
    assert failed == ["2024-11-14-voortgang-van-de-proef-met-korte-brieven.yml"]
    (message,) = [x for x in run.lines_about(good) if "warning" not in x]
    assert "Input/output error; nothing of this letter was kept" in message
    assert not [x for x in run.lines_about(second) if "error" in x]
    letters = sorted(p.name for p in (content / "letters").glob("2024-1[12]-*.yml"))
    assert letters == ["2024-12-02-voortgang-van-de-proef-met-korte-brieven.yml"]
    assert not list(content.rglob(".*.tmp"))
