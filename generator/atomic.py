"""Whole files only: atomic writes (temp file beside the target + ``os.replace``), a batch
of them made durable by one flush, and one writer at a time per content folder."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import cast

from .diagnostics import GeneratorError

TEMP_PREFIX, TEMP_SUFFIX = ".", ".tmp"  # temp files are hidden: ``.<name>.<random>.tmp``


@functools.cache
def _syncfs() -> Callable[[int], int] | None:
    """Linux's syncfs(2): every write to one file system on disk when it returns. Other
    systems: None, and a batch falls back to one fsync per file."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return cast("Callable[[int], int]", ctypes.CDLL(None, use_errno=True).syncfs)
    except (OSError, AttributeError):  # pragma: no cover - a libc without syncfs
        return None


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write via a temp file in the same folder and ``os.replace``: never half-written.
    A process killed mid-write leaves at most a hidden temp file, which no loader reads and
    :func:`remove_stale_temp_files` deletes at the next ingest."""
    tmp = _temp_beside(path, data, durable=True)
    try:
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _temp_beside(path: Path, data: bytes | str, durable: bool) -> str:
    """A hidden temp file in ``path``'s folder holding ``data`` (flushed to disk when
    ``durable``); its name, for the caller to rename or delete."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=f"{TEMP_PREFIX}{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent
    )
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


class AtomicBatch:
    """Files that are replaced together after one flush to disk (the idea of git's
    ``core.fsyncMethod=batch``): each is written to a hidden temp file beside its target,
    one ``syncfs`` puts all their bytes on disk, then the temp files are renamed over their
    targets in the order written. As safe as a ``fsync`` per file (a target is only ever
    replaced by bytes that are on disk) at a fraction of the cost. Until :meth:`commit`
    no target changes; leaving the ``with`` block deletes the temp files not renamed."""

    def __init__(self) -> None:
        self._pending: list[tuple[str, Path]] = []
        self.replaced: list[Path] = []  # targets replaced so far, in order

    def __enter__(self) -> AtomicBatch:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.discard()

    def discard(self) -> None:
        """Delete the temp files not renamed (yet)."""
        for tmp, _ in self._pending:
            Path(tmp).unlink(missing_ok=True)
        self._pending.clear()

    def write(self, path: Path, data: bytes | str) -> None:
        self._pending.append((_temp_beside(path, data, durable=_syncfs() is None), path))

    def commit(self) -> None:
        """Flush, then rename. When a rename fails, :attr:`replaced` tells the caller
        which targets have changed already."""
        syncfs = _syncfs()
        if syncfs is not None:
            folders = {os.stat(path.parent).st_dev: path.parent for _, path in self._pending}
            for folder in folders.values():
                _flush_file_system(syncfs, folder)
        while self._pending:
            tmp, path = self._pending[0]
            os.replace(tmp, path)
            self._pending.pop(0)
            self.replaced.append(path)


def _flush_file_system(syncfs: Callable[[int], int], folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        if syncfs(fd) != 0:
            import ctypes

            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code), str(folder))
    finally:
        os.close(fd)


def holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file with exactly ``data`` (size first: no read
    when it differs); a writer that compares before it writes leaves the file alone."""
    try:
        return (
            path.is_file()
            and not path.is_symlink()
            and path.stat().st_size == len(data)
            and path.read_bytes() == data
        )
    except OSError:
        return False


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Delete temp files that a killed run left behind (call under :func:`content_lock`)."""
    stale = sorted(folder.rglob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"))
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


_LOCKS: set[int] = set()  # descriptors of the content locks this process holds


def _forget_locks() -> None:
    """In a forked child (an ingest worker): close the parent's lock descriptors, so that
    the lock ends with the parent even while a worker still runs."""
    for fd in _LOCKS:
        with contextlib.suppress(OSError):
            os.close(fd)
    _LOCKS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_locks)


@contextlib.contextmanager
def content_lock(folder: Path) -> Iterator[None]:
    """One writer at a time: an advisory lock on the folder itself (released by the
    kernel when the process ends, also when it is killed; never held by a forked child)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no locking
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    _LOCKS.add(fd)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise GeneratorError(
                str(folder), "another ingest is writing to this content folder"
            ) from None
        yield
    finally:
        _LOCKS.discard(fd)
        os.close(fd)
