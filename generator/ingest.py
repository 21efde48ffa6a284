"""Ingest: source files -> kept copies in ``content/sources/`` and one YAML per letter in
``content/letters/``. Each input succeeds or fails on its own; a failed input leaves the
content folder as it was.

Stages: :mod:`.ingest_read` (inputs, limits, readers), :mod:`.ingest_work` (read and
extract, in worker processes), this module (ids, duplicates, the run in input order),
:mod:`.ingest_write` (a letter's files), :mod:`.ingest_cache` (skip what is unchanged)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import content_lock, remove_stale_temp_files, write_atomic
from .diagnostics import Diagnostic, GeneratorError, error, warning
from .ingest_cache import CACHE_DIR, Hit, IngestCache, Record, load_cache, sha256_of
from .ingest_read import expand_inputs
from .progress import Progress

# The extractors, the YAML writer and the merge are imported only when there is something
# to extract or write: a re-ingest of unchanged letters needs none of them.
if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from .extract.letter import Catalogues
    from .ingest_work import Extracted
    from .ingest_write import Staged, Written
    from .model import Letter

DEFAULTS = Path(__file__).parent / "defaults"


@dataclass
class IngestReport:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(d.level.value == "error" for d in self.diagnostics)


@dataclass
class _Known:
    """What the content folder and this run already hold, to recognise a letter again."""

    by_sha: dict[str, tuple[str, str]] = field(default_factory=dict)  # sha -> (id, file)
    by_name: dict[str, str] = field(default_factory=dict)  # source file name -> id
    this_run: dict[str, Path] = field(default_factory=dict)  # sha -> input path
    names_this_run: set[str] = field(default_factory=set)
    # file stem -> (id, sha256, file) of each letter YAML that loaded as the run began
    loaded: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    written: set[str] = field(default_factory=set)  # ids this run wrote

    def letter_id(self, path: Path, sha: str) -> str | None:
        """The id a source gets when it is a letter the content already has."""
        prior = self.by_sha.get(sha)
        if prior is not None:
            return prior[0]
        return self.by_name.get(path.name) if path.name not in self.names_this_run else None

    def add(self, path: Path, sha: str, letter_id: str) -> None:
        self.this_run[sha] = path
        self.names_this_run.add(path.name)
        self.by_sha.setdefault(sha, (letter_id, path.name))
        self.by_name.setdefault(path.name, letter_id)

    def ids(self) -> dict[str, str]:
        """{sha256 or file name: id}: the id a worker dumps a letter under."""
        return {**self.by_name, **{sha: found[0] for sha, found in self.by_sha.items()}}


@dataclass
class _Run:
    content: Path
    known: _Known
    cache: IngestCache
    report: IngestReport
    _catalogues: Catalogues | None = None
    # the last letter's files being flushed and renamed while the next one is extracted
    _committer: ThreadPoolExecutor | None = None
    _pending: tuple[Future[Written], Callable[[Written], None]] | None = None

    def commit_later(self, staged: Staged, then: Callable[[Written], None]) -> None:
        """Commit ``staged`` in the background; :meth:`settle` reports it, then ``then``."""
        self.settle()
        if self._committer is None:  # made when first needed: a re-ingest may write nothing
            from concurrent.futures import ThreadPoolExecutor

            self._committer = ThreadPoolExecutor(1)
        self._pending = (self._committer.submit(staged.commit), then)

    def settle(self) -> None:
        """Wait for the letter being committed (before anything else reads or reports)."""
        if self._pending is None:
            return
        future, then = self._pending
        self._pending = None
        try:
            written = future.result()
        except GeneratorError as exc:
            self.report.diagnostics.append(exc.diagnostic)
            return
        then(written)

    def close(self) -> None:
        self.settle()
        if self._committer is not None:
            self._committer.shutdown()

    def catalogues(self) -> Catalogues:
        """The content's topics and entities, loaded when first needed."""
        if self._catalogues is None:
            from .extract.letter import load_catalogues

            self._catalogues = load_catalogues(self.content)
        return self._catalogues


def ingest(
    paths: Iterable[Path], content: Path, jobs: int | None = None, progress: bool = False
) -> IngestReport:
    """Ingest every input on its own; the content folder must be sound to start with.
    Extraction runs in ``jobs`` worker processes (default: one per core; 1: in this
    process); ids, merges and writes happen here in input order, so files and messages
    are the same for any ``jobs``. ``progress``: a progress line when stderr is a TTY."""
    report = IngestReport()
    try:
        ensure_content(content)
        with content_lock(content):
            for stale in remove_stale_temp_files(content):
                report.diagnostics.append(
                    warning(str(stale), None, "removed a temp file left by an interrupted run")
                )
            _ingest_all(paths, content, report, jobs, progress)
    except GeneratorError as exc:
        report.diagnostics.append(exc.diagnostic)
    except OSError as exc:
        report.diagnostics.append(
            error(str(content), None, f"cannot write the content folder: {exc.strerror or exc}")
        )
    return report


def _ingest_all(
    paths: Iterable[Path], content: Path, report: IngestReport, jobs: int | None, progress: bool
) -> None:
    cache = load_cache(content)
    run = _Run(content, _known_sources(content, report, cache), cache, report)
    if report.failed:
        report.diagnostics.append(
            error(str(content), None, "ingest stopped: fix the letter files above first")
        )
        return
    inputs = expand_inputs(paths, report.diagnostics)
    hits = cache.plan(inputs)
    todo = [path for n, path in enumerate(inputs) if n not in hits]
    bar = Progress("ingest", len(inputs) if progress else 0)
    try:
        with _extractions(todo, run, jobs) as extracted:
            for n, path in enumerate(inputs):
                bar.advance(1, _ingest_input(path, hits.get(n), extracted, run))
    finally:
        run.close()
        bar.close()
    try:
        cache.save()
    except OSError as exc:  # only an optimisation: the next run reads every source again
        report.diagnostics.append(
            warning(str(content / CACHE_DIR), None, f"cannot save: {exc.strerror or exc}")
        )


@contextmanager
def _extractions(todo: list[Path], run: _Run, jobs: int | None) -> Iterator[Iterator[Extracted]]:
    if not todo:  # all unchanged: no extractors, no catalogues, no workers
        yield iter(())
        return
    from .ingest_work import extract_sources

    with extract_sources(todo, run.catalogues(), run.known.ids(), jobs) as extracted:
        yield extracted


def _ingest_input(path: Path, hit: Hit | None, extracted: Iterator[Extracted], run: _Run) -> int:
    """One input, in order: a cache hit replayed, or what a worker extracted written.
    Returns the bytes read."""
    found = next(extracted) if hit is None else None
    run.settle()  # the previous letter's files are in place: this one's may depend on them
    try:
        if hit is not None:
            if _replay(path, hit, run):
                return hit.size
            from .ingest_work import extract_source

            found = extract_source(path, run.catalogues(), run.known.ids())
        assert found is not None
        _ingest_one(found, run)
        return len(found.raw or b"")
    except GeneratorError as exc:
        run.report.diagnostics.append(exc.diagnostic)
    except OSError as exc:
        run.report.diagnostics.append(
            error(str(path), None, f"cannot write content: {exc.strerror or exc}")
        )
    return 0


def ensure_content(content: Path) -> None:
    """A fresh content folder gets the default topic and entity catalogues."""
    (content / "letters").mkdir(parents=True, exist_ok=True)
    (content / "sources").mkdir(parents=True, exist_ok=True)
    for name in ("topics.yml", "entities.yml"):
        if not (content / name).exists() and (DEFAULTS / name).exists():
            write_atomic(content / name, (DEFAULTS / name).read_bytes())


def _known_sources(content: Path, report: IngestReport, cache: IngestCache) -> _Known:
    """The letters already in the content (from the cache for a YAML file as the last
    ingest left it). A letter file that cannot be read is an error: without it, ingest
    could not tell a new letter from one it already has."""
    known = _Known()
    folder = content / "letters"
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries if e.name.endswith(".yml"))
    except FileNotFoundError:
        names = []
    for name in names:
        stem = name[: -len(".yml")]
        declares = cache.known(stem, os.path.join(folder, name))
        if declares is None:
            from .store import load_letter_file

            try:
                letter = load_letter_file(folder / name)
            except GeneratorError as exc:
                report.diagnostics.append(exc.diagnostic)
                continue
            declares = (letter.id, letter.source.sha256, letter.source.file)
        letter_id, sha, file = known.loaded[stem] = declares
        known.by_sha.setdefault(sha, (letter_id, file))
        known.by_name.setdefault(file, letter_id)
    return known


def _replay(path: Path, hit: Hit, run: _Run) -> bool:
    """Report a cache hit as its ingest would: True, unless the run wrote its letter or
    would give it another id (then it is ingested as usual)."""
    known, record = run.known, hit.record
    if _duplicate(path, hit.sha, known, run.report):
        return True
    if known.letter_id(path, hit.sha) != record.id or record.id in known.written:
        return False
    run.report.diagnostics += [warning(str(path), line, text) for line, text in record.warnings]
    run.report.unchanged.append(run.content.joinpath("letters", f"{record.id}.yml"))
    known.add(path, hit.sha, record.id)
    return True


def _ingest_one(found: Extracted, run: _Run) -> None:
    from .ingest_ids import derive_id, same_letter_in_content, unique_id, with_id
    from .store import dump_letter

    path, sha, report = found.path, found.sha, run.report
    if found.raw is None or _duplicate(path, sha, run.known, report):
        report.diagnostics += [found.failure] if found.raw is None and found.failure else []
        return
    notes = [(None, note) for note in found.notes]
    report.diagnostics += [warning(str(path), line, text) for line, text in notes]
    if found.failure is not None or found.letter is None:
        report.diagnostics += [found.failure] if found.failure else []
        return
    letter, machine_text = found.letter, found.machine_text
    letter_id = run.known.letter_id(path, sha)
    if letter_id is None:
        base = derive_id(letter)
        twin = same_letter_in_content(base, letter, run.content)
        if twin is not None:
            message = f"the same letter as {twin[0]} (from {twin[1]}) in another format: skipped"
            report.diagnostics.append(warning(str(path), None, message))
            return
        letter_id = unique_id(base, run.content)
    if letter_id != letter.id:
        letter = with_id(letter, letter_id, path)
        machine_text = dump_letter(letter)
    flags = [(f.span.start if f.span else None, f"{f.code}: {f.message}") for f in letter.review]
    report.diagnostics += [warning(str(path), line, text) for line, text in flags]
    _write(path, found, letter, machine_text, tuple(notes + flags), run)


def _write(
    path: Path,
    found: Extracted,
    letter: Letter,
    machine_text: str,
    warnings: tuple[tuple[int | None, str], ...],
    run: _Run,
) -> None:
    """Write one letter's files (committed in the background, see :class:`_Run`) and,
    once they are in place, remember in the cache what they are now."""
    from .ingest_write import stage_letter

    assert found.raw is not None
    loaded = run.known.loaded.get(letter.id) if letter.id not in run.known.written else None
    run.cache.drop(letter.id)
    run.known.written.add(letter.id)
    staged = stage_letter(path, letter, machine_text, found.raw, found.rendering, run.content)
    then = partial(_written, run, path, found, letter, machine_text, warnings, loaded)
    run.commit_later(staged, then)


def _written(
    run: _Run,
    path: Path,
    found: Extracted,
    letter: Letter,
    machine_text: str,
    warnings: tuple[tuple[int | None, str], ...],
    loaded: tuple[str, str, str] | None,
    written: Written,
) -> None:
    """A letter's files are in place: report it and remember in the cache what they are."""
    run.report.diagnostics.extend(written.diagnostics)
    (run.report.written if written.changed else run.report.unchanged).append(written.yaml_path)
    run.known.add(path, found.sha, letter.id)
    rendering = None if found.rendering is None else sha256_of(found.rendering)
    if written.text == machine_text:
        declares: tuple[str, str, str] | None = (letter.id, found.sha, path.name)
    else:  # an editor's text: what it said when it loaded, if it is still that text
        declares = loaded if not written.changed else None
    machine_sha = sha256_of(machine_text)
    record = Record(
        letter.id,
        path.name,
        found.sha,
        letter.source.copy,
        rendering,
        machine_sha if written.text == machine_text else sha256_of(written.text),
        machine_sha,
        warnings,
        declares,
    )
    run.cache.put(record)


def _duplicate(path: Path, sha: str, known: _Known, report: IngestReport) -> bool:
    """The same bytes as an input of this run, or as a letter ingested under another name."""
    earlier = known.this_run.get(sha)
    prior = known.by_sha.get(sha)
    if earlier is not None:
        message = f"same content as {earlier}: skipped"
    elif prior is not None and prior[1] != path.name:
        message = f"already ingested as letter {prior[0]} (from {prior[1]}): skipped"
    else:
        return False
    report.diagnostics.append(warning(str(path), None, message))
    return True
