"""The web build's chunked search (Pagefind): index written, deterministic, optional,
and the search page working in headless Chromium over local HTTP (Pagefind needs http)."""

from __future__ import annotations

import gzip
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from generator import build
from generator.build import BuildResult, build_site, run_pagefind
from tests.conftest import AXE, AXE_TAGS, TODAY

playwright = pytest.importorskip("playwright.sync_api")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_pagefind_index_is_written_for_the_searched_pages(site: BuildResult) -> None:
    assert build.pagefind_binary() is not None, "pip install 'pagefind[bin]' (requirements.lock)"
    assert site.search is not None and site.search.ok, site.search
    bundle = site.site / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert (bundle / "pagefind-entry.json").is_file()
    fragments = sorted((bundle / "fragment").glob("*.pf_fragment"))
    assert sorted((bundle / "index").glob("*.pf_index"))
    marked = [p for p in site.site.rglob("*.html") if "data-pagefind-body" in p.read_text("utf-8")]
    assert len(fragments) == len(marked) == site.search.pages
    # listings and the search page itself stay out, as in the lunr index
    for name in ("redactie.html", "zoeken.html", "tijdlijn.html", "brieven/index.html"):
        assert "data-pagefind-body" not in (site.site / name).read_text("utf-8"), name
    letters = sorted((site.site / "brieven").glob("*.html"))
    assert any("data-pagefind-body" in p.read_text("utf-8") for p in letters)
    # a letter's fragment holds its summary parts, not its full text
    records = [
        json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd") :]) for f in fragments
    ]
    letter_records = [r for r in records if r["url"].startswith("/brieven/")]
    assert letter_records
    for record in letter_records:
        assert "Volledige tekst" not in record["content"], record["url"]
        assert record["url"].endswith(".html")


def test_pagefind_output_is_byte_identical(site: BuildResult, tmp_path: Path) -> None:
    """Two runs over the same pages, in different folders, write the same bytes."""
    copy = tmp_path / "again"
    shutil.copytree(site.site, copy, ignore=shutil.ignore_patterns("pagefind"))
    again = run_pagefind(copy)
    assert again.ok, again.message
    first, second = _files(site.site / "pagefind"), _files(copy / "pagefind")
    assert sorted(first) == sorted(second)
    assert [k for k in first if first[k] != second[k]] == []


def test_build_without_pagefind_still_builds(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "pagefind_binary", lambda: None)
    result = build_site(content, tmp_path / "site", TODAY, tmp_path / "docs")
    assert result.search is not None and not result.search.ok
    assert "Pagefind niet gevonden" in result.search.message
    assert (result.site / "index.html").is_file()
    assert (result.site / "search" / "search_index.json").is_file()  # lunr instead
    assert not (result.site / "pagefind").exists()
    letter = next((result.site / "brieven").glob("*.html")).read_text("utf-8")
    assert 'class="md-search__input"' in letter
    assert "kb-header-search" not in letter


def test_failing_pagefind_builds_again_with_lunr(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A binary that is there but fails: the web build ends with lunr, not without search."""
    monkeypatch.setattr(build, "pagefind_binary", lambda: tmp_path / "pagefind")
    failed = build.SearchIndex(
        message="Pagefind mislukt (exit 1): kapot; alleen de gewone zoekfunctie"
    )
    monkeypatch.setattr(build, "run_pagefind", lambda site, binary=None: failed)
    said: list[str] = []
    result = build_site(content, tmp_path / "site", TODAY, tmp_path / "docs", progress=said.append)
    assert result.search == failed
    assert "Pagefind mislukt: opnieuw bouwen met de gewone zoekfunctie (lunr)" in said
    assert (result.site / "search" / "search_index.json").is_file()
    assert 'class="md-search__input"' in (result.site / "index.html").read_text("utf-8")


def test_web_build_has_no_lunr_and_a_header_field(site: BuildResult) -> None:
    """With Pagefind, Material's search plugin is off: no index, a plain form instead."""
    assert not (site.site / "search").exists()
    assert not list(site.site.rglob("search_index.*"))
    for name in ("index.html", "brieven/index.html", "zoeken.html"):
        page = (site.site / name).read_text("utf-8")
        assert "md-search" not in page, name
        assert 'name="search"' not in page, name  # Material fetches the index for that form
    letter = next((site.site / "brieven").glob("*.html")).read_text("utf-8")
    form = letter[letter.index('<form class="kb-header-search"') :]
    form = form[: form.index("</form>") + len("</form>")]
    assert 'role="search" action="../zoeken.html" method="get" aria-label="Snel zoeken"' in form
    assert '<label class="kb-visually-hidden" for="kb-kop-zoek">Zoek in de brieven</label>' in form
    assert 'id="kb-kop-zoek"' in form and 'name="q"' in form
    assert (
        '<button type="submit" class="kb-header-search__button md-icon" aria-label="Zoeken"' in form
    )
    home = (site.site / "index.html").read_text("utf-8")
    assert 'action="zoeken.html"' in home


def test_bundle_has_no_pagefind_index(bundle: Path) -> None:
    assert not (bundle / "pagefind").exists()
    assert (bundle / "zoeken.html").is_file()


@pytest.fixture(scope="module")
def served(site: BuildResult) -> Iterator[str]:
    handler = partial(_QuietHandler, directory=str(site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_search_page_finds_a_letter(browser: Any, served: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def only_local(route: Any) -> None:
        if route.request.url.startswith(served) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(served + "zoeken.html")
    # the nav leads here; keyboard only: focus the field, type, Enter
    assert page.locator("a.md-tabs__link:has-text('Zoeken')").count() == 1
    page.focus("#kb-zoek-invoer")
    page.keyboard.type("kennismigranten")
    page.keyboard.press("Enter")
    page.wait_for_selector("#kb-zoek-resultaten li a", timeout=15000)
    links = page.locator("#kb-zoek-resultaten li a")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    assert any("/brieven/" in h and h.endswith(".html") for h in hrefs), hrefs
    assert "resultat" in page.inner_text("#kb-zoek-status")
    assert page.locator("#kb-zoek-resultaten mark").count() > 0
    # a result opens the letter page
    first = next(h for h in hrefs if "/brieven/" in h)
    page.goto(served.rstrip("/") + first if first.startswith("/") else served + first)
    assert page.locator("h1").count() == 1
    # axe-core on the search page with results showing
    page.goto(served + "zoeken.html?q=kennismigranten")
    page.wait_for_selector("#kb-zoek-resultaten li a", timeout=15000)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    problems = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]
    context.close()
    assert not problems, "\n".join(problems)
    assert not errors, errors
    assert not outside, outside[:5]


def test_search_page_says_so_without_index(browser: Any, bundle: Path) -> None:
    """From file:// (the offline bundle) the page points to the search box instead."""
    context = browser.new_context(offline=True)
    page = context.new_page()
    page.goto((bundle / "zoeken.html").resolve().as_uri() + "?zoek=kennismigranten")
    page.wait_for_function("document.getElementById('kb-zoek-status').textContent.length > 0")
    assert "zoekvak" in page.inner_text("#kb-zoek-status")
    context.close()


def test_header_field_searches_with_the_keyboard(
    browser: Any, served: str, site: BuildResult
) -> None:
    """A letter page: Tab reaches the header field, Enter opens zoeken.html?q=… with
    results; "/" focuses the field too. No lunr index or worker is ever requested."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    letter = sorted((site.site / "brieven").glob("*.html"))[-1]
    page.goto(served + letter.relative_to(site.site).as_posix())
    focused = []
    for _ in range(30):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.id"))
        if focused[-1] == "kb-kop-zoek":
            break
    assert focused[-1] == "kb-kop-zoek", focused
    page.keyboard.type("kennismigranten")
    page.keyboard.press("Enter")
    page.wait_for_url(served + "zoeken.html?q=kennismigranten")
    page.wait_for_selector("#kb-zoek-resultaten li a", timeout=15000)
    assert page.input_value("#kb-zoek-invoer") == "kennismigranten"
    assert "resultat" in page.inner_text("#kb-zoek-status")
    hrefs = page.locator("#kb-zoek-resultaten li a").evaluate_all("as => as.map(a => a.href)")
    assert any("/brieven/" in h for h in hrefs), hrefs
    # "/" outside a field jumps to the header field
    page.locator("h1").click()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "kb-kop-zoek"
    context.close()
    assert not errors, errors
    assert not [u for u in requests if "search_index" in u or "/workers/search" in u]
