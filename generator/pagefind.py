"""Pagefind: the web build's search index, split into shards that are indexed alone.

Pagefind has no incremental mode and its cost is the indexing of the text, so the pages
it indexes (those marked ``data-pagefind-body``, see ``overrides/main.html``) are split
by :func:`assign_shards` into a few shards (one per :data:`PAGES_PER_SHARD` pages, at
most :data:`MAX_SHARDS`) by a stable hash of the page's path. Each shard is a Pagefind
run over hard links to only its pages:

- shard 0 is the primary bundle, ``site/pagefind/`` (``pagefind.js``, the WASM, the UI
  files, its own index);
- shard ``n`` goes to ``site/pagefind/delen/<n>/`` with only its index
  (``pagefind-entry.json``, the ``.pf_meta``, ``index/`` and ``fragment/``): a merged
  index is searched with the primary's ``pagefind.js`` and WASM, never its own;
- ``site/pagefind/delen.json`` lists the other shards; the search page
  (``static/kb/zoeken.js``) merges them (``mergeIndex``) before its first search.

Pagefind ranks each merged index with its own statistics (BM25 per shard, the scores
sorted together), so shards are hashed samples of the whole site, not groups of years
or of page kinds: each holds letters, entity and topic pages in about the site's mix,
and its statistics are near the whole index's (bench/notes/websearch.md).

Each shard's bytes depend only on its own pages, so an incremental build re-indexes only
the shards with a page written, added or removed (:func:`plan_index`) and the site is
the same as after indexing every shard.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Collection, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from .atomic import holds, write_atomic

BUNDLE = "pagefind"  # the primary bundle, site/pagefind/
SHARDS = "delen"  # the other shards: site/pagefind/delen/<key>/
SHARD_LIST = "delen.json"  # site/pagefind/delen.json: what the search page merges
PRIMARY = ""  # the key of shard 0: the primary bundle itself
# Pages per shard (the number of shards grows with the marked pages, at most
# MAX_SHARDS). Every merged index ranks with its own statistics (BM25 idf, average page
# length, page count), so every shard is a sample of all pages by a hash of the path; the
# smaller the sample, the further its statistics from the whole site's, and the more a
# one-letter build saves. N = 1,000 (1,355 pages), 12 queries, mean of the first 20 of
# one index also among the first 20 of the shards (three hashes each): 3 shards 12.9,
# 4 12.0, 5 11.4, 8 10.6; shards by year 8.7. One-letter build: 3 shards 11.5 CPU-s,
# 5 shards 9.5, by year 8.4 (bench/notes/websearch.md).
PAGES_PER_SHARD = 300
# Each shard adds its entry, meta and one index chunk per query word to every query.
MAX_SHARDS = 5
# Pagefind runs at a time (each is multi-threaded itself): the same CPU seconds as one at
# a time, less wall time at N = 100 and 1,000 (bench/notes/websearch.md)
PARALLEL = 2
# What a shard other than the primary keeps of Pagefind's output (the rest is the
# primary's JS and WASM).
_SHARD_FILES = re.compile(r"pagefind-entry\.json|pagefind\.[^/]*\.pf_meta")

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
    ".kb-listing",
)
# The excluded elements taken out of the pages before Pagefind reads them, by their
# opening tag as the templates write it: the letter's full text and footnotes (about
# half of a letter page) and the lists of letters on the home, topic and entity pages.
# Pagefind leaves them out anyway (the same index, byte for byte), so a page whose input
# is the same bytes as before needs no re-indexing (plan_index): a letter's new title
# changes the lists of its entities' pages, not what Pagefind indexes of them.
_DROPPED = re.compile(rb'<(div) class="(?:kb-fulltext|footnote|kb-listing)">')
# Pagefind indexes only the pages that carry this attribute once any page does.
PAGEFIND_MARK = b"data-pagefind-body"


def shard_count(pages: int) -> int:
    """Shards for ``pages`` marked pages: one per :data:`PAGES_PER_SHARD` begun, at most
    :data:`MAX_SHARDS`. Changes only at those bounds (every page moves then: a full
    re-index)."""
    return max(1, min(MAX_SHARDS, math.ceil(pages / PAGES_PER_SHARD)))


def shard_of(page: str, count: int) -> str:
    """The shard of a site page among ``count``: a stable hash of its site-relative path
    (SHA-256, not Python's salted ``hash``), so a page keeps its shard while the count
    stays the same, whatever else changes; shard 0 is :data:`PRIMARY`, the others
    ``"1"`` … ``str(count - 1)``."""
    digest = hashlib.sha256(page.encode("utf-8")).digest()
    number = int.from_bytes(digest[:8], "big") % count
    return str(number) if number else PRIMARY


def assign_shards(pages: Iterable[str]) -> dict[str, str]:
    """Marked page -> shard key; every page in the primary when it would otherwise hold
    none (the primary bundle must exist, and Pagefind fails on no pages)."""
    pages = sorted(pages)
    count = shard_count(len(pages))
    shards = {page: shard_of(page, count) for page in pages}
    if PRIMARY not in shards.values():
        return dict.fromkeys(pages, PRIMARY)
    return shards


@dataclass(frozen=True)
class IndexPlan:
    """The marked pages with their shards, and the shards to (re)index."""

    shards: dict[str, str]  # marked page (site-relative) -> shard key
    dirty: frozenset[str]  # shard keys to index
    full: bool  # every shard, into an emptied site/pagefind
    # marked page -> digest of what Pagefind is given of it (see input_digest), where known
    inputs: dict[str, bytes] = field(default_factory=dict, repr=False)

    def describe(self) -> str:
        return f"{len(self.dirty)} van {len(set(self.shards.values()) | {PRIMARY})} delen"


@dataclass(frozen=True)
class SearchIndex:
    """What Pagefind wrote: ``message`` explains a missing or failed index."""

    pages: int = 0
    files: int = 0
    size: int = 0
    seconds: float = 0.0
    message: str = ""
    shards: int = 0  # shards in the index, the primary included
    indexed: int = 0  # shards (re)indexed by this build
    # marked page -> shard key, and -> digest of its Pagefind input: what the next build's
    # plan starts from
    marked: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    inputs: Mapping[str, bytes] = field(default_factory=dict, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.files > 0


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


def _is_marked(path: Path) -> bool:
    return PAGEFIND_MARK in path.read_bytes()


def _site_pages(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if p.relative_to(site).parts[0] != BUNDLE
    )


def plan_index(
    site: Path,
    previous: Mapping[str, str] | None = None,
    written: Collection[str] | None = None,
    inputs: Mapping[str, bytes] | None = None,
) -> IndexPlan:
    """Which shards to index. ``previous``: the marked pages and shards of the build
    that wrote ``site/pagefind`` as it is, ``inputs`` the digests of what Pagefind was
    given of them (:func:`input_digest`); ``written``: the site's HTML pages written,
    added or removed since (site-relative). Without ``previous`` and ``written``, or
    when the shards are not the same as before, every shard; else those with a page
    added, removed, or given to Pagefind otherwise than before (none when no marked
    page was written, or only its chrome or dropped parts changed)."""
    if previous is None or written is None:
        marked = [page for page in _site_pages(site) if _is_marked(site / page)]
        return _full_plan(assign_shards(marked))
    known = inputs or {}
    pages = set(previous)
    fresh: dict[str, bytes] = {}
    for page in written:
        try:
            raw = (site / page).read_bytes()
        except OSError:  # removed
            raw = b""
        if PAGEFIND_MARK in raw:
            pages.add(page)
            fresh[page] = input_digest(_fed(raw))
        else:
            pages.discard(page)
    shards = assign_shards(pages)
    keys = set(shards.values())
    moved = any(previous.get(page, key) != key for page, key in shards.items())
    if moved or keys != set(previous.values()):
        return _full_plan(shards)
    bundle = site / BUNDLE
    if not all((_shard_folder(bundle, key) / "pagefind-entry.json").is_file() for key in keys):
        return _full_plan(shards)
    dirty = {shards[p] for p in fresh if known.get(p) != fresh[p]} | {
        previous[p] for p in written if p in previous and p not in shards
    }
    kept = {page: known[page] for page in shards if page in known}
    return IndexPlan(shards, frozenset(dirty), full=False, inputs=kept | fresh)


def input_digest(data: bytes) -> bytes:
    """The digest of a page as given to Pagefind: the same, and so is its index."""
    return hashlib.sha256(data).digest()[:16]


def _full_plan(shards: dict[str, str]) -> IndexPlan:
    return IndexPlan(shards, frozenset(shards.values()) | {PRIMARY}, full=True)


def _shard_folder(bundle: Path, key: str) -> Path:
    return bundle / SHARDS / key if key != PRIMARY else bundle


def run_pagefind(
    site: Path, binary: Path | None = None, plan: IndexPlan | None = None
) -> SearchIndex:
    """Index the ``plan``'s shards of ``site`` (all of them without one) into
    ``site/pagefind/``; never raises for a missing or failing binary (the site is
    complete without it: build_site then builds with lunr), and leaves no index then."""
    exe = binary or pagefind_binary()
    if exe is None:
        return no_pagefind(site)
    return _Indexing(site, exe, plan or plan_index(site)).run()


def start_pagefind(site: Path, binary: Path, plan: IndexPlan) -> Callable[[], SearchIndex]:
    """:func:`run_pagefind` in two steps: the pages of the plan's shards are read now
    (what Pagefind will be given of them); the call returned runs Pagefind on them and
    places the index (in a thread of its own, if the caller goes on meanwhile: it then
    waits for Pagefind's processes, not for Python's lock)."""
    job = _Indexing(site, binary, plan)
    try:
        staged = {key: job.stage(key) for key in sorted(plan.dirty)}
    except BaseException:
        job.discard()
        raise
    return partial(job.run, staged)


class _Indexing:
    """One Pagefind indexing of a plan's shards, in a temporary folder beside the site."""

    def __init__(self, site: Path, exe: Path, plan: IndexPlan) -> None:
        self.site, self.exe, self.plan = site, exe, plan
        self.bundle = site / BUNDLE
        if plan.full:
            shutil.rmtree(self.bundle, ignore_errors=True)
        self.started = time.monotonic()
        self.work = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site.parent))
        self.inputs = dict(plan.inputs)

    def stage(self, key: str) -> Path:
        """Shard ``key``'s pages, as Pagefind is given them, in a folder of their own."""
        pages = [page for page, shard in self.plan.shards.items() if shard == key]
        folder = self.work / (key or "0")
        self.inputs.update(_stage_shard(self.site, pages, folder))
        return folder

    def discard(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)

    def run(self, staged: Mapping[str, Path] | None = None) -> SearchIndex:
        """Index every dirty shard (``staged``: those already staged) and place them."""
        plan, bundle = self.plan, self.bundle
        try:

            def index(key: str) -> SearchIndex | None:
                folder = staged[key] if staged and key in staged else self.stage(key)
                return _pagefind(self.exe, folder)

            with ThreadPoolExecutor(PARALLEL) as pool:
                failures = [f for f in pool.map(index, sorted(plan.dirty)) if f is not None]
            if failures:
                shutil.rmtree(bundle, ignore_errors=True)
                return failures[0]
            for key in sorted(plan.dirty):  # "" (the primary) first
                _place(self.work / (key or "0") / BUNDLE, bundle, key)
        finally:
            self.discard()
        others = sorted(set(plan.shards.values()) - {PRIMARY}, key=int)
        listing = {"indexes": [f"{SHARDS}/{key}/" for key in others]}
        _write_if_changed(bundle / SHARD_LIST, json.dumps(listing, indent=1) + "\n")
        seconds = time.monotonic() - self.started
        summary = pagefind_summary(bundle, seconds, plan.shards, self.inputs)
        return replace(summary, indexed=len(plan.dirty))


def no_pagefind(site: Path) -> SearchIndex:
    """No Pagefind binary: no index in ``site``, and the message that says so."""
    shutil.rmtree(site / BUNDLE, ignore_errors=True)
    return SearchIndex(
        message="Pagefind niet gevonden (pip install 'pagefind[bin]'): "
        "site gebouwd zonder zoekpagina-index, alleen de gewone zoekfunctie"
    )


def _stage_shard(site: Path, pages: list[str], work: Path) -> dict[str, bytes]:
    """What Pagefind is given of ``pages`` of ``site``, written into ``work`` (Pagefind
    skips unmarked pages but reads them: the same index at about 60 % of the work): each
    page as :func:`_fed` makes it; the digest of each (:func:`input_digest`). With no
    pages (nothing marked), every page as it is, as Pagefind then indexes them all."""
    work.mkdir(parents=True)
    digests = {}
    for page in pages:
        data = _fed((site / page).read_bytes())
        copy = work / page
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(data)
        digests[page] = input_digest(data)
    if not pages:
        for page in _site_pages(site):
            copy = work / page
            copy.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(site / page, copy)
            except OSError:
                shutil.copy2(site / page, copy)
    return digests


def _fed(raw: bytes) -> bytes:
    """A marked page as Pagefind is given it: without its chrome (:func:`_without_chrome`)
    and its dropped elements, or as it is when it is not shaped so."""
    slim = _without_chrome(raw)
    return raw if slim is None else slim


def _without_chrome(raw: bytes) -> bytes | None:
    """The page without what lies between ``<body>`` and its marked element (the header,
    navigation and sidebars: Pagefind parses them but indexes only the marked element), so
    the same index for about a tenth less of Pagefind's work, and without the
    :data:`_DROPPED` elements; None (use the page as it is) when that part holds a
    ``data-pagefind`` attribute or the page is not shaped so."""
    body = raw.find(b"<body")
    mark = raw.find(PAGEFIND_MARK)
    if body < 0 or mark < body:
        return None
    after_body, element = raw.find(b">", body) + 1, raw.rfind(b"<", 0, mark)
    if element < after_body or b"data-pagefind" in raw[after_body:element]:
        return None
    return raw[:after_body] + _without_dropped(raw, element)


def _without_dropped(raw: bytes, start: int) -> bytes:
    """``raw[start:]`` without the elements that open with one of :data:`_DROPPED` (each
    up to its own closing tag, nested elements of its name counted): Pagefind would parse
    them only to leave them out. An element not closed is kept, and so is the rest."""
    parts = []
    at = start
    while True:
        found = _DROPPED.search(raw, at)
        if found is None:
            break
        end = _closing(raw, found.end(), found.group(1))
        if end < 0:
            break
        parts.append(raw[at : found.start()])
        at = end
    parts.append(raw[at:])
    return b"".join(parts)


def _closing(raw: bytes, at: int, name: bytes) -> int:
    """Where the element of tag ``name`` whose content starts at ``at`` ends (just after
    its closing tag), or -1."""
    tags = re.compile(rb"<(/?)" + re.escape(name) + rb"[\s>]")
    depth = 1
    for tag in tags.finditer(raw, at):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            close = raw.find(b">", tag.start())
            return close + 1 if close >= 0 else -1
    return -1


def _place(output: Path, bundle: Path, key: str) -> None:
    """Move a shard's fresh Pagefind output to its place in ``bundle`` (the primary keeps
    other shards already there; another shard keeps only its index)."""
    if key == PRIMARY:
        if (bundle / SHARDS).is_dir():
            os.replace(bundle / SHARDS, output / SHARDS)
        if (bundle / SHARD_LIST).is_file():
            os.replace(bundle / SHARD_LIST, output / SHARD_LIST)
        shutil.rmtree(bundle, ignore_errors=True)
        os.replace(output, bundle)
        return
    for path in output.iterdir():
        if path.is_file() and not _SHARD_FILES.fullmatch(path.name):
            path.unlink()
    target = bundle / SHARDS / key
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(output, target)


def _write_if_changed(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    if not holds(path, data):
        write_atomic(path, data)


def _pagefind(exe: Path, site: Path) -> SearchIndex | None:
    """Run Pagefind over ``site`` (into ``site/pagefind``); the failure, if it failed."""
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
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return SearchIndex(message=f"Pagefind mislukt ({exc}): alleen de gewone zoekfunctie")
    if done.returncode != 0 or not (site / BUNDLE / "pagefind.js").is_file():
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return SearchIndex(
            message=f"Pagefind mislukt (exit {done.returncode}): {' | '.join(tail)}; "
            "alleen de gewone zoekfunctie"
        )
    return None


def pagefind_summary(
    bundle: Path,
    seconds: float = 0.0,
    marked: Mapping[str, str] | None = None,
    inputs: Mapping[str, bytes] | None = None,
) -> SearchIndex:
    """What is in a Pagefind index folder, its other shards included (nothing indexed
    now: ``indexed`` 0). ``marked``: the pages and shards it was made from, ``inputs``
    the digests of those pages as Pagefind was given them."""
    files = [p for p in bundle.rglob("*") if p.is_file()]
    pages = len(list(bundle.rglob("fragment/*.pf_fragment")))
    shards = 1 + len(list(bundle.glob(f"{SHARDS}/*/pagefind-entry.json"))) if files else 0
    size = sum(p.stat().st_size for p in files)
    kept = {page: inputs[page] for page in marked or {} if inputs and page in inputs}
    return SearchIndex(
        pages, len(files), size, seconds, shards=shards, marked=marked or {}, inputs=kept
    )
