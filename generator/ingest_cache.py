"""The re-ingest cache: a source whose name and bytes, and the generator and catalogues,
are those of the last ingest, and whose letter YAML, machine snapshot and kept copy are
still what that ingest left, would give the same files and messages again: it is skipped.

The cache is local state (``content/.cache/``, ignored by git) and only an optimisation:
every record is checked against the files on disk, so an edited YAML, a changed
catalogue (a topic's label or description aside: extraction does not read them), a new
generator version or a deleted file means a normal ingest.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from .atomic import write_atomic
from .diagnostics import GeneratorError
from .ingest_read import read_bytes

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
    rendering_sha256: str | None  # of ``<copy>.txt``, the text of a PDF/DOCX/XML/HTML
    yaml_sha256: str  # of letters/<id>.yml as the ingest left it
    snapshot_sha256: str  # of machine/<id>.yml
    warnings: tuple[tuple[int | None, str], ...]  # the reader's and extractors' warnings
    # (id, source sha256, source file) as letters/<id>.yml says, when it is known to load
    # (the machine's own output, or an editor's text that loaded); None: load it to know
    declares: tuple[str, str, str] | None


@dataclass(frozen=True)
class Hit:
    """An input that the cache says is unchanged."""

    record: Record
    sha: str
    size: int


def load_cache(content: Path) -> IngestCache:
    """The cache of ``content``; empty when absent, unreadable or made by another
    generator or with other catalogues."""
    code, raw = _code_digest(), _raw_key(content)
    try:
        data: Any = json.loads((content / CACHE_DIR / CACHE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict):
        data = {}
    # the same code and catalogue bytes as when the cache was saved: the same fingerprint,
    # without loading the topics to find what the extractors read of them
    same = data.get("code") == code and data.get("catalogues") == raw
    key = str(data.get("fingerprint")) if same else fingerprint(content)
    cache = IngestCache(content, key, {}, (code, raw))
    try:
        if data.get("fingerprint") != key:
            return cache
        cache.records = {r.id: r for r in map(_record, data["records"])}
    except (ValueError, TypeError, KeyError, AttributeError):
        cache.records = {}
    cache.dirty = not same  # saved again with the bytes the fingerprint is now known for
    return cache


def _record(item: dict[str, Any]) -> Record:
    warnings = tuple((line, str(message)) for line, message in item.pop("warnings"))
    declares = item.pop("declares")
    declares = None if declares is None else (str(declares[0]), str(declares[1]), str(declares[2]))
    record = Record(**item, warnings=warnings, declares=declares)
    if not all(isinstance(getattr(record, f), str) for f in ("id", "file", "sha256", "copy")):
        raise TypeError("not a record")
    return record


def fingerprint(content: Path) -> str:
    """Everything besides the source that decides an ingest's output: the generator's
    code and defaults, the content's catalogues, the Python and PyYAML versions."""
    digest = hashlib.sha256(_code_digest().encode())
    for name in ("topics.yml", "entities.yml"):
        catalogue = content / name
        digest.update(name.encode() + b"\0")
        digest.update(_catalogue_key(catalogue) if catalogue.exists() else b"<absent>")
    return digest.hexdigest()


def _code_digest() -> str:
    """The generator's code and defaults, the Python and PyYAML versions."""
    versions = f"{sys.version_info[:2]} {yaml.__version__} {yaml.__with_libyaml__}"
    digest = hashlib.sha256(versions.encode())
    files = sorted(p for p in _PACKAGE.rglob("*") if p.is_file() and p.suffix != ".pyc")
    for path in files:
        digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _raw_key(content: Path) -> str:
    """The catalogues' bytes (the fingerprint is made of them and the code alone)."""
    digest = hashlib.sha256()
    for name in ("topics.yml", "entities.yml"):
        raw = _bytes(content / name)
        digest.update(name.encode() + (b"\0" + raw if raw is not None else b"<absent>"))
    return digest.hexdigest()


def _catalogue_key(path: Path) -> bytes:
    """What the extractors read of a catalogue. Of a topic: its id, keywords, patterns and
    minimum count, not its label and description (the site shows those; renaming a topic
    needs no new extraction). Of an entity: all of it (its label goes into the letters).
    A catalogue that does not load counts by its bytes (ingest reports it anyway)."""
    raw = path.read_bytes()
    if path.name != "topics.yml":
        return raw
    from .extract.topics import TaxonomyError, load_topics

    try:
        topics = load_topics(path, quick=True)  # a key: no message to show
    except (TaxonomyError, yaml.YAMLError, UnicodeDecodeError, ValueError, TypeError):
        return raw
    seen = [
        (t.id, t.keywords, [(p.pattern, int(p.flags)) for p in t.patterns], t.min_count)
        for t in topics
    ]
    return json.dumps(seen, ensure_ascii=False).encode()


def sha256_of(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def _bytes(path: Path | str) -> bytes | None:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def file_sha(path: Path | str) -> str | None:
    raw = _bytes(path)
    return None if raw is None else sha256_of(raw)


class IngestCache:
    def __init__(
        self,
        content: Path,
        key: str,
        records: dict[str, Record],
        inputs: tuple[str, str] = ("", ""),
    ) -> None:
        self.content, self.key, self.records = content, key, records
        self.inputs = inputs  # (code digest, catalogues' bytes digest) the key is made of
        self.dirty = False
        self._seen: dict[str, str | None] = {}  # file shas read before this run writes
        self._root = str(content)  # the checks below join strings: a thousand paths a run

    def _sha(self, path: str) -> str | None:
        if path not in self._seen:
            self._seen[path] = file_sha(path)
        return self._seen[path]

    def known(self, letter_id: str, yaml_path: str) -> tuple[str, str, str] | None:
        """(id, source sha256, source file) of the letter YAML ``letters/<letter_id>.yml``
        (at ``yaml_path``) when it is as the last ingest left it and known to load; None
        when it must be loaded to know."""
        record = self.records.get(letter_id)
        if record is None or record.declares is None:
            return None
        return record.declares if self._sha(yaml_path) == record.yaml_sha256 else None

    def plan(self, inputs: list[Path]) -> dict[int, Hit]:
        """The inputs (by position) that the cache says are unchanged. Call before this
        run writes anything; a hit is still only valid if the run did not write its letter."""
        by_source = {(r.file, r.sha256): r for r in self.records.values()}
        names = {r.file for r in self.records.values()}
        hits: dict[int, Hit] = {}
        for n, path in enumerate(inputs):
            if path.name not in names:
                continue
            try:
                raw = read_bytes(path)
            except GeneratorError:
                continue
            sha = sha256_of(raw)
            record = by_source.get((path.name, sha))
            if record is not None and self._unchanged(record, raw):
                hits[n] = Hit(record, sha, len(raw))
        return hits

    def _unchanged(self, record: Record, raw: bytes) -> bool:
        root = self._root
        copy = os.path.join(root, record.copy)
        letter = os.path.join(root, "letters", record.id + ".yml")
        snapshot = os.path.join(root, "machine", record.id + ".yml")
        if self._sha(letter) != record.yaml_sha256 or _bytes(copy) != raw:
            return False
        if record.snapshot_sha256 == record.yaml_sha256:  # no editor's text: the same bytes
            if _bytes(snapshot) != _bytes(letter):
                return False
        elif self._sha(snapshot) != record.snapshot_sha256:
            return False
        rendering = copy + ".txt"
        return record.rendering_sha256 is None or self._sha(rendering) == record.rendering_sha256

    def put(self, record: Record) -> None:
        self.records[record.id] = record
        self.dirty = True

    def drop(self, letter_id: str) -> None:
        if self.records.pop(letter_id, None) is not None:
            self.dirty = True

    def save(self) -> None:
        """Write the records of the letters in the content folder (if any changed)."""
        letters = {p.stem for p in (self.content / "letters").glob("*.yml")}
        kept = {k: r for k, r in sorted(self.records.items()) if k in letters}
        if not self.dirty and len(kept) == len(self.records):
            return
        folder = self.content / CACHE_DIR
        if not (folder / ".gitignore").exists():
            write_atomic(folder / ".gitignore", "*\n")
        records = [asdict(r) for r in kept.values()]
        code, raw = self.inputs
        saved = {"fingerprint": self.key, "code": code, "catalogues": raw, "records": records}
        text = json.dumps(saved, ensure_ascii=False)
        write_atomic(folder / CACHE_FILE, text)
        self.records, self.dirty = kept, False
