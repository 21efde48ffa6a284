"""Run MkDocs (strict) over the docs folder, all pages or only the changed ones.

This follows ``mkdocs.commands.build.build`` of MkDocs 1.6.1 step by step (MkDocs is
pinned below 2: its build steps are stable) and adds one thing: a :class:`PageRecord`
per page (the page's search entries, its anchors, its links to anchors), so that a later
build can rebuild only the pages whose Markdown changed and still write what a full build
writes:

- every page is known to MkDocs (files, navigation, sitemap), but only the changed pages
  are read and rendered, and the sources of the pages in the navigation read (their
  titles appear in every page); only the changed pages are written as HTML;
- the search index (``search/search_index.json``, Material's search plugin) is the
  entries of the rebuilt pages merged, in page order, with the kept entries of the
  others (MkDocs' own ``--dirty`` indexes only the rebuilt pages: Material #7638);
- links to anchors are checked on every page against the anchors every page has
  (kept for the pages not read), as a full strict build does;
- the theme's own templates (``404.html``, ``sitemap.xml``) are written again when a
  page in the navigation changed: they show only the navigation (its pages' titles) and
  the list of pages with the build date, the rest is the configuration and the theme
  (the same, or the build is a full one).

The caller decides when this is safe (see :mod:`generator.incremental`): the same
configuration, theme, set of pages and output folder as the build the records are from.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs import utils
from mkdocs.commands.build import (
    _build_extra_template,
    _build_page,
    _build_theme_template,
    _populate_page,
)
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

from .templatecache import CompiledTemplates

log = logging.getLogger("mkdocs.commands.build")

# Plugins whose effect on a page depends only on that page (or that are switched off):
# with any other plugin every build is a full one.
KNOWN_PLUGINS = frozenset({"material/search", "material/offline"})


@dataclass
class PageRecord:
    """What a build keeps of one page for the next build."""

    entries: list[dict[str, Any]] = field(default_factory=list)  # search index entries
    anchors: frozenset[str] = frozenset()
    links: dict[str, dict[str, str]] = field(default_factory=dict)  # page -> anchor -> link


@dataclass
class PagesBuilt:
    records: dict[str, PageRecord]  # docs-relative page path -> record
    rebuilt: int
    full: bool


def incremental_blocker(config: MkDocsConfig) -> str | None:
    """Why this configuration always needs a full build (None: it does not)."""
    for name, plugin in config.plugins.items():
        enabled = getattr(getattr(plugin, "config", None), "enabled", True)
        if name not in KNOWN_PLUGINS and enabled:
            return f"plugin {name}"
        if name.endswith("offline") and enabled:
            return "offline plugin"
    if config.hooks:
        return "hooks"
    searching = any(
        getattr(getattr(p, "config", None), "enabled", True)
        for p in config.plugins.values()
        if hasattr(p, "search_index") or "search" in type(p).__name__.lower()
    )
    if searching and _search_entries(config) is None:
        return "search plugin of an unknown kind"
    return None


def build_pages(
    config: MkDocsConfig,
    changed: set[str] | None = None,
    previous: dict[str, PageRecord] | None = None,
    templates: Path | None = None,
    searched_written: Callable[[set[str]], None] | None = None,
) -> PagesBuilt:
    """Build the site; ``changed`` None (or no ``previous``): every page, from a clean
    site folder. Else only the pages in ``changed`` (docs-relative paths, static files
    too) on top of the previous build's output, with ``previous`` its page records.
    ``templates``: a folder where the theme's compiled templates are kept (Jinja's
    bytecode cache: a template is compiled again when its source changed).

    ``searched_written``: called, in an incremental build, once the changed pages that
    the search indexes (no ``search: exclude`` in their front matter) and those in the
    navigation are written (with their paths in the site folder), before the other
    changed pages are read and written: the caller may index them meanwhile (it must
    check afterwards that no page it indexed was written again)."""
    full = changed is None or previous is None
    with _strict(config):
        try:
            return _build(
                config, None if full else changed, previous or {}, templates, searched_written
            )
        except Exception as exc:
            config.plugins.on_build_error(error=exc)
            if isinstance(exc, BuildError):
                log.error(str(exc))
                raise Abort("Aborted with a BuildError!") from exc
            raise


@contextmanager
def _strict(config: MkDocsConfig) -> Iterator[None]:
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    if config.strict:
        logger.addHandler(counter)
    try:
        yield
        if counts := counter.get_counts():
            msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
            raise Abort(f"Aborted with {msg} in strict mode!")
    finally:
        logger.removeHandler(counter)


def _build(
    config: MkDocsConfig,
    changed: set[str] | None,
    previous: dict[str, PageRecord],
    templates: Path | None,
    searched_written: Callable[[set[str]], None] | None = None,
) -> PagesBuilt:
    config = config.plugins.on_config(config)
    blocker = incremental_blocker(config) if changed is not None else None
    if blocker:
        log.info(f"full build: {blocker}")
        changed = None
    config.plugins.on_pre_build(config=config)
    files = get_files(config)
    env = config.theme.get_env()
    if templates is not None:
        env.bytecode_cache = CompiledTemplates(str(templates))
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    inclusion = InclusionLevel.is_included
    in_nav = {page.file.src_uri for page in nav.pages}
    pages = files.documentation_pages(inclusion=inclusion)
    if changed is not None and any(file.src_uri not in previous for file in pages):
        changed = None
    if changed is None:
        utils.clean_directory(config.site_dir)
    helper = None
    if changed is None and not incremental_blocker(config) and len(pages) >= PARALLEL_MIN:
        # a full build of many pages: a forked helper builds every second page
        helper = _Helper.start(config, files, nav, env, in_nav, pages[1::2])
    theirs = helper.pages if helper else frozenset()
    # an incremental build with a caller waiting for the searched pages: those first
    first = None
    if changed is not None and searched_written is not None:
        first = _searched_or_in_nav(files, changed, in_nav)

    def rebuilt(file: File) -> bool:
        if changed is None:
            return file.src_uri not in theirs
        return file.src_uri in changed if first is None else file.src_uri in first

    try:
        _read_pages(config, files, in_nav, rebuilt)
        env = config.plugins.on_env(env, config=config, files=files)
        _copy_static(files, changed, inclusion)
        if changed is None or changed & in_nav:  # else as the previous build wrote them
            for template in config.theme.static_templates:
                _build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)
        log.debug("Building markdown pages.")
        search = _search_entries(config)
        doc_files = files.documentation_pages(inclusion=inclusion)
        records = _build_pages(config, doc_files, nav, env, rebuilt)
        if first is not None and changed is not None and searched_written is not None:
            searched_written({f.dest_uri for f in doc_files if f.src_uri in records})
            rest = changed - first
            others: Callable[[File], bool] = lambda file: file.src_uri in rest  # noqa: E731
            _read_pages(config, files, set(), others)  # the navigation's titles are known
            records.update(_build_pages(config, doc_files, nav, env, others))
    except BaseException:
        if helper is not None:
            helper.stop()
        raise
    count = len(records)
    if helper is not None:
        previous = helper.finish()
        count += len(previous)
        changed = {uri for uri in records}  # the helper's pages are merged as kept ones
    for file in doc_files:
        page = file.page
        assert page is not None
        if file.src_uri in records:
            continue
        else:
            old = previous[file.src_uri]
            if page.present_anchor_ids is None:
                page.present_anchor_ids = set(old.anchors)
                page.links_to_anchors = _links_of(old.links, files)
            records[file.src_uri] = PageRecord(
                old.entries, frozenset(page.present_anchor_ids), old.links
            )
    if search is not None and changed is not None:
        search[:] = [entry for file in doc_files for entry in records[file.src_uri].entries]
    log_level = config.validation.links.anchors
    for file in doc_files:
        assert file.page is not None
        file.page.validate_anchor_links(files=files, log_level=log_level)
    config.plugins.on_post_build(config=config)
    return PagesBuilt(records, count, changed is None or helper is not None)


def _read_pages(
    config: MkDocsConfig, files: Files, in_nav: set[str], rebuilt: Callable[[File], bool]
) -> None:
    log.debug("Reading markdown pages.")
    for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
        log.debug(f"Reading: {file.src_uri}")
        if file.page is None and file.inclusion.is_not_in_nav():  # type: ignore[no-untyped-call]
            Page(None, file, config)
        assert file.page is not None
        if rebuilt(file):
            _populate_page(file.page, config, files)
        elif file.src_uri in in_nav:
            _read_nav_page(file.page, config, files)


def _searched_or_in_nav(files: Files, changed: set[str], in_nav: set[str]) -> set[str]:
    """The changed pages in the navigation (the other pages show their titles) or that the
    search indexes: no ``search: exclude`` in their front matter, as the theme's
    templates read it (overrides/main.html marks those for Pagefind)."""
    found = set()
    for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
        uri = file.src_uri
        if uri not in changed:
            continue
        if uri in in_nav:
            found.add(uri)
            continue
        try:
            _, data = meta.get_data(file.content_string)
        except (OSError, ValueError):  # MkDocs reports it when it reads the page
            found.add(uri)
            continue
        search = data.get("search")
        if not (isinstance(search, dict) and search.get("exclude")):
            found.add(uri)
    return found


def _read_nav_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    """A page in the navigation that is not built here: the pages that are show its title
    (and the theme may read its metadata), not its HTML. Its source is read as
    ``_populate_page`` reads it; it is rendered only when its title is not in the
    navigation's configuration or its metadata (then the title is its first heading).
    Its anchors and links come from its page record, as for any page not built."""
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(
            page.markdown or "", page=page, config=config, files=files
        )
        if "title" in vars(page) or "title" in page.meta:
            return
    except Exception as exc:
        log.error(f"Error reading page '{page.file.src_uri}': {exc}")
        raise
    finally:
        config._current_page = None
    _populate_page(page, config, files)


def _build_pages(
    config: MkDocsConfig,
    doc_files: Sequence[File],
    nav: Any,
    env: Any,
    rebuilt: Callable[[File], bool],
) -> dict[str, PageRecord]:
    """Write the HTML of the ``rebuilt`` pages; their records."""
    search = _search_entries(config)
    records: dict[str, PageRecord] = {}
    for file in doc_files:
        page = file.page
        assert page is not None
        if rebuilt(file):
            start = len(search) if search is not None else 0
            excluded = file.inclusion.is_excluded()  # type: ignore[no-untyped-call]
            _build_page(page, config, doc_files, nav, env, excluded=excluded)
            entries = list(search[start:]) if search is not None else []
            records[file.src_uri] = _record(page, entries)
    return records


# Pages from which a full build splits its pages over two processes (a forked helper
# builds every second page). Each page's HTML depends only on its own Markdown, the
# configuration and the navigation, so the split writes the same files; the helper's
# search entries, anchors and links come back as page records and are merged in page
# order exactly as the incremental build merges kept records.
PARALLEL_MIN = 200


class _Helper:
    """A forked process that reads and writes a share of the pages and sends back their
    records and the warnings it logged (the parent logs them again: strict mode and the
    caller's collector see them as if the parent had built those pages)."""

    def __init__(self, pid: int, reader: int, pages: frozenset[str]) -> None:
        self.pid, self.reader, self.pages = pid, reader, pages

    @classmethod
    def start(
        cls,
        config: MkDocsConfig,
        files: Files,
        nav: Any,
        env: Any,
        in_nav: set[str],
        share: Sequence[File],
    ) -> _Helper | None:
        if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
            return None
        pages = frozenset(file.src_uri for file in share)
        reader, writer = os.pipe()
        pid = os.fork()
        if pid:
            os.close(writer)
            return cls(pid, reader, pages)
        os.close(reader)  # the helper: never returns
        status = 1
        try:
            warnings = _Warnings()
            logging.getLogger("mkdocs").addHandler(warnings)
            log.setLevel(logging.WARNING)  # the parent shows the progress
            try:
                mine: Callable[[File], bool] = lambda file: file.src_uri in pages  # noqa: E731
                _read_pages(config, files, in_nav, mine)
                env = config.plugins.on_env(env, config=config, files=files)
                docs = files.documentation_pages(inclusion=InclusionLevel.is_included)
                result: tuple[Any, ...] = ("ok", _build_pages(config, docs, nav, env, mine))
            except BaseException as exc:
                result = ("error", f"{type(exc).__name__}: {exc}")
            payload = pickle.dumps((*result, warnings.messages), protocol=5)
            with os.fdopen(writer, "wb") as out:
                out.write(payload)
            status = 0
        finally:
            os._exit(status)

    def stop(self) -> None:
        """The parent failed: end the helper (it may wait to write its result)."""
        os.close(self.reader)
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)

    def finish(self) -> dict[str, PageRecord]:
        with os.fdopen(self.reader, "rb") as stream:
            payload = stream.read()
        _, status = os.waitpid(self.pid, 0)
        if status != 0 or not payload:
            raise BuildError("the page-building helper process stopped without a result")
        kind, value, warnings = pickle.loads(payload)
        for level, message in warnings:
            log.log(level, message)
        if kind != "ok":
            raise BuildError(f"building pages in the helper process failed: {value}")
        records: dict[str, PageRecord] = value
        return records


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append((record.levelno, record.getMessage()))


def _copy_static(files: Files, changed: set[str] | None, inclusion: Any) -> None:
    """All static files on a full build; else the changed files of the docs folder (the
    theme's files are the same: the build fingerprint covers the theme)."""
    log.debug("Copying static assets.")
    if changed is None:
        files.copy_static_files(inclusion=inclusion)
        return
    for file in files:
        if file.src_uri in changed and not file.is_documentation_page():
            file.copy_file()


def _search_entries(config: MkDocsConfig) -> list[dict[str, Any]] | None:
    """The entry list of Material's search index (None: no search plugin enabled)."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        enabled = getattr(getattr(plugin, "config", None), "enabled", True)
        entries = getattr(index, "entries", None)
        if enabled and isinstance(entries, list):
            return entries
    return None


def _record(page: Page, entries: list[dict[str, Any]]) -> PageRecord:
    links = {
        to_file.src_uri: dict(anchors) for to_file, anchors in (page.links_to_anchors or {}).items()
    }
    return PageRecord(entries, frozenset(page.present_anchor_ids or ()), links)


def _links_of(links: dict[str, dict[str, str]], files: Files) -> dict[File, dict[str, str]]:
    out: dict[File, dict[str, str]] = {}
    for uri, anchors in links.items():
        target = files.get_file_from_path(uri)
        if target is not None:
            out[target] = dict(anchors)
    return out
