"""Render the collected corpus into Markdown pages and files under a docs folder.

All page content comes from view data (``views_*``) through Jinja2 templates in
``templates/``; the docs folder is rebuilt from scratch so no stale page survives.
"""

from __future__ import annotations

import html
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import feeds, views_index, views_timeline
from .corpus import load_corpus
from .export import export_json
from .export_tables import export_tables
from .links import entity_page, letter_page, topic_page
from .site import Corpus
from .views_letter import letter_view, source_download_name

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"


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
        return front_matter(view.get("page_title")) + env.get_template(template).render(v=view)

    pages: dict[str, str] = {}
    for letter in corpus.letters:
        pages[letter_page(letter.id)] = page("letter.md.j2", letter_view(corpus, letter))
    for topic_id in corpus.topics:
        view = views_index.topic_view(corpus, topic_id)
        pages[topic_page(topic_id)] = page("topic.md.j2", view)
    for entity_id in corpus.entities:
        view = views_index.entity_view(corpus, entity_id)
        pages[entity_page(entity_id)] = page("entity.md.j2", view)
    singles: dict[str, tuple[str, Callable[[Corpus], dict[str, Any]]]] = {
        "index.md": ("home.md.j2", views_index.home_view),
        "brieven/index.md": ("letters.md.j2", views_index.letters_view),
        "onderwerpen/index.md": ("topics.md.j2", views_index.topics_view),
        "entiteiten/index.md": ("entities.md.j2", views_index.entities_view),
        "redactie.md": ("review.md.j2", views_index.review_view),
        "data.md": ("data.md.j2", views_index.data_view),
        "over.md": ("about.md.j2", views_index.about_view),
        "aanbevelingen.md": ("tracker.md.j2", views_timeline.tracker_view),
        "toezeggingen.md": ("commitments.md.j2", views_timeline.commitments_view),
        "tijdlijn.md": ("timeline.md.j2", views_timeline.timeline_view),
    }
    for path, (template, build) in singles.items():
        pages[path] = page(template, build(corpus))
    return pages


def front_matter(title: object) -> str:
    """A page title for <title> and the header, HTML-escaped and YAML-quoted.

    Without it MkDocs takes the title from the heading and Material's ``striptags``
    would turn escaped letter text back into markup inside <title>.
    """
    if not isinstance(title, str) or not title:
        return ""
    safe = html.escape(" ".join(title.split()), quote=True)
    return f"---\ntitle: {json.dumps(safe, ensure_ascii=True)}\n---\n\n"


def render_files(corpus: Corpus) -> dict[str, bytes]:
    """Downloads next to the pages: source copies, the export, the feeds."""
    files: dict[str, bytes] = {}
    for letter in corpus.letters:
        copy = corpus.content / letter.source.copy
        if copy.is_file():
            files[source_download_name(letter)] = copy.read_bytes()
    data = load_corpus(corpus.content)
    files["data/kamerbrieven.json"] = export_json(data).encode("utf-8")
    for name, text in export_tables(data).items():
        files[f"data/{name}"] = text.encode("utf-8")
    for name, text in feeds.render_feeds(corpus).items():
        files[f"feeds/{name}"] = text.encode("utf-8")
    for path in sorted(STATIC.rglob("*")):
        if path.is_file():
            files[f"assets/{path.relative_to(STATIC).as_posix()}"] = path.read_bytes()
    return files


def write_docs(corpus: Corpus, docs: Path) -> int:
    """Rebuild ``docs`` from scratch; returns the number of pages written."""
    pages = render_pages(corpus)
    files = render_files(corpus)
    if docs.exists():
        shutil.rmtree(docs)
    for rel_path, text in sorted(pages.items()):
        target = docs / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for rel_path, data in sorted(files.items()):
        target = docs / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return len(pages)
