"""Real pages in headless Chromium: accessibility (axe-core) and the offline bundle."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.build import BuildResult
from generator.site import Corpus
from tests.conftest import AXE, AXE_TAGS, letter_id

playwright = pytest.importorskip("playwright.sync_api")


def _page_types(site: Path, corpus: Corpus) -> list[Path]:
    entity = sorted((site / "entiteiten").glob("*.html"))
    topic = next(iter(corpus.topics))
    return [
        site / "index.html",
        site / "brieven" / "index.html",
        site / "brieven" / f"{letter_id(corpus, '000')}.html",
        site / "brieven" / f"{letter_id(corpus, '002')}.html",
        site / "aanbevelingen.html",
        site / "toezeggingen.html",
        site / "tijdlijn.html",
        site / "onderwerpen" / "index.html",
        site / "onderwerpen" / f"{topic}.html",
        site / "entiteiten" / "index.html",
        entity[-1],
        site / "redactie.html",
        site / "data.html",
    ]


def test_axe_finds_no_violations(browser: Any, site: BuildResult, corpus: Corpus) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = []
    for path in _page_types(site.site, corpus):
        page.goto(path.resolve().as_uri())
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        for v in result["violations"]:
            targets = [n["target"] for n in v["nodes"][:3]]
            problems.append(f"{path.name}: {v['id']} ({v['impact']}): {targets}")
    context.close()
    assert not problems, "\n".join(problems)


def test_pages_reflow_at_320_css_pixels(browser: Any, site: BuildResult, corpus: Corpus) -> None:
    """WCAG 1.4.10 (reflow): at 320 CSS px no page scrolls sideways, and the letter card
    shows every value whole (no cell cut off or scrolled inside its table)."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    problems = []
    for path in _page_types(site.site, corpus):
        page.goto(path.resolve().as_uri())
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > 320:
            problems.append(f"{path.name}: page is {wide} px wide")
        for card in page.query_selector_all(".kb-card table"):
            inner, outer = card.evaluate("t => [t.scrollWidth, t.clientWidth]")
            if inner > outer:
                problems.append(f"{path.name}: card table {inner} px in {outer} px")
    letter = site.site / "brieven" / f"{letter_id(corpus, '000')}.html"
    page.goto(letter.resolve().as_uri())
    cells = page.eval_on_selector_all(".kb-card td", "tds => tds.map(td => td.innerText.trim())")
    context.close()
    assert not problems, "\n".join(problems)
    assert cells[:4] == ["Soort", "Antwoord op Kamervragen", "Datum", "30 oktober 2025"]


def test_bundle_has_no_outside_scripts_styles_or_fonts(bundle: Path) -> None:
    outside = re.compile(
        r"<(script|link|img|iframe)\b[^>]*(src|href)=\"https?://|fonts\.googleapis|unpkg\.com"
    )
    bad = []
    for path in sorted(bundle.rglob("*.html")):
        match = outside.search(path.read_text("utf-8"))
        if match:
            bad.append(f"{path.relative_to(bundle)}: {match.group(0)}")
    assert not bad, "\n".join(bad[:20])
    assert (bundle / "search" / "search_index.js").is_file()


def test_bundle_works_from_file_without_network(browser: Any, bundle: Path, corpus: Corpus) -> None:
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    page = context.new_page()
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith(("file:", "data:", "blob:", "about:"))
            else outside.append(r.url)
        ),
    )
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((bundle / "index.html").resolve().as_uri())
    # navigation: the tab bar leads to the tracker
    page.click("a.md-tabs__link:has-text('Aanbevelingen')")
    page.wait_for_url(re.compile(r"aanbevelingen\.html"))
    assert "Aanbevelingen" in page.inner_text("h1")
    # footnotes: a reference jumps to its note
    page.goto((bundle / "brieven" / f"{letter_id(corpus, '000')}.html").resolve().as_uri())
    ref = page.locator("a.footnote-ref").first
    target = ref.get_attribute("href")
    ref.click()
    assert target and page.evaluate("location.hash") == target
    assert page.locator(target.replace(":", "\\:")).is_visible()
    # search: the inlined index answers a Dutch query
    count = _search(page, "kennismigranten")
    context.close()
    assert count > 0
    assert not outside, outside[:5]
    assert not dialogs
    # the bundle keeps Material's search box, not the web build's header form
    assert (bundle / "index.html").read_text("utf-8").count("kb-header-search") == 0


def _search(page: Any, query: str) -> int:
    """Type a query (the worker loads the index asynchronously, so retry a few times)."""
    page.click(".md-search__input")
    for _ in range(5):
        page.fill("input.md-search__input", "")
        page.type("input.md-search__input", query, delay=15)
        try:
            page.wait_for_selector(".md-search-result__item", state="attached", timeout=3000)
        except playwright.TimeoutError:
            continue
        return int(page.locator(".md-search-result__item").count())
    return 0


def test_search_index_is_dutch(bundle: Path) -> None:
    text = (bundle / "search" / "search_index.js").read_text("utf-8")
    payload = json.loads(text[text.index("{") : text.rindex("}") + 1])
    assert payload["config"]["lang"] == ["nl"]


def test_axe_on_open_search_results(browser: Any, bundle: Path) -> None:
    """Material's search overlay with results showing meets WCAG 2.1 AA too (offline bundle)."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto((bundle / "index.html").resolve().as_uri())
    assert _search(page, "kennismigranten") > 0
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    problems = [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in result["violations"]]
    page.context.close()
    assert problems == []
