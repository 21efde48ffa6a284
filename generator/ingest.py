"""Ingest: source files -> kept copies in ``content/sources/`` and one YAML per letter in
``content/letters/``. Each input succeeds or fails on its own; a failed input leaves the
content folder as it was."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, GeneratorError, UnreadableSource, error, warning
from .extract.letter import Catalogues, extract_letter, load_catalogues
from .extract.text import slugify
from .ingest_cache import IngestCache, Record, file_sha
from .model import Letter, SourceInfo
from .progress import Progress
from .sources import SourceDoc
from .sources.text import read_text
from .store import batched_writes, dump_yaml, letter_to_data, load_letter_file, write_atomic

Reader = Callable[[str, bytes], SourceDoc]
READERS: dict[str, Reader] = {"text": read_text}
DEFAULTS = Path(__file__).parent / "defaults"
MAX_BYTES = 64 * 1024 * 1024


@dataclass
class IngestReport:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(d.level.value == "error" for d in self.diagnostics)


def sniff_format(raw: bytes) -> str:
    head = raw[:1024].lstrip()
    if raw.startswith(b"%PDF"):
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"<?xml") or head[:200].lower().startswith((b"<kamerstuk", b"<kamervragen")):
        return "xml"
    if head[:200].lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def read_source(path: Path) -> tuple[SourceDoc, bytes]:
    """Read one source file with the reader its content calls for."""
    name = path.name
    try:
        if path.stat().st_size > MAX_BYTES:
            raise UnreadableSource(str(path), f"larger than {MAX_BYTES // 2**20} MB: not a letter")
        raw = path.read_bytes()
    except OSError as exc:
        raise UnreadableSource(str(path), f"cannot read: {exc.strerror or exc}") from None
    fmt = sniff_format(raw)
    reader = READERS.get(fmt)
    if reader is None:
        raise UnreadableSource(str(path), f"{fmt} letters are not supported (no {fmt} reader)")
    try:
        return reader(name, raw), raw
    except GeneratorError as exc:
        raise UnreadableSource(str(path), exc.diagnostic.message) from None


def expand_inputs(paths: Iterable[Path], report: IngestReport) -> list[Path]:
    """Files named, and every regular file inside folders named (sorted, hidden skipped)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            )
        elif path.exists():
            out.append(path)
        else:
            report.diagnostics.append(error(str(path), None, "no such file"))
    return out


def ingest(
    paths: Iterable[Path], content: Path, jobs: int | None = None, progress: bool = True
) -> IngestReport:
    """Ingest every input, in order. Extraction runs in ``jobs`` worker processes (default:
    one per core); ids, merges and writes happen here, in input order, so the result is
    the same as one by one. A source unchanged since the last ingest is skipped (see
    :mod:`generator.ingest_cache`)."""
    report = IngestReport()
    ensure_content(content)
    catalogues = load_catalogues(content)
    cache = IngestCache.load(content)
    known = _known_sources(content, report, cache)
    inputs = expand_inputs(paths, report)
    plan = _plan(inputs, known, cache)
    bar = Progress("ingest", len(inputs)) if progress else None
    todo = [path for path, hit in plan if hit is None]
    with batched_writes(), _extractions(todo, catalogues, known, jobs) as results:
        for path, hit in plan:
            try:
                size = _ingest_planned(
                    path, hit, results, content, catalogues, known, cache, report
                )
            except GeneratorError as exc:
                report.diagnostics.append(exc.diagnostic)
                size = 0
            except OSError as exc:
                report.diagnostics.append(
                    error(str(path), None, f"cannot write content: {exc.strerror or exc}")
                )
                size = 0
            if bar:
                bar.advance(1, size)
        cache.save()
    if bar:
        bar.close()
    return report


@dataclass
class _Planned:
    """A source that the cache says is unchanged, with what it read."""

    record: Record
    raw: bytes
    sha: str


def _plan(
    inputs: list[Path], known: dict[str, str], cache: IngestCache
) -> list[tuple[Path, _Planned | None]]:
    """Each input with its cache hit, or None when it must be extracted. An input that
    shares its name or bytes with an earlier one that is extracted is extracted too (its
    id may depend on that one's)."""
    plan: list[tuple[Path, _Planned | None]] = []
    pending: set[str] = set()
    for path in inputs:
        hit: _Planned | None = None
        try:
            raw = path.read_bytes() if path.stat().st_size <= MAX_BYTES else b""
        except OSError:
            raw = b""
        sha = hashlib.sha256(raw).hexdigest()
        if raw and path.name not in pending and sha not in pending:
            record = cache.hit(known.get(sha) or known.get(path.name), path.name, sha, raw)
            hit = _Planned(record, b"", sha) if record else None
        if hit is None:
            pending.update((path.name, sha))
        plan.append((path, hit))
    return plan


def _ingest_planned(
    path: Path,
    hit: _Planned | None,
    results: Iterator[_Extracted | Diagnostic],
    content: Path,
    cat: Catalogues,
    known: dict[str, str],
    cache: IngestCache,
    report: IngestReport,
) -> int:
    """One input, in order: replay a cache hit, or write what a worker extracted."""
    if hit is not None and (known.get(hit.sha) or known.get(path.name)) == hit.record.id:
        record = hit.record
        report.diagnostics += [warning(str(path), line, msg) for line, msg in record.warnings]
        known[hit.sha] = known[path.name] = record.id
        report.unchanged.append(content / "letters" / f"{record.id}.yml")
        return 0
    if hit is not None:  # the cache's id is no longer this source's: extract here
        found: _Extracted | Diagnostic = _extract(path, cat, known)
    else:
        found = next(results)
    if isinstance(found, Diagnostic):
        report.diagnostics.append(found)
        return 0
    _ingest_one(path, found, content, cat, known, cache, report)
    return len(found.raw)


@dataclass
class _Extracted:
    """A worker's result: the letter as the YAML it would be under ``letter.id``."""

    raw: bytes
    sha: str
    notes: tuple[str, ...]
    letter: Letter
    data: dict[str, Any]
    text: str


_WORKER: dict[str, Any] = {}


def _worker_init(cat: Catalogues, known: dict[str, str]) -> None:
    _WORKER.update(cat=cat, known=known)


def _worker_extract(path: Path) -> _Extracted | Diagnostic:
    return _extract(path, _WORKER["cat"], _WORKER["known"])


def _extract(path: Path, cat: Catalogues, known: dict[str, str]) -> _Extracted | Diagnostic:
    """Read and extract one source; its YAML is dumped under the id it will most likely
    get (its known id, else the one derived from its content)."""
    try:
        doc, raw = read_source(path)
    except GeneratorError as exc:
        return exc.diagnostic
    sha = hashlib.sha256(raw).hexdigest()
    source = SourceInfo(path.name, sha, doc.format, doc.flavour, "", len(doc.lines))
    letter = extract_letter(doc, source, "pending", cat)
    letter = _with_id(letter, known.get(sha) or known.get(path.name) or derive_id(letter), path)
    data = letter_to_data(letter)
    return _Extracted(raw, sha, doc.notes, letter, data, dump_yaml(data))


def _with_id(letter: Letter, letter_id: str, path: Path) -> Letter:
    copy = f"sources/{letter_id}{_suffix(path, letter.source.format)}"
    return dataclasses.replace(
        letter, id=letter_id, source=dataclasses.replace(letter.source, copy=copy)
    )


@contextmanager
def _extractions(
    paths: list[Path], cat: Catalogues, known: dict[str, str], jobs: int | None
) -> Iterator[Iterator[_Extracted | Diagnostic]]:
    """Extraction results in the order of ``paths``: from a process pool when there is
    enough work, else one by one here."""
    jobs = jobs or len(os.sched_getaffinity(0))
    if jobs <= 1 or len(paths) < 2 * jobs:
        yield (_extract(path, cat, dict(known)) for path in paths)
        return
    with ProcessPoolExecutor(jobs, initializer=_worker_init, initargs=(cat, dict(known))) as pool:
        chunk = max(1, min(16, len(paths) // (jobs * 8)))
        yield pool.map(_worker_extract, paths, chunksize=chunk)


def ensure_content(content: Path) -> None:
    """A fresh content folder gets the default topic and entity catalogues."""
    (content / "letters").mkdir(parents=True, exist_ok=True)
    (content / "sources").mkdir(parents=True, exist_ok=True)
    for name in ("topics.yml", "entities.yml"):
        if not (content / name).exists() and (DEFAULTS / name).exists():
            shutil.copyfile(DEFAULTS / name, content / name)


def _known_sources(content: Path, report: IngestReport, cache: IngestCache) -> dict[str, str]:
    """{sha256 or source file name: letter id} of the letters already in the content
    (from the cache for a YAML file as the last ingest left it)."""
    known: dict[str, str] = {}
    for path in sorted((content / "letters").glob("*.yml")):
        record = cache.known(path, file_sha(path) or "")
        if record is not None:
            known.setdefault(record.sha256, record.id)
            known.setdefault(record.file, record.id)
            continue
        try:
            letter = load_letter_file(path)
        except GeneratorError as exc:
            report.diagnostics.append(
                warning(str(path), exc.diagnostic.line, exc.diagnostic.message)
            )
            continue
        known.setdefault(letter.source.sha256, letter.id)
        known.setdefault(letter.source.file, letter.id)
    return known


def _ingest_one(
    path: Path,
    found: _Extracted,
    content: Path,
    cat: Catalogues,
    known: dict[str, str],
    cache: IngestCache,
    report: IngestReport,
) -> None:
    sha, letter = found.sha, found.letter
    warnings: list[tuple[int | None, str]] = [(None, note) for note in found.notes]
    letter_id = known.get(sha) or known.get(path.name) or _unique_id(letter.id, content)
    data, text = found.data, found.text
    if letter_id != letter.id:
        letter = _with_id(letter, letter_id, path)
        data = letter_to_data(letter)
        text = dump_yaml(data)
    known[sha] = known[path.name] = letter_id
    warnings += [
        (flag.span.start if flag.span else None, f"{flag.code}: {flag.message}")
        for flag in letter.review
    ]
    report.diagnostics += [warning(str(path), line, message) for line, message in warnings]
    cache.drop(letter_id)
    yaml_text = _write_letter(letter, data, text, found.raw, content, report)
    snapshot = content / "machine" / f"{letter_id}.yml"
    cache.put(
        Record(
            letter_id,
            path.name,
            sha,
            letter.source.copy,
            hashlib.sha256(yaml_text.encode("utf-8")).hexdigest(),
            file_sha(snapshot) or "",
            tuple(warnings),
        )
    )


def _write_letter(
    letter: Letter, data: dict[str, Any], text: str, raw: bytes, content: Path, report: IngestReport
) -> str:
    """Merge and write; returns the letter's YAML text as it is now on disk."""
    from .review import merge_into_content, write_snapshot

    yaml_path = content / "letters" / f"{letter.id}.yml"
    machine_text = text
    text, diagnostics = merge_into_content(content, data, machine_text)
    report.diagnostics.extend(diagnostics)
    copy_path = content / letter.source.copy
    if not copy_path.exists() or copy_path.read_bytes() != raw:
        write_atomic(copy_path, raw)
    if yaml_path.exists() and yaml_path.read_text(encoding="utf-8") == text:
        report.unchanged.append(yaml_path)
    else:
        write_atomic(yaml_path, text)
        report.written.append(yaml_path)
    write_snapshot(content, letter.id, machine_text)
    return text


def _suffix(path: Path, fmt: str) -> str:
    suffix = path.suffix.lower()
    return suffix if suffix in {".txt", ".md", ".pdf", ".docx", ".xml", ".html", ".htm"} else ".txt"


def derive_id(letter: Letter) -> str:
    """A stable, readable, URL-safe id: date + Kamerstuk, title, report or signer."""
    date = letter.date or "ongedateerd"
    k = letter.kamerstuk
    if k is not None and k.id:
        tail = k.id
    elif letter.title:
        tail = slugify(letter.title, 60)
    elif letter.recommendations and letter.recommendations[0].report:
        tail = f"{letter.kind.value}-{slugify(letter.recommendations[0].report or '', 40)}"
    elif k is not None and k.number:
        tail = f"{letter.kind.value}-nr-{k.number}"
    elif letter.signatories:
        tail = f"{letter.kind.value}-{slugify(letter.signatories[0].name.split()[-1], 30)}"
    else:
        tail = f"{letter.kind.value}-{letter.source.sha256[:10]}"
    return slugify(f"{date}-{tail}", 90) or letter.source.sha256[:16]


def _unique_id(base: str, content: Path) -> str:
    candidate, n = base, 2
    while (content / "letters" / f"{candidate}.yml").exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate
