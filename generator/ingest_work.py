"""Ingest, the parallel stage: read and extract sources, in worker processes when there
is enough work. Nothing here touches the content folder; the parent assigns ids, merges
and writes, in input order, so the result is the same for any number of workers."""

from __future__ import annotations

import hashlib
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections import deque
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, GeneratorError
from .extract.letter import Catalogues, extract_letter
from .ingest_ids import derive_id, with_id
from .ingest_read import parse_source, read_bytes
from .model import Letter, SourceInfo
from .store import dump_letter

CHUNK = 4  # sources per task: few enough to keep both cores busy to the end
AHEAD = 4  # tasks in flight per worker: bounds the memory of results not yet written


@dataclass(frozen=True)
class Extracted:
    """One source as read and extracted. ``raw`` is None when it could not be read
    (``failure`` says why); else ``failure`` is a reader's or extractor's refusal (after
    the reader's ``notes``), or ``letter`` is the
    letter under the id it most likely gets, with ``machine_text``, its YAML."""

    path: Path
    raw: bytes | None
    sha: str = ""
    failure: Diagnostic | None = None
    notes: tuple[str, ...] = ()
    letter: Letter | None = None
    machine_text: str = ""
    rendering: bytes | None = None  # the text of a PDF/DOCX/XML/HTML letter


def extract_source(path: Path, cat: Catalogues, ids: Mapping[str, str]) -> Extracted:
    """Read and extract one source; its YAML is dumped under its id in ``ids`` (by
    sha256, else by file name), else the one derived from what it says."""
    try:
        raw = read_bytes(path)
    except GeneratorError as exc:
        return Extracted(path, None, failure=exc.diagnostic)
    sha = hashlib.sha256(raw).hexdigest()
    try:
        doc = parse_source(path, raw)
    except GeneratorError as exc:
        return Extracted(path, raw, sha, failure=exc.diagnostic)
    source = SourceInfo(path.name, sha, doc.format, doc.flavour, "", len(doc.lines))
    try:
        letter = extract_letter(doc, source, "pending", cat)
    except GeneratorError as exc:
        return Extracted(path, raw, sha, failure=exc.diagnostic, notes=doc.notes)
    guess = ids.get(sha) or ids.get(path.name) or derive_id(letter)
    letter = with_id(letter, guess, path)
    rendering = None if doc.format == "text" else ("\n".join(doc.lines) + "\n").encode("utf-8")
    return Extracted(path, raw, sha, None, doc.notes, letter, dump_letter(letter), rendering)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def extract_sources(
    paths: list[Path], cat: Catalogues, ids: Mapping[str, str], jobs: int | None = None
) -> Iterator[Iterator[Extracted]]:
    """What :func:`extract_source` gives for each of ``paths``, in their order: from
    ``jobs`` worker processes (default: one per core), or here for ``jobs=1``, little
    work or no ``fork``. Workers are forked children of this process (their CPU time
    counts as its children's); they close the content lock at once (see
    :func:`atomic.content_lock`) and end when this process ends, also when it is killed."""
    jobs = jobs or default_jobs()
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if jobs <= 1 or len(paths) < 2 * jobs or not can_fork:
        yield (extract_source(path, cat, ids) for path in paths)
        return
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(jobs, context, initializer=_init, initargs=(cat, dict(ids)))
    try:
        yield _in_order(pool, paths, jobs * AHEAD)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _in_order(pool: ProcessPoolExecutor, paths: list[Path], ahead: int) -> Iterator[Extracted]:
    chunks = (paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK))
    pending: deque[Future[list[Extracted]]] = deque()
    for chunk in chunks:
        pending.append(pool.submit(_extract_chunk, chunk))
        if len(pending) >= ahead:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


_WORKER: dict[str, object] = {}


def _init(cat: Catalogues, ids: dict[str, str]) -> None:
    _WORKER.update(cat=cat, ids=ids)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()


def _exit_with(sentinel: int) -> None:
    """A worker whose parent was killed would wait for work forever: end it."""
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def _extract_chunk(paths: list[Path]) -> list[Extracted]:
    cat, ids = _WORKER["cat"], _WORKER["ids"]
    assert isinstance(cat, Catalogues) and isinstance(ids, dict)
    return [extract_source(path, cat, ids) for path in paths]
