"""Parsed letter files and their schema findings from the previous build, by content.

``build`` keeps, per letter file, the SHA-256 of its text, its parsed data, its schema
findings and what the letter shows by itself (duplicate items, dates, line ranges:
:func:`generator.validate.check_alone`) in ``build/state/letters.pickle``; an unchanged
file is then neither parsed nor checked again. Everything that depends on its name or
other files (unique ids, references to letters, topics and entities) is checked every time.
The cache is keyed by the generator's code and library versions; a cache that cannot be
read is ignored (the files are parsed as without it).

A build that changed a few files does not write all entries again: it writes only the
entries that differ from ``letters.pickle`` into ``letters-delta.pickle`` (tied to that
file by a random token, so a delta never applies to another base); when the delta would
hold more than a tenth of the entries, the base is written anew and the delta removed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from .atomic import write_atomic
from .heap import long_lived
from .incremental import code_fingerprint
from .schema import Finding

CACHE_FILE = "letters.pickle"
DELTA_FILE = "letters-delta.pickle"
Entry = tuple[bytes, dict[str, Any], list[Finding]]
DELTA_SHARE, DELTA_MIN = 10, 16  # the delta holds up to a tenth of the entries, or 16


class LetterCache:
    """Parsed letters by file name and text digest; :meth:`save` keeps the files seen."""

    def __init__(self, folder: Path, reuse: bool = True) -> None:
        self.path = folder / CACHE_FILE
        self.delta_path = folder / DELTA_FILE
        self.key = code_fingerprint()
        self.entries: dict[str, Entry] = {}
        self.base: dict[str, bytes] = {}  # name -> digest, as in the base file
        self.token = b""
        self.seen: dict[str, Entry] = {}
        self.hits = 0
        if not reuse:  # a full build: parse everything, keep the result for the next build
            return
        try:
            with long_lived():  # many small containers, no cycles
                key, token, entries = _load(self.path)
                if key == self.key and isinstance(entries, dict):
                    self.entries, self.token = entries, token
                    self.base = {name: entry[0] for name, entry in entries.items()}
                    self._apply_delta()
        except Exception:  # missing or corrupt: parse everything
            self.entries, self.base, self.token = {}, {}, b""

    def _apply_delta(self) -> None:
        try:
            key, token, changed, removed = _load(self.delta_path)
        except Exception:  # none, or unreadable: the base alone
            return
        if key == self.key and token == self.token:
            self.entries.update(changed)
            for name in removed:
                self.entries.pop(name, None)

    @staticmethod
    def digest(text: str) -> bytes:
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()

    def lookup(self, name: str, digest: bytes) -> tuple[dict[str, Any], list[Finding]] | None:
        entry = self.entries.get(name)
        if entry is None or entry[0] != digest:
            return None
        self.seen[name] = entry
        self.hits += 1
        return entry[1], list(entry[2])

    def store(
        self, name: str, digest: bytes, data: dict[str, Any], findings: list[Finding]
    ) -> None:
        self.seen[name] = (digest, data, list(findings))

    def save(self) -> None:
        """Keep the entries seen: nothing written when they are what was read, only the
        difference from the base file when it is small, else everything."""
        if self.token and self.seen.keys() == self.entries.keys() and self.hits == len(self.seen):
            return  # every file was a hit: the files hold exactly these entries
        changed = {
            name: entry for name, entry in self.seen.items() if self.base.get(name) != entry[0]
        }
        removed = sorted(self.base.keys() - self.seen.keys())
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.token and len(changed) + len(removed) <= max(
            DELTA_MIN, len(self.seen) // DELTA_SHARE
        ):
            delta = (self.key, self.token, changed, removed)
            write_atomic(self.delta_path, pickle.dumps(delta, protocol=5))
            return
        token = os.urandom(16)
        write_atomic(self.path, pickle.dumps((self.key, token, self.seen), protocol=5))
        self.delta_path.unlink(missing_ok=True)  # it belonged to the old base (its token)


def _load(path: Path) -> Any:
    with path.open("rb") as f:
        return pickle.load(f)  # our own build output (trusted)
