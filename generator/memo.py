"""Results of computations over the letters' data, kept between builds.

:func:`traced_each` runs a function over one letter's plain data at a time, the letter
wrapped in :class:`Traced`, which records the fields the function reads. The next build
reuses a letter's result when the function's code is the same (the store is keyed by the
generator's code) and the letter's value of each field read is the same: a function
reads only through the mapping, so on the same inputs it takes the same path and returns
the same result (the dynamic dependency trace of a build system). Reading all keys
(iteration, ``len``) makes the whole letter part of the key.

What is computed from these per-letter results across letters (the editors'
suggestions) is kept here too, with its own rule for what a changed letter touches
(:mod:`generator.suggest_memo`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from .atomic import write_atomic
from .heap import long_lived
from .incremental import code_fingerprint

T = TypeVar("T")
MEMO_FILE = "memo.pickle"
DELTA_FILE = "memo-delta.pickle"
# A save writes only what changed since the whole file was written (the delta), while
# that is at most this share of the entries of the named dicts: a one-letter build then
# writes one letter's entries, not every letter's.
DELTA_SHARE = 0.25
ALL = "*"  # the function read every key of the letter
_MISSING = ("<missing>",)


class Traced(Mapping[str, Any]):
    """A read-only view of one letter's data that notes which keys are read."""

    __slots__ = ("_data", "_read")

    def __init__(self, data: dict[str, Any], read: set[str]) -> None:
        self._data = data
        self._read = read

    def __getitem__(self, key: str) -> Any:
        self._read.add(key)
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        self._read.add(str(key))
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        self._read.add(ALL)
        return iter(self._data)

    def __len__(self) -> int:
        self._read.add(ALL)
        return len(self._data)


@dataclass(frozen=True)
class Trace:
    read: frozenset[str]
    digest: bytes
    value: Any
    source: object = None  # the digest of the letter's file it was computed from, if known


def _digest(data: dict[str, Any], read: frozenset[str]) -> bytes:
    """The values of the fields ``read`` of one letter (all of it for :data:`ALL`)."""
    if ALL in read:
        part: object = data
    else:
        part = [(key, data.get(key, _MISSING)) for key in sorted(read)]
    return hashlib.sha256(pickle.dumps(part, protocol=5)).digest()


def traced_call(
    fn: Callable[[Mapping[str, Any]], T],
    data: dict[str, Any],
    previous: Trace | None,
    source: object = None,
) -> tuple[T, Trace, bool]:
    """``fn(data)`` for one letter, reused from ``previous`` when the fields it read are
    the same; returns the result, its trace and whether it was reused. ``source``: the
    digest of the file ``data`` was parsed from; the same as the previous trace's means
    the same data (no field compared)."""
    if previous is not None and (
        (source is not None and source == previous.source)
        or _digest(data, previous.read) == previous.digest
    ):
        if source != previous.source:
            previous = replace(previous, source=source)
        return previous.value, previous, True
    read: set[str] = set()
    value = fn(Traced(data, read))
    keys = frozenset(read)
    return value, Trace(keys, _digest(data, keys), value, source), False


def traced_each(
    fn: Callable[[Mapping[str, Any]], T],
    letters: Sequence[tuple[str, dict[str, Any]]],
    previous: Mapping[str, Trace],
    sources: Mapping[str, object] | None = None,
) -> tuple[list[T], dict[str, Trace], int]:
    """:func:`traced_call` for every ``(name, data)``, each with the previous trace of
    the same name (and the file digest in ``sources``, by name); the results in order,
    the traces by name and how many were reused."""
    values: list[T] = []
    traces: dict[str, Trace] = {}
    reused = 0
    for name, data in letters:
        source = sources.get(name) if sources is not None else None
        value, traces[name], hit = traced_call(fn, data, previous.get(name), source)
        values.append(value)
        reused += hit
    return values, traces, reused


class Memo:
    """Named values in the build state folder, kept for the next build with the same
    code; a missing or unreadable file, or one from other code, is empty.

    The file holds every value; a delta file beside it what changed since (the entries of
    a named dict put or removed, any other value whole), paired with it by a token drawn
    when the whole file was written: a delta of another file is ignored, an unreadable
    one empties the memo."""

    def __init__(self, folder: Path, reuse: bool = True) -> None:
        self.path = folder / MEMO_FILE
        self.delta_path = folder / DELTA_FILE
        self.key = code_fingerprint()
        self.values: dict[str, Any] = {}
        self.changed = False  # a value was put since the file was read
        self._base: dict[str, Any] = {}  # the values as the whole file holds them
        self._token = b""
        if not reuse:
            return
        try:
            with self.path.open("rb") as f, long_lived():
                key, token, values = pickle.load(f)  # our own build output (trusted)
            if key == self.key and isinstance(values, dict):
                self._base, self._token = values, token
                self.values = dict(values)
                self._apply_delta()
        except Exception:  # missing or corrupt: compute everything
            self.values, self._base, self._token = {}, {}, b""

    def _apply_delta(self) -> None:
        try:
            with self.delta_path.open("rb") as f, long_lived():
                key, token, changes = pickle.load(f)
        except FileNotFoundError:
            return
        if key != self.key or token != self._token:  # of another whole file
            return
        for name, change in changes.items():
            if change[0] == "dict":
                _, updated, removed = change
                value = dict(self._base[name])
                value.update(updated)
                for entry in removed:
                    value.pop(entry, None)
                self.values[name] = value
            else:
                self.values[name] = change[1]

    def get(self, name: str) -> Any:
        return self.values.get(name)

    def put(self, name: str, value: Any) -> None:
        self.values[name] = value
        self.changed = True

    def save(self) -> None:
        """Write the values when one was put (else the files hold them already): what
        changed since the whole file was written, or all of it (see :data:`DELTA_SHARE`)."""
        if not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        changes = self._changes()
        if changes is not None:
            write_atomic(self.delta_path, pickle.dumps((self.key, self._token, changes), 5))
            return
        token = os.urandom(16)
        write_atomic(self.path, pickle.dumps((self.key, token, self.values), protocol=5))
        self.delta_path.unlink(missing_ok=True)  # it belonged to the old file (its token)
        self._base, self._token = dict(self.values), token

    def _changes(self) -> dict[str, tuple[Any, ...]] | None:
        """The delta from the whole file to the values, or None when the whole file is to
        be written (none yet, a value gone, or too much changed). A dict's entry counts as
        changed unless it is the very object the file held (a value kept between builds
        is: it was read from the file)."""
        if not self._token or not self._base.keys() <= self.values.keys():
            return None
        changes: dict[str, tuple[Any, ...]] = {}
        changed = entries = 0
        for name, value in self.values.items():
            old = self._base.get(name, _MISSING)
            if value is old:
                continue
            if isinstance(value, dict) and isinstance(old, dict):
                updated = {k: v for k, v in value.items() if old.get(k, _MISSING) is not v}
                removed = tuple(k for k in old if k not in value)
                changes[name] = ("dict", updated, removed)
                changed += len(updated) + len(removed)
                entries += len(value)
            else:
                changes[name] = ("value", value)
        return changes if changed <= DELTA_SHARE * max(entries, 1) else None
