"""Render the collected corpus into Markdown pages and files under a docs folder.

All page content comes from view data (``views_*``) through Jinja2 templates in
``templates/``; the docs folder ends up exactly as a render from scratch (stale files
removed), but files whose bytes did not change are left untouched.
"""

from __future__ import annotations

import html
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import feeds, views_index, views_review, views_timeline
from .export_files import export_files
from .forkmap import fork_map
from .heap import heap_frozen
from .links import letter_page
from .model import Letter
from .site import Corpus
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


def render_pages(corpus: Corpus) -> dict[str, str]:
    """Every page as ``docs-relative path -> Markdown``."""
    env = make_env()

    def page(template: str, view: dict[str, Any]) -> str:
        exclude = template in NOT_SEARCHED
        head = front_matter(view.get("page_title"), exclude)
        return head + env.get_template(template).render(v=view)

    def letter_markdown(letter: Letter) -> str:
        return page("letter.md.j2", letter_view(corpus, letter))

    # the letter pages (a third of the render) on two processes when there are many
    texts = fork_map(letter_markdown, corpus.letters)
    pages = {letter_page(x.id): text for x, text in zip(corpus.letters, texts, strict=True)}
    for family in (
        views_index.topic_pages,
        views_index.entity_pages,
        views_index.entity_index_pages,
        views_index.letters_pages,
    ):
        for path, (template, view) in family(corpus).items():
            pages[path] = page(template, view)
    singles: dict[str, tuple[str, Callable[[Corpus], dict[str, Any]]]] = {
        "index.md": ("home.md.j2", views_index.home_view),
        "onderwerpen/index.md": ("topics.md.j2", views_index.topics_view),
        "data.md": ("data.md.j2", views_index.data_view),
        "over.md": ("about.md.j2", views_index.about_view),
        "zoeken.md": ("search.md.j2", _search_view),
    }
    for path, (template, build) in singles.items():
        pages[path] = page(template, build(corpus))
    families: dict[str, Callable[[Corpus], dict[str, dict[str, Any]]]] = {
        "review.md.j2": views_review.review_pages,
        "tracker.md.j2": views_timeline.tracker_pages,
        "commitments.md.j2": views_timeline.commitments_pages,
        "timeline.md.j2": views_timeline.timeline_pages,
    }
    for template, build_family in families.items():
        for path, view in build_family(corpus).items():
            pages[path] = page(template, view)
    return pages


def _search_view(corpus: Corpus) -> dict[str, Any]:
    """The search page (Pagefind, web build) needs no data: its script does the work."""
    return {"page_title": "Zoeken"}


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
    corpus: Corpus, docs: Path, site_url: str | None = None, written: set[str] | None = None
) -> int:
    """Make ``docs`` hold exactly the rendered pages and files; returns the page count.

    A file whose bytes are already right is not written again (MkDocs and a browser's
    cache see unchanged modification times), a file no longer produced is removed: the
    folder ends up byte-identical to a render from scratch. ``written`` receives the
    paths of the files written.
    """
    with heap_frozen():  # the corpus: not walked by the collector again and again
        pages = render_pages(corpus)
        files = render_files(corpus, site_url)
    wanted = {rel_path: text.encode("utf-8") for rel_path, text in pages.items()}
    wanted.update(files)
    sync_folder(docs, wanted, written)
    return len(pages)


def sync_folder(
    folder: Path, wanted: dict[str, bytes], written_paths: set[str] | None = None
) -> int:
    """Write the changed files of ``wanted`` into ``folder`` and remove every other file;
    returns how many files were written (their paths into ``written_paths``)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(folder.rglob("*"), reverse=True):
        rel_path = path.relative_to(folder).as_posix()
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
        elif rel_path not in wanted:
            path.unlink()
    written = 0
    for rel_path, data in sorted(wanted.items()):
        target = folder / rel_path
        if target.is_file() and not target.is_symlink() and _same(target, data):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink() or target.is_dir():
            _remove(target)
        target.write_bytes(data)
        written += 1
        if written_paths is not None:
            written_paths.add(rel_path)
    return written


def _same(path: Path, data: bytes) -> bool:
    return path.stat().st_size == len(data) and path.read_bytes() == data


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()
