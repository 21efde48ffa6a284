"""Results of corpus-wide computations over the letters' data, kept between builds.

:func:`traced_call` runs a function over the letters' plain data with every letter
wrapped in :class:`Traced`, which records the fields the function reads. The next build
reuses the result when the function's code is the same (the cache is keyed by the
generator's code) and every letter's value of each field read is the same, in the same
order: a function reads only through the mapping, so on the same inputs it takes the same
path and returns the same result (the dynamic dependency trace of a build system). Reading
all keys (iteration, ``len``) makes the whole letter part of the key.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .incremental import code_fingerprint
from .store import write_atomic

T = TypeVar("T")
MEMO_FILE = "memo.pickle"
ALL = "*"  # the function read every key of some letter
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


def _digest(letters: list[dict[str, Any]], read: frozenset[str]) -> bytes:
    digest = hashlib.sha256(str(len(letters)).encode())
    keys = sorted(read - {ALL})
    for data in letters:
        if ALL in read:
            part: object = data
        else:
            part = [(key, data.get(key, _MISSING)) for key in keys]
        digest.update(hashlib.sha256(pickle.dumps(part, protocol=5)).digest())
    return digest.digest()


def traced_call(
    fn: Callable[[list[Mapping[str, Any]]], T],
    letters: list[dict[str, Any]],
    previous: Trace | None,
) -> tuple[T, Trace, bool]:
    """``fn(letters)``, reused from ``previous`` when the fields it read are the same;
    returns the result, its trace and whether it was reused."""
    if previous is not None and _digest(letters, previous.read) == previous.digest:
        return previous.value, previous, True
    read: set[str] = set()
    value = fn([Traced(d, read) for d in letters])
    keys = frozenset(read)
    return value, Trace(keys, _digest(letters, keys), value), False


class Memo:
    """Named traces in the build state folder; a missing or unreadable file is empty."""

    def __init__(self, folder: Path, reuse: bool = True) -> None:
        self.path = folder / MEMO_FILE
        self.key = code_fingerprint()
        self.traces: dict[str, Trace] = {}
        self.reused: list[str] = []
        if not reuse:
            return
        try:
            with self.path.open("rb") as f:
                key, traces = pickle.load(f)  # our own build output (trusted)
            if key == self.key and isinstance(traces, dict):
                self.traces = traces
        except Exception:  # missing or corrupt: compute everything
            self.traces = {}

    def call(
        self, name: str, fn: Callable[[list[Mapping[str, Any]]], T], letters: list[dict[str, Any]]
    ) -> T:
        value, trace, reused = traced_call(fn, letters, self.traces.get(name))
        self.traces[name] = trace
        if reused:
            self.reused.append(name)
        return value

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, pickle.dumps((self.key, self.traces), protocol=5))
