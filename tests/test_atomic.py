"""Atomic batches: nothing replaced before the flush, one flush per file system, the
fallback of one fsync per file, and temp files gone after a failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import atomic
from generator.atomic import AtomicBatch


def test_a_batch_replaces_after_one_flush(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a").write_text("old a", "utf-8")
    calls: list[tuple[str, object]] = []
    real_syncfs = atomic._syncfs()
    assert real_syncfs is not None  # Linux: the tests run there

    def syncfs(fd: int) -> int:
        calls.append(("syncfs", (tmp_path / "a").read_text("utf-8")))
        return real_syncfs(fd)

    monkeypatch.setattr(atomic, "_syncfs", lambda: syncfs)
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: calls.append(("fsync", fd)))
    with AtomicBatch() as batch:
        batch.write(tmp_path / "a", "new a")
        batch.write(tmp_path / "sub" / "b", b"new b")
        assert (tmp_path / "a").read_text("utf-8") == "old a"
        batch.commit()
    assert calls == [("syncfs", "old a")]  # one flush, before any rename; no fsync
    assert batch.replaced == [tmp_path / "a", tmp_path / "sub" / "b"]
    assert (tmp_path / "a").read_text("utf-8") == "new a"
    assert (tmp_path / "sub" / "b").read_bytes() == b"new b"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "b", "sub"]


def test_without_syncfs_each_file_is_fsynced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real = atomic.os.fsync
    monkeypatch.setattr(atomic, "_syncfs", lambda: None)
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: synced.append(fd) or real(fd))
    with AtomicBatch() as batch:
        batch.write(tmp_path / "a", "a")
        batch.write(tmp_path / "b", "b")
        batch.commit()
    assert len(synced) == 2
    assert (tmp_path / "b").read_text("utf-8") == "b"


def test_a_batch_left_early_keeps_the_targets(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("old a", "utf-8")
    with pytest.raises(RuntimeError), AtomicBatch() as batch:
        batch.write(tmp_path / "a", "new a")
        raise RuntimeError("a later write failed")
    assert (tmp_path / "a").read_text("utf-8") == "old a"
    assert [p.name for p in tmp_path.iterdir()] == ["a"]
