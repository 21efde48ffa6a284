"""The re-ingest cache: a source whose bytes, name and generator are those of the last
ingest, and whose letter YAML, machine snapshot and kept copy are still what that ingest
left, would give the same files again: it is skipped.

The cache is local state (``content/.cache/``, ignored by git) and only ever an
optimisation: every record is checked against the files on disk, so an edited YAML, a
changed catalogue, a new generator version or a deleted file means a normal ingest.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from .store import write_atomic

CACHE_DIR = ".cache"
CACHE_FILE = "ingest.json"
_PACKAGE = Path(__file__).parent


@dataclass(frozen=True)
class Record:
    """What the last ingest of one letter read and left."""

    id: str
    file: str  # source file name
    sha256: str  # of the source
    copy: str  # kept copy, relative to the content folder
    yaml_sha256: str  # of content/letters/<id>.yml as the ingest left it
    snapshot_sha256: str  # of content/machine/<id>.yml
    warnings: tuple[tuple[int | None, str], ...]  # the reader's and extractors' warnings


def fingerprint(content: Path) -> str:
    """Everything besides the source that decides an ingest's output: the generator's
    code and defaults, the content's catalogues, the Python and PyYAML versions."""
    digest = hashlib.sha256(f"{sys.version_info[:2]} {yaml.__version__}".encode())
    files = sorted(p for p in _PACKAGE.rglob("*") if p.is_file() and p.suffix != ".pyc")
    for path in files:
        digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0" + path.read_bytes())
    for name in ("topics.yml", "entities.yml"):
        catalogue = content / name
        digest.update(name.encode() + b"\0")
        digest.update(catalogue.read_bytes() if catalogue.exists() else b"<absent>")
    return digest.hexdigest()


def file_sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class IngestCache:
    def __init__(self, content: Path, key: str, records: dict[str, Record]) -> None:
        self.content, self.key, self.records = content, key, records
        self.dirty = False

    @classmethod
    def load(cls, content: Path) -> IngestCache:
        key = fingerprint(content)
        try:
            data: Any = json.loads((content / CACHE_DIR / CACHE_FILE).read_text("utf-8"))
            if data.get("fingerprint") != key:
                return cls(content, key, {})
            records = {
                r["id"]: Record(**{**r, "warnings": tuple(map(tuple, r["warnings"]))})
                for r in data["records"]
            }
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls(content, key, {})
        return cls(content, key, records)

    def hit(self, letter_id: str | None, name: str, sha: str, raw: bytes) -> Record | None:
        """The record when re-ingesting ``raw`` as ``letter_id`` would change nothing."""
        record = self.records.get(letter_id) if letter_id else None
        if record is None or record.file != name or record.sha256 != sha:
            return None
        letters, machine = self.content / "letters", self.content / "machine"
        if (
            file_sha(letters / f"{record.id}.yml") != record.yaml_sha256
            or file_sha(machine / f"{record.id}.yml") != record.snapshot_sha256
        ):
            return None
        try:
            same_copy = (self.content / record.copy).read_bytes() == raw
        except OSError:
            return None
        return record if same_copy else None

    def known(self, yaml_path: Path, yaml_sha: str) -> Record | None:
        """The record of a letter YAML that is as the last ingest left it."""
        record = self.records.get(yaml_path.stem)
        return record if record is not None and record.yaml_sha256 == yaml_sha else None

    def put(self, record: Record) -> None:
        self.records[record.id] = record
        self.dirty = True

    def drop(self, letter_id: str) -> None:
        if self.records.pop(letter_id, None) is not None:
            self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        folder = self.content / CACHE_DIR
        folder.mkdir(exist_ok=True)
        if not (folder / ".gitignore").exists():
            write_atomic(folder / ".gitignore", "*\n")
        records = [asdict(r) for _, r in sorted(self.records.items())]
        text = json.dumps({"fingerprint": self.key, "records": records}, ensure_ascii=False)
        write_atomic(folder / CACHE_FILE, text)
        self.dirty = False
