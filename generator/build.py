"""Build the site: collect, render Markdown into a docs folder, run MkDocs (strict).

The web build then runs Pagefind over the site (a chunked static search index under
``site/pagefind/``, in shards that are indexed alone, see :mod:`generator.pagefind`;
used by ``zoeken.html`` and the header search field) and leaves
Material's search plugin off: no lunr index, nothing for the browser to build. Without
the Pagefind binary, or when Pagefind fails, the web build keeps Material's lunr search
instead and says so. The offline bundle always has lunr (Pagefind cannot work from file://).

The offline bundle is the same build with Material's offline plugin switched on,
zipped with fixed timestamps so two bundles of the same content are identical.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import os
import re
import shutil
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.utils.yaml import yaml_load

from .dates import epoch_of
from .diagnostics import GeneratorError
from .export_files import export_files
from .heap import collector_paused, heap_frozen, release_free_memory
from .incremental import (
    BuildState,
    Manifest,
    build_fingerprint,
    clear_state,
    content_manifest,
    load_state,
    manifest,
    save_state,
    state_dir,
)
from .memo import Memo
from .mkdocs_run import PageRecord, PagesBuilt, build_pages
from .pagefind import (
    BUNDLE,
    IndexPlan,
    SearchIndex,
    no_pagefind,
    pagefind_binary,
    pagefind_summary,
    plan_index,
    run_pagefind,
    start_pagefind,
)
from .render import ROOT, write_docs
from .site import Corpus, collect_corpus
from .suggest_memo import memo_suggestions
from .views_review import SUGGESTIONS_PER_ITEM

CONFIG = ROOT / "mkdocs.yml"
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_SITE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~!$&*+,;=:@%/-]*)?")


@dataclass(frozen=True)
class BuildResult:
    pages: int
    letters: int
    seconds: float
    site: Path
    search: SearchIndex | None = None
    rebuilt: int | None = None  # pages rebuilt by an incremental build (None: full build)


@contextmanager
def _env(values: dict[str, str]) -> Iterator[None]:
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def configured_site_url(explicit: str | None = None) -> str | None:
    """The site's public address, ending in ``/``; None keeps every link relative.

    ``--site-url`` wins (an empty value means relative); else ``site_url`` in mkdocs.yml,
    which reads the environment variable ``KB_SITE_URL``.
    """
    value = explicit
    if value is None:
        config = yaml_load(CONFIG.read_text(encoding="utf-8"))
        value = config.get("site_url") if isinstance(config, dict) else None
    if not value:
        return None
    url = str(value).strip()
    if not _SITE_URL.fullmatch(url):
        raise GeneratorError(str(CONFIG), f"site_url must be an http(s) address, not {url!r}")
    return url if url.endswith("/") else url + "/"


Progress = Callable[[str], None]


def build_site(
    content: Path,
    out: Path,
    today: dt.date,
    docs: Path,
    offline: bool = False,
    site_url: str | None = None,
    progress: Progress | None = None,
    parsed: dict[Path, dict[str, Any]] | None = None,
    incremental: bool = True,
    digests: Mapping[str, bytes] | None = None,
) -> BuildResult:
    """Render ``content`` into ``docs`` and build the HTML site into ``out``.

    ``parsed``: the letter files' data as ``validate_content`` parsed it (not parsed again;
    emptied once the Markdown is written, to free the memory before MkDocs runs);
    ``digests``: file name -> digest of the text each was parsed from (the validation
    cache's), by which per-letter results of the previous build are found again.

    ``site_url`` (see :func:`configured_site_url`) makes feed links absolute and gives
    pages a canonical address; the offline bundle always keeps links relative.

    ``incremental``: when the state of the previous build (:mod:`generator.incremental`)
    fits, MkDocs rebuilds only the pages whose Markdown changed and Pagefind indexes
    only the shards with a page written, added or removed; the site ends up as a full
    build would write it. The offline bundle is always a full build.
    """
    started = time.monotonic()
    say = progress or (lambda _: None)
    url = None if offline else configured_site_url(site_url)
    state_folder = state_dir(docs)
    fingerprint = _fingerprint(today, url, offline, out, docs)
    previous = _usable_state(state_folder, fingerprint, docs, incremental and not offline)
    read = content_manifest(content, digests)
    if _nothing_to_do(previous, read, out):
        assert previous is not None
        pages, letters = previous.counts
        say("niets veranderd")
        index = pagefind_summary(
            out / BUNDLE, marked=previous.search_pages, inputs=previous.search_inputs
        )
        return BuildResult(pages, letters, time.monotonic() - started, out, index, 0)
    clear_state(state_folder)
    say("brieven lezen")
    corpus = collect_corpus(content, today, parsed)
    parts = _reusable_parts(corpus, state_folder, incremental and not offline, digests or {})
    # The memos are written while MkDocs and Pagefind work, when the build is incremental
    # (what they keep: a few MB per hundred letters, held that long), else now.
    later: list[Callable[[], None]] = []
    if previous is not None:
        later.append(parts.save)
    else:
        parts.save()
    del parts
    say(f"{len(corpus.letters)} brieven: Markdown schrijven")
    written: set[str] = set()
    memo = None if offline else state_folder  # the bundle is always built in full
    templates = _template_cache(state_folder, fingerprint, previous is not None)
    pages = write_docs(corpus, docs, url, written, memo, incremental, digests, templates, later)
    letters = len(corpus.letters)
    # The letters are in the Markdown now: let them go before MkDocs runs (and forks a
    # helper that would otherwise copy them page by page: at 10,000 letters gigabytes).
    del corpus
    if parsed is not None:
        parsed.clear()  # the caller's copy of the same data
    with collector_paused():  # a pass here would walk everything the build still holds
        docs_now = manifest(docs)
        changed = _changed_pages(previous, docs_now, out, written)
    if changed is None:  # a full build after all: nothing held through it
        _run_all(later)
    with contextlib.ExitStack() as frozen:
        if changed is None:  # all pages: a helper is forked (collected again before Pagefind)
            gc.collect()
        else:
            say(f"incrementeel: {len(changed)} bestanden veranderd")
            # few pages to build: what is alive now stays alive, the collector skips it
            frozen.enter_context(heap_frozen())
        counter = progress and _PageCounter(progress, pages)
        binary = None if offline else pagefind_binary()  # without it, lunr is the web search
        early = None
        if changed is not None and binary is not None and previous is not None:
            early = _EarlyIndex(out, binary, previous, say)
        try:
            built = run_mkdocs(
                docs,
                out,
                today,
                offline,
                url,
                counter,
                changed,
                previous.pages if previous else None,
                lunr=binary is None,
                templates=templates,
                searched_written=early.start if early else None,
            )
            _run_all(later)  # while Pagefind indexes, if it started early
        except BaseException:
            if early is not None:  # never left running after a failure
                with contextlib.suppress(Exception):
                    early.wait()
            raise
        indexed = early.wait() if early else None
        search = None
        if not offline:
            many = changed is None or 4 * len(changed) > pages
            before = _indexed_before(previous, out, built)
            if early is not None and early.covers(indexed, before):
                assert indexed is not None
                search = indexed
            else:
                search = _search_index(out, binary, before, many, say)
            if binary is not None and not search.ok:
                # the site must have a search: build again with lunr, and keep no state (the
                # next build is a full one)
                say("Pagefind mislukt: opnieuw bouwen met de gewone zoekfunctie (lunr)")
                built = run_mkdocs(docs, out, today, offline, url, counter, lunr=True)
            else:
                counts = (pages, letters)
                marked = dict(search.marked) if search.ok else None
                inputs = dict(search.inputs) if search.ok else None
                state = BuildState(
                    fingerprint,
                    docs_now,
                    manifest(out),
                    built.records,
                    search.ok,
                    read,
                    counts,
                    marked,
                    inputs,
                )
                save_state(state_folder, state)
    return BuildResult(
        pages,
        letters,
        time.monotonic() - started,
        out,
        search,
        None if built.full else built.rebuilt,
    )


def _search_index(
    out: Path,
    binary: Path | None,
    before: tuple[dict[str, str] | None, set[str] | None, dict[str, bytes] | None],
    many_pages: bool,
    say: Progress,
) -> SearchIndex:
    """The web build's Pagefind index: the shards that need it indexed (see
    :func:`_indexed_before`), or the index kept, or none without the binary."""
    if binary is None:
        return no_pagefind(out)
    plan = plan_index(out, *before)
    if not plan.dirty:
        return pagefind_summary(out / BUNDLE, marked=plan.shards, inputs=plan.inputs)  # kept
    say(f"Pagefind: zoekindex maken ({plan.describe()})")
    if many_pages:
        release_free_memory()  # MkDocs' pages are gone: not resident beside Pagefind
    return run_pagefind(out, binary, plan)


class _EarlyIndex:
    """Pagefind started while MkDocs still writes pages: an incremental build writes the
    changed pages that the search indexes first (:func:`mkdocs_run.build_pages`), then
    :meth:`start` plans the index from what is written so far and runs Pagefind in a
    thread (a process of its own does the work) while MkDocs reads and writes the other
    changed pages, which no shard holds. Afterwards :meth:`covers` checks that the plan
    from every written page asks for no other shard and no other input of a page than
    Pagefind was given; else the caller indexes as usual (a page predicted unsearched
    that is searched after all, or a page written again)."""

    def __init__(self, out: Path, binary: Path, previous: BuildState, say: Progress) -> None:
        self.out, self.binary, self.previous, self.say = out, binary, previous, say
        self.plan: IndexPlan | None = None
        self._running: tuple[ThreadPoolExecutor, Future[SearchIndex]] | None = None

    def start(self, written: set[str]) -> None:
        """MkDocs has written the searched pages (``written``: site-relative paths):
        index their shards, if any changed."""
        searched, inputs = self.previous.search_pages, self.previous.search_inputs
        if searched is None or not self.previous.pagefind:
            return
        self.plan = plan = plan_index(self.out, searched, written, inputs)
        if not plan.dirty:
            return
        self.say(f"Pagefind: zoekindex maken ({plan.describe()})")
        job = start_pagefind(self.out, self.binary, plan)  # the pages read here, at once
        pool = ThreadPoolExecutor(1)
        self._running = (pool, pool.submit(job))

    def wait(self) -> SearchIndex | None:
        """What Pagefind made, once it is done (None: it was not started)."""
        if self._running is None:
            return None
        pool, future = self._running
        self._running = None
        try:
            return future.result()
        finally:
            pool.shutdown()

    def covers(
        self,
        done: SearchIndex | None,
        before: tuple[dict[str, str] | None, set[str] | None, dict[str, bytes] | None],
    ) -> bool:
        """``done`` is the index of the site as MkDocs left it (``before``: what
        :func:`_indexed_before` says of it), or a failure to report."""
        if done is None or self.plan is None:
            return False
        if not done.ok:
            return True
        if before[0] is None or before[1] is None:
            return False
        final = plan_index(self.out, *before)
        return (
            final.shards == self.plan.shards
            and final.dirty <= self.plan.dirty
            and all(done.inputs.get(page) == digest for page, digest in final.inputs.items())
        )


def _run_all(calls: list[Callable[[], None]]) -> None:
    """Each call, in order, and none of them again."""
    while calls:
        calls.pop(0)()


def _nothing_to_do(previous: BuildState | None, read: tuple[str, Manifest], out: Path) -> bool:
    """The previous build (same fingerprint and docs folder, see ``_usable_state``) read
    exactly this content folder, wrote this site folder and its Pagefind index: the site
    is up to date as it is."""
    return (
        previous is not None
        and previous.pagefind
        and previous.content == read
        and manifest(out) == previous.site
    )


def _reusable_parts(
    corpus: Corpus, state_folder: Path, reuse: bool, digests: Mapping[str, bytes]
) -> Memo:
    """The editors' suggestions (the costliest corpus-wide view) and the export files,
    made again only for what changed since the previous build (:mod:`generator.memo`);
    ``digests``: see :func:`build_site`. The memo, for the caller to save."""
    with heap_frozen():  # the corpus just made: not walked by the collector's passes
        memo = Memo(state_folder, reuse)
        letters = [(f.path.name, f.data) for f in corpus.files]
        corpus.suggestions, _ = memo_suggestions(memo, letters, SUGGESTIONS_PER_ITEM, digests)
        corpus.exported, _ = export_files(corpus, digests, memo)
        return memo


def _fingerprint(today: dt.date, url: str | None, offline: bool, out: Path, docs: Path) -> str:
    exe = pagefind_binary() if not offline else None
    try:
        stat = exe.stat() if exe else None
    except OSError:  # gone since it was found: the build reports Pagefind failing
        stat = None
    return build_fingerprint(
        CONFIG,
        {
            "today": today.isoformat(),
            "site_url": url,
            "offline": offline,
            "out": str(out.resolve()),
            "docs": str(docs.resolve()),
            "pagefind": (str(exe), stat.st_size, stat.st_mtime_ns) if exe and stat else None,
        },
    )


def _usable_state(
    folder: Path, fingerprint: str, docs: Path, incremental: bool
) -> BuildState | None:
    """The previous build's state when this build may be incremental on top of it."""
    if not incremental:
        return None
    state = load_state(folder)
    if state is None or state.fingerprint != fingerprint or manifest(docs) != state.docs:
        return None
    return state


def _changed_pages(
    previous: BuildState | None, docs_now: Manifest, out: Path, written: set[str]
) -> set[str] | None:
    """The docs files to rebuild, or None for a full build: the same files as before
    (pages added or removed change the navigation and links of every page) and the site
    folder as the previous build left it."""
    if previous is None or docs_now.keys() != previous.docs.keys():
        return None
    if manifest(out) != previous.site:
        return None
    return written


def _indexed_before(
    previous: BuildState | None, out: Path, built: PagesBuilt
) -> tuple[dict[str, str] | None, set[str] | None, dict[str, bytes] | None]:
    """What the Pagefind index in ``out`` was made from (marked page -> shard), the HTML
    pages this build wrote, added or removed since, and the digests of the marked pages
    as Pagefind was given them; (None, None, None) when not known (no state, no index
    kept, or MkDocs built every page into an emptied folder)."""
    if previous is None or built.full or not previous.pagefind or not previous.search_pages:
        return None, None, None
    return previous.search_pages, _written_since(previous, out), previous.search_inputs


def _written_since(previous: BuildState, out: Path) -> set[str]:
    """The HTML pages of ``out`` written, added or removed since the previous build (the
    Pagefind bundle aside)."""
    before, now = previous.site, manifest(out, frozenset({BUNDLE}))
    return {
        page
        for page in before.keys() | now.keys()
        if page.endswith(".html")
        and not page.startswith(BUNDLE + "/")
        and before.get(page) != now.get(page)
    }


def run_mkdocs(
    docs: Path,
    out: Path,
    today: dt.date,
    offline: bool,
    site_url: str | None = None,
    counter: logging.Handler | None = None,
    changed: set[str] | None = None,
    previous: dict[str, PageRecord] | None = None,
    lunr: bool = True,
    templates: Path | None = None,
    searched_written: Callable[[set[str]], None] | None = None,
) -> PagesBuilt:
    """MkDocs, strict: every page, or (``changed`` and ``previous``) only the changed
    ones (see :mod:`generator.mkdocs_run`). ``lunr``: Material's search plugin (its
    index, the header search box); the offline bundle always has it. ``templates``: a
    folder for the theme's compiled templates (see :func:`_template_cache`);
    ``searched_written``: see :func:`mkdocs_run.build_pages`."""
    env = {
        "SOURCE_DATE_EPOCH": str(epoch_of(today)),
        "KB_OFFLINE": "true" if offline else "false",
        "KB_LUNR": "true" if offline or lunr else "false",
        "KB_SITE_URL": site_url or "",
        "NO_MKDOCS_2_WARNING": "1",
    }
    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    steps = logging.getLogger("mkdocs.commands.build")
    level = steps.level
    if counter is not None:
        steps.addHandler(counter)
        steps.setLevel(logging.DEBUG)
    try:
        with _env(env):
            return _load_and_build(docs, out, changed, previous, templates, searched_written)
    except (MkDocsException, SystemExit) as exc:
        details = "".join(f"\n  {m}" for m in collector.messages)
        raise GeneratorError(str(CONFIG), f"mkdocs build failed: {exc}{details}") from exc
    finally:
        logger.removeHandler(collector)
        if counter is not None:
            steps.removeHandler(counter)
            steps.setLevel(level)


class _PageCounter(logging.Handler):
    """Turns MkDocs' debug lines (``Reading: …``, ``Building page …``) into progress."""

    EVERY = 25

    def __init__(self, progress: Progress, pages: int) -> None:
        super().__init__(logging.DEBUG)
        self.progress = progress
        self.pages = pages
        self.counts = {"Reading: ": 0, "Building page ": 0}
        self.labels = {"Reading: ": "mkdocs: lezen", "Building page ": "mkdocs: HTML"}

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        for prefix in self.counts:
            if message.startswith(prefix):
                self.counts[prefix] += 1
                n = self.counts[prefix]
                if n % self.EVERY == 0 or n == self.pages:
                    self.progress(f"{self.labels[prefix]} {n}/{self.pages} pagina's")


class _Collector(logging.Handler):
    """Keeps MkDocs' warnings so a failed strict build says why."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _load_and_build(
    docs: Path,
    out: Path,
    changed: set[str] | None = None,
    previous: dict[str, PageRecord] | None = None,
    templates: Path | None = None,
    searched_written: Callable[[set[str]], None] | None = None,
) -> PagesBuilt:
    config = load_config(
        config_file=str(CONFIG),
        docs_dir=str(docs.resolve()),
        site_dir=str(out.resolve()),
        strict=True,
    )
    return build_pages(config, changed, previous, templates, searched_written)


def _template_cache(state_folder: Path, fingerprint: str, reuse: bool) -> Path:
    """The folder of the compiled templates (the theme's and the render's) for builds of
    this fingerprint (the theme, its configuration, the templates and the libraries'
    versions are part of it: the same templates compiled the same way), emptied unless
    the build is incremental; the folders of other fingerprints are removed."""
    folder = state_folder / f"templates-{fingerprint[:16]}"
    for old in state_folder.glob("templates-*"):
        if old != folder or not reuse:
            shutil.rmtree(old, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_zip(folder: Path, target: Path, prefix: str = "kamerbrieven") -> int:
    """Zip ``folder`` with sorted entries and fixed timestamps; returns the file count."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".zip.tmp")
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(folder).as_posix()}", ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    os.replace(tmp, target)
    return len(files)


def bundle_site(
    content: Path,
    target: Path,
    today: dt.date,
    work: Path,
    parsed: dict[Path, dict[str, Any]] | None = None,
) -> BuildResult:
    """Build the offline variant into ``work`` and zip it to ``target``."""
    site = work / "site"
    if site.exists():
        shutil.rmtree(site)
    result = build_site(
        content, site, today, work / "docs", offline=True, parsed=parsed, incremental=False
    )
    write_zip(site, target)
    return result
