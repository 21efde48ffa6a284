"""Build the site: collect, render Markdown into a docs folder, run MkDocs (strict).

The web build then runs Pagefind over the site (a chunked static search index under
``site/pagefind/``, used by ``zoeken.html`` and the header search field) and leaves
Material's search plugin off: no lunr index, nothing for the browser to build. Without
the Pagefind binary, or when Pagefind fails, the web build keeps Material's lunr search
instead and says so. The offline bundle always has lunr (Pagefind cannot work from file://).

The offline bundle is the same build with Material's offline plugin switched on,
zipped with fixed timestamps so two bundles of the same content are identical.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib.util
import logging
import os
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping
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
from .heap import heap_frozen, release_free_memory
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
from .render import ROOT, write_docs
from .site import Corpus, collect_corpus
from .suggest_memo import memo_suggestions
from .views_review import SUGGESTIONS_PER_ITEM

CONFIG = ROOT / "mkdocs.yml"
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_SITE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~!$&*+,;=:@%/-]*)?")


@dataclass(frozen=True)
class SearchIndex:
    """What Pagefind wrote: ``message`` explains a missing or failed index."""

    pages: int = 0
    files: int = 0
    size: int = 0
    seconds: float = 0.0
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.files > 0


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
    fits, MkDocs rebuilds only the pages whose Markdown changed and Pagefind runs only
    when a page changed; the site ends up as a full build would write it. The offline
    bundle is always a full build.
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
        index = pagefind_summary(out / "pagefind")
        return BuildResult(pages, letters, time.monotonic() - started, out, index, 0)
    clear_state(state_folder)
    say("brieven lezen")
    corpus = collect_corpus(content, today, parsed)
    _reusable_parts(corpus, state_folder, incremental and not offline, digests or {})
    say(f"{len(corpus.letters)} brieven: Markdown schrijven")
    written: set[str] = set()
    memo = None if offline else state_folder  # the bundle is always built in full
    pages = write_docs(corpus, docs, url, written, memo, incremental)
    letters = len(corpus.letters)
    # The letters are in the Markdown now: let them go before MkDocs runs (and forks a
    # helper that would otherwise copy them page by page: at 10,000 letters gigabytes).
    del corpus
    if parsed is not None:
        parsed.clear()  # the caller's copy of the same data
    docs_now = manifest(docs)
    changed = _changed_pages(previous, docs_now, out, written)
    if changed is None:  # all pages: a helper is forked (incremental: collected before Pagefind)
        gc.collect()
    if changed is not None:
        say(f"incrementeel: {len(changed)} bestanden veranderd")
    counter = progress and _PageCounter(progress, pages)
    binary = None if offline else pagefind_binary()  # without it, lunr is the web search
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
        templates=_template_cache(state_folder, fingerprint, previous is not None),
    )
    search = None
    if not offline:
        if not built.full and built.rebuilt == 0 and previous and previous.pagefind:
            search = pagefind_summary(out / "pagefind")  # no page changed: index kept
        else:
            say("Pagefind: zoekindex maken")
            release_free_memory()  # MkDocs' pages are gone: not resident beside Pagefind
            search = run_pagefind(out, binary)
        if binary is not None and not search.ok:
            # the site must have a search: build again with lunr, and keep no state (the
            # next build is a full one)
            say("Pagefind mislukt: opnieuw bouwen met de gewone zoekfunctie (lunr)")
            built = run_mkdocs(docs, out, today, offline, url, counter, lunr=True)
        else:
            counts = (pages, letters)
            state = BuildState(
                fingerprint, docs_now, manifest(out), built.records, search.ok, read, counts
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
) -> None:
    """The editors' suggestions (the costliest corpus-wide view) and the export files,
    made again only for what changed since the previous build (:mod:`generator.memo`);
    ``digests``: see :func:`build_site`."""
    with heap_frozen():  # the corpus just made: not walked by the collector's passes
        memo = Memo(state_folder, reuse)
        letters = [(f.path.name, f.data) for f in corpus.files]
        corpus.suggestions, _ = memo_suggestions(memo, letters, SUGGESTIONS_PER_ITEM, digests)
        corpus.exported, _ = export_files(corpus, digests, memo)
        memo.save()


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


# What Pagefind leaves out inside the marked content (overrides/main.html marks the
# article of every page the lunr search indexes): the letter's full text, its footnotes
# and the source-line links, as the lunr index does (see bench/RESULTS.md).
PAGEFIND_EXCLUDE = (
    "#volledige-tekst",
    ".kb-fulltext",
    "#losse-voetnoten",
    ".kb-loose-notes",
    ".footnote",
    ".kb-src",
)


def pagefind_binary() -> Path | None:
    """The Pagefind executable: from the ``pagefind-bin`` wheel, else on PATH."""
    spec = importlib.util.find_spec("pagefind_bin")
    if spec is not None and spec.origin:
        for name in ("pagefind_extended", "pagefind"):
            candidate = Path(spec.origin).parent / name
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return candidate
    found = shutil.which("pagefind")
    return Path(found) if found else None


def run_pagefind(site: Path, binary: Path | None = None) -> SearchIndex:
    """Index ``site`` into ``site/pagefind/``; never raises for a missing or failing
    binary (the site is complete without it: build_site then builds with lunr)."""
    exe = binary or pagefind_binary()
    target = site / "pagefind"
    if target.exists():
        shutil.rmtree(target)
    if exe is None:
        return SearchIndex(
            message="Pagefind niet gevonden (pip install 'pagefind[bin]'): "
            "site gebouwd zonder zoekpagina-index, alleen de gewone zoekfunctie"
        )
    with _indexed_pages(site) as source:
        found = _pagefind(exe, source)
        if isinstance(found, SearchIndex):
            return found
        if source != site:
            os.replace(source / "pagefind", target)
    return pagefind_summary(target, found)


# Pagefind indexes only the pages that carry this attribute once any page does.
PAGEFIND_MARK = b"data-pagefind-body"


@contextmanager
def _indexed_pages(site: Path) -> Iterator[Path]:
    """A folder beside ``site`` with hard links to only the pages Pagefind indexes (the
    marked ones: Pagefind skips the others, but reads them; the index is the same, at
    about 60 % of the work); ``site`` itself when no page is marked."""
    work = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site.parent))
    try:
        marked = 0
        for path in sorted(site.rglob("*.html")):
            rel = path.relative_to(site)
            if rel.parts[0] == "pagefind" or PAGEFIND_MARK not in path.read_bytes():
                continue
            link = work / rel
            link.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, link)
            except OSError:
                shutil.copy2(path, link)
            marked += 1
        yield work if marked else site
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _pagefind(exe: Path, site: Path) -> SearchIndex | float:
    """Run Pagefind over ``site`` (into ``site/pagefind``): its seconds, or the failure."""
    target = site / "pagefind"
    command = [
        str(exe),
        "--site",
        str(site),
        "--force-language",
        "nl",
        "--keep-index-url",
        "--exclude-selectors",
        ", ".join(PAGEFIND_EXCLUDE),
        "--quiet",
    ]
    started = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return SearchIndex(message=f"Pagefind mislukt ({exc}): alleen de gewone zoekfunctie")
    seconds = time.monotonic() - started
    if done.returncode != 0 or not (target / "pagefind.js").is_file():
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return SearchIndex(
            message=f"Pagefind mislukt (exit {done.returncode}): {' | '.join(tail)}; "
            "alleen de gewone zoekfunctie"
        )
    return seconds


def pagefind_summary(target: Path, seconds: float = 0.0) -> SearchIndex:
    """What is in a Pagefind index folder."""
    files = [p for p in target.rglob("*") if p.is_file()]
    pages = len(list(target.glob("fragment/*.pf_fragment")))
    return SearchIndex(pages, len(files), sum(p.stat().st_size for p in files), seconds)


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
) -> PagesBuilt:
    """MkDocs, strict: every page, or (``changed`` and ``previous``) only the changed
    ones (see :mod:`generator.mkdocs_run`). ``lunr``: Material's search plugin (its
    index, the header search box); the offline bundle always has it. ``templates``: a
    folder for the theme's compiled templates (see :func:`_template_cache`)."""
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
            return _load_and_build(docs, out, changed, previous, templates)
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
) -> PagesBuilt:
    config = load_config(
        config_file=str(CONFIG),
        docs_dir=str(docs.resolve()),
        site_dir=str(out.resolve()),
        strict=True,
    )
    return build_pages(config, changed, previous, templates)


def _template_cache(state_folder: Path, fingerprint: str, reuse: bool) -> Path:
    """The folder of the theme's compiled templates for builds of this fingerprint (the
    theme, its configuration and the libraries' versions are part of it: the same
    templates compiled the same way), emptied unless the build is incremental; the
    folders of other fingerprints are removed."""
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
