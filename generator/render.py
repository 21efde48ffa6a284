"""Render the collected corpus into Markdown pages and files under a docs folder.

All page content comes from view data (``views_*``) through Jinja2 templates in
``templates/``; the docs folder ends up exactly as a render from scratch (stale files
removed), but files whose bytes did not change are left untouched.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import feeds, views_index, views_review, views_timeline
from .atomic import holds
from .export_files import export_files
from .forkmap import fork_map
from .heap import heap_frozen
from .links import entity_page, letter_page, topic_page
from .pagememo import PageMemo, Pages, Run
from .site import Corpus
from .templatecache import CompiledTemplates
from .views_letter import letter_view, source_download_name

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"


# Pages left out of the search index: listings that repeat what the letter pages hold
# (each letter is found through its own page; see bench/RESULTS.md, search strategy).
NOT_SEARCHED = frozenset(
    {
        "review.md.j2",
        "tracker.md.j2",
        "commitments.md.j2",
        "timeline.md.j2",
        "letters.md.j2",
        "search.md.j2",
        "listing.md.j2",
    }
)


def make_env() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        undefined=StrictUndefined,
        autoescape=True,  # any string not prepared as Markup is HTML-escaped
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@functools.cache
def _env() -> Environment:
    return make_env()


@contextlib.contextmanager
def _compiled_in(folder: Path | None) -> Iterator[None]:
    """The templates loaded inside the block are compiled once for all builds: kept in
    ``folder`` (None: compiled again by every process)."""
    env = _env()
    if folder is not None:
        env.bytecode_cache = CompiledTemplates(str(folder))
    try:
        yield
    finally:
        env.bytecode_cache = None


def _page(template: str, view: dict[str, Any]) -> str:
    exclude = template in NOT_SEARCHED
    head = front_matter(view.get("page_title"), exclude)
    return head + _env().get_template(template).render(v=view)


def _pages(views: dict[str, tuple[str, dict[str, Any]]]) -> Pages:
    return {path: _page(template, view) for path, (template, view) in views.items()}


# The units of the render (see generator.pagememo): each makes some pages from the corpus
# and its plain arguments alone.


def _letter_unit(corpus: Corpus, letter_id: str) -> Pages:
    letter = corpus.letter(letter_id)  # a letter's page reads nearly all of it
    return {letter_page(letter_id): _page("letter.md.j2", letter_view(corpus, letter))}


def _topic_unit(corpus: Corpus, topic_id: str) -> Pages:
    view = views_index.topic_view(corpus, topic_id)
    views_index.letter_parts(view, topic_page(topic_id))  # their links (pages: _listing_unit)
    return {topic_page(topic_id): _page("topic.md.j2", view)}


def _entity_unit(corpus: Corpus, entity_id: str) -> Pages:
    view = views_index.entity_view(corpus, entity_id)
    views_index.letter_parts(view, entity_page(entity_id))
    return {entity_page(entity_id): _page("entity.md.j2", view)}


def _listing_unit(corpus: Corpus, *part: Any) -> Pages:
    return {part[0]: _page("listing.md.j2", views_index.listing_view(corpus, *part))}


def _review_unit(corpus: Corpus, path: str, period: str, ids: tuple[str, ...]) -> Pages:
    return {path: _page("review.md.j2", views_review.review_part(corpus, path, period, ids))}


def _commitments_unit(
    corpus: Corpus, path: str, period: str, keys: tuple[tuple[str, str], ...]
) -> Pages:
    view = views_timeline.commitments_part(corpus, path, period, keys)
    return {path: _page("commitments.md.j2", view)}


def _search_view(corpus: Corpus) -> dict[str, Any]:
    """The search page (Pagefind, web build) needs no data: its script does the work."""
    return {"page_title": "Zoeken"}


SINGLES: dict[str, tuple[str, Callable[[Corpus], dict[str, Any]]]] = {
    "index.md": ("home.md.j2", views_index.home_view),
    "onderwerpen/index.md": ("topics.md.j2", views_index.topics_view),
    "data.md": ("data.md.j2", views_index.data_view),
    "over.md": ("about.md.j2", views_index.about_view),
    "zoeken.md": ("search.md.j2", _search_view),
}


def _single_unit(corpus: Corpus, path: str) -> Pages:
    template, build = SINGLES[path]
    return {path: _page(template, build(corpus))}


def _entity_index_unit(corpus: Corpus) -> Pages:
    return _pages(views_index.entity_index_pages(corpus))


def _tracker_unit(corpus: Corpus, path: str, period: str, keys: tuple[Any, ...]) -> Pages:
    return {path: _page("tracker.md.j2", views_timeline.tracker_part(corpus, path, period, keys))}


def _tracker_index_unit(corpus: Corpus) -> Pages:
    views = views_timeline.tracker_index(corpus)
    return {path: _page("tracker.md.j2", view) for path, view in views.items()}


def _timeline_unit(corpus: Corpus, path: str, period: str, ids: tuple[str, ...]) -> Pages:
    view = views_timeline.timeline_part(corpus, path, period, ids)
    return {path: _page("timeline.md.j2", view)}


def _timeline_index_unit(corpus: Corpus) -> Pages:
    return {views_timeline.TIMELINE: _page("timeline.md.j2", views_timeline.timeline_index(corpus))}


UnitCall = tuple[Callable[..., Pages], tuple[Any, ...]]


def _units(corpus: Corpus, memo: PageMemo | None) -> tuple[list[UnitCall], Pages]:
    """Every unit of the render, and the pages made outside them (the indexes of the
    letters, the review and the commitments: small, from every letter's data)."""
    units: list[UnitCall] = [(_letter_unit, (x.id,)) for x in corpus.letters]
    for topic_id in corpus.topics:
        units.append((_topic_unit, (topic_id,)))
        units += [(_listing_unit, part) for part in views_index.topic_parts(corpus, topic_id)]
    for entity_id in corpus.entities:
        units.append((_entity_unit, (entity_id,)))
        units += [(_listing_unit, part) for part in views_index.entity_parts(corpus, entity_id)]
    units.append((_entity_index_unit, ()))
    outside: Pages = {}
    letters_index, letters = views_index.letters_plan(corpus)
    outside[views_index.LETTERS] = _page("letters.md.j2", letters_index)
    units += [(_listing_unit, part) for part in letters]
    units += [(_single_unit, (path,)) for path in SINGLES]
    counts = None if memo is None else functools.partial(_review_counts, memo)
    review_index, review = views_review.review_plan(corpus, counts)
    if review_index is not None:
        outside[views_review.BASE] = _page("review.md.j2", review_index)
    units += [(_review_unit, part) for part in review]
    tracker = views_timeline.tracker_plan(corpus)
    units += [(_tracker_unit, part) for part in tracker]
    if tracker[0][0] != views_timeline.TRACKER:
        units.append((_tracker_index_unit, ()))
    commitments_index, commitments = views_timeline.commitments_plan(corpus)
    if commitments_index is not None:
        outside[views_timeline.COMMITMENTS] = _page("commitments.md.j2", commitments_index)
    units += [(_commitments_unit, part) for part in commitments]
    timeline = views_timeline.timeline_plan(corpus)
    units += [(_timeline_unit, part) for part in timeline]
    if timeline[0][0] != views_timeline.TIMELINE:
        units.append((_timeline_index_unit, ()))
    return units, outside


def render_pages(corpus: Corpus, memo: PageMemo | None = None) -> Pages:
    """Every page as ``docs-relative path -> Markdown``; with ``memo``, the pages of the
    units it keeps (see :meth:`PageMemo.keep`) are left out (they stand in the docs folder
    as they are: ``memo.kept``)."""
    views_review.with_suggestions(corpus)
    units, outside = _units(corpus, memo)
    todo = [u for u in units if memo is None or not memo.keep(*u)]
    # the letter pages (a third of the render) on two processes when there are many
    letters = [u for u in todo if u[0] is _letter_unit]
    if memo is None:
        made = fork_map(functools.partial(_call, corpus), letters)
    else:
        made = [memo.add(run) for run in fork_map(functools.partial(_run, memo), letters)]
    done = dict(zip([u[1] for u in letters], made, strict=True))
    pages: Pages = {}
    for fn, args in todo:
        if fn is _letter_unit:
            found = done[args]
        elif memo is None:
            found = fn(corpus, *args)
        else:
            found = memo.add(memo.compute(fn, args))
        pages.update(found)
    pages.update(outside)
    return pages


def _review_counts(memo: PageMemo, letter_id: str) -> tuple[int, int]:
    return memo.value(views_review.review_counts, (letter_id,))


def _call(corpus: Corpus, unit: UnitCall) -> Pages:
    fn, args = unit
    return fn(corpus, *args)


def _run(memo: PageMemo, unit: UnitCall) -> Run:
    return memo.compute(*unit)


def front_matter(title: object, search_exclude: bool = False) -> str:
    """A page title for <title> and the header, HTML-escaped and YAML-quoted.

    Without it MkDocs takes the title from the heading and Material's ``striptags``
    would turn escaped letter text back into markup inside <title>.
    """
    lines = ["search:\n  exclude: true\n"] if search_exclude else []
    if isinstance(title, str) and title:
        safe = html.escape(" ".join(title.split()), quote=True)
        lines.insert(0, f"title: {json.dumps(safe, ensure_ascii=True)}\n")
    return f"---\n{''.join(lines)}---\n\n" if lines else ""


def render_files(corpus: Corpus, site_url: str | None = None) -> dict[str, bytes]:
    """Downloads next to the pages: source copies, the export, the feeds."""
    files: dict[str, bytes] = {}
    for letter in corpus.letters:
        copy = corpus.content / letter.source.copy
        if copy.is_file():
            files[source_download_name(letter)] = copy.read_bytes()
    exported = corpus.exported  # made before rendering (generator.build), or now
    files.update(exported if exported is not None else export_files(corpus)[0])
    for name, text in feeds.render_feeds(corpus, site_url).items():
        files[f"feeds/{name}"] = text.encode("utf-8")
    for path in sorted(STATIC.rglob("*")):
        if path.is_file():
            files[f"assets/{path.relative_to(STATIC).as_posix()}"] = path.read_bytes()
    return files


def write_docs(
    corpus: Corpus,
    docs: Path,
    site_url: str | None = None,
    written: set[str] | None = None,
    state: Path | None = None,
    reuse: bool = False,
    digests: Mapping[str, bytes] | None = None,
    templates: Path | None = None,
    later: list[Callable[[], None]] | None = None,
) -> int:
    """Make ``docs`` hold exactly the rendered pages and files; returns the page count.

    A file whose bytes are already right is not written again (MkDocs and a browser's
    cache see unchanged modification times), a file no longer produced is removed: the
    folder ends up byte-identical to a render from scratch. ``written`` receives the
    paths of the files written. ``state``: the build state folder, where the page memo
    (:mod:`generator.pagememo`) is kept; ``reuse``: pages it keeps are not made again;
    ``digests``: letter file name -> digest of the text its data was parsed from;
    ``templates``: a folder where the compiled templates are kept between builds;
    ``later``: receives the writing of the page memo, for the caller to do (see
    :meth:`PageMemo.save`).
    """
    with heap_frozen(), _compiled_in(templates):  # the corpus: not walked again and again
        views_review.with_suggestions(corpus)  # the memo reads them too
        memo = None if state is None else PageMemo(corpus, state, docs, reuse, digests)
        pages = render_pages(corpus, memo)
        files = render_files(corpus, site_url)
    wanted = {rel_path: text.encode("utf-8") for rel_path, text in pages.items()}
    wanted.update(files)
    kept = set() if memo is None else memo.kept - wanted.keys()
    sync_folder(docs, wanted, written, kept)
    if memo is not None:
        memo.save(later)
    return len(pages) + len(kept)


def sync_folder(
    folder: Path,
    wanted: dict[str, bytes],
    written_paths: set[str] | None = None,
    kept: set[str] | frozenset[str] = frozenset(),
) -> int:
    """Write the changed files of ``wanted`` into ``folder`` and remove every other file
    but those in ``kept`` (known to be right as they are); returns how many files were
    written (their paths into ``written_paths``)."""
    folder.mkdir(parents=True, exist_ok=True)
    # bottom up: a folder is looked at after its files (os.walk: no Path per file)
    for root, dirs, files in os.walk(folder, topdown=False):
        prefix = os.path.relpath(root, folder).replace(os.sep, "/") + "/"
        prefix = "" if prefix == "./" else prefix
        links = [d for d in dirs if os.path.islink(os.path.join(root, d))]
        for name in files + links:
            if prefix + name not in wanted and prefix + name not in kept:
                os.unlink(os.path.join(root, name))
        if prefix and not os.listdir(root):
            os.rmdir(root)
    written = 0
    for rel_path, data in sorted(wanted.items()):
        target = folder / rel_path
        if holds(target, data):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink() or target.is_dir():
            _remove(target)
        target.write_bytes(data)
        written += 1
        if written_paths is not None:
            written_paths.add(rel_path)
    return written


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()
