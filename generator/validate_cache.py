"""Parsed letter files and their schema findings from the previous build, by content.

``build`` keeps, per letter file, the SHA-256 of its text, its parsed data, its schema
findings and what the letter shows by itself (duplicate items, dates, line ranges:
:func:`generator.validate.check_alone`) in ``build/state/letters.pickle``; an unchanged
file is then neither parsed nor checked again. Everything that depends on its name or
other files (unique ids, references to letters, topics and entities) is checked every time.
The cache is keyed by the generator's code and library versions; a cache that cannot be
read is ignored (the files are parsed as without it).
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

from .incremental import code_fingerprint
from .schema import Finding
from .store import write_atomic

CACHE_FILE = "letters.pickle"
Entry = tuple[bytes, dict[str, Any], list[Finding]]


class LetterCache:
    """Parsed letters by file name and text digest; :meth:`save` keeps the files seen."""

    def __init__(self, folder: Path, reuse: bool = True) -> None:
        self.path = folder / CACHE_FILE
        self.key = code_fingerprint()
        self.entries: dict[str, Entry] = {}
        self.seen: dict[str, Entry] = {}
        self.hits = 0
        if not reuse:  # a full build: parse everything, keep the result for the next build
            return
        try:
            with self.path.open("rb") as f:
                key, entries = pickle.load(f)
            if key == self.key and isinstance(entries, dict):
                self.entries = entries
        except Exception:  # missing or corrupt: parse everything
            self.entries = {}

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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, pickle.dumps((self.key, self.seen), protocol=5))
