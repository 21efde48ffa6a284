"""End to end: the site built with ``mkdocs build --strict`` from the seed content."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.build import BuildResult
from generator.escape import slug
from generator.site import Corpus
from tests.conftest import letter_id
from tests.htmlscan import scan

SEEDS = ("000", "001", "002", "003", "004")


def page(site: BuildResult, rel: str) -> Path:
    path = site.site / rel
    assert path.is_file(), rel
    return path


def test_every_seed_letter_has_a_page_with_header_card(site: BuildResult, corpus: Corpus) -> None:
    for prefix in SEEDS:
        html = page(site, f"brieven/{letter_id(corpus, prefix)}.html").read_text("utf-8")
        assert 'class="kb-card"' in html
        assert "Bronbestand" in html and "Soort" in html
        assert 'id="volledige-tekst"' in html


def test_sixteen_questions_of_000_have_anchors(site: BuildResult, corpus: Corpus) -> None:
    s = scan(page(site, f"brieven/{letter_id(corpus, '000')}.html"))
    assert {f"vraag-{n}" for n in range(1, 17)} <= s.ids
    assert "vraag-17" not in s.ids


def test_four_appreciaties_of_002_with_stance_badges(site: BuildResult, corpus: Corpus) -> None:
    html = page(site, f"brieven/{letter_id(corpus, '002')}.html").read_text("utf-8")
    blocks = html.split('class="kb-rec"')[1:]
    assert len(blocks) == 4
    labels = {
        "overgenomen",
        "deels overgenomen",
        "niet overgenomen",
        "in onderzoek",
        "kennisgenomen",
    }
    for block in blocks:
        badge = re.search(r'class="kb-badge kb-stance-\w+">([^<]+)<', block)
        assert badge and badge.group(1) in labels
        assert "Appreciatie" in block


def test_tracker_counts(site: BuildResult) -> None:
    html = page(site, "aanbevelingen.html").read_text("utf-8")
    totals = dict(
        (label, int(n))
        for n, label in re.findall(
            r'kb-total-n">(\d+)</span> <span class="kb-total-label">([^<]+)<', html
        )
    )
    assert totals["niet overgenomen"] == 2
    assert totals["overgenomen"] == 1
    assert totals.get("deels overgenomen", 0) + totals.get("in onderzoek", 0) == 1
    assert "<table" in html and "data-kb-sort" in html


def _links_to(path: Path, target_html: str) -> bool:
    """Whether the page links to ``target_html`` (a path like brieven/001.html)."""
    root = path.parent
    while not (root / "index.html").is_file() or (root / "sitemap.xml").exists() is False:
        root = root.parent
    wanted = (root / target_html).resolve()
    return any(
        (path.parent / unquote(urlsplit(url).path)).resolve() == wanted
        for _, url in scan(path).links
        if urlsplit(url).path and not urlsplit(url).scheme
    )


def test_motie_bikker_page_links_002_and_003(site: BuildResult, corpus: Corpus) -> None:
    pages = [
        p
        for p in (site.site / "entiteiten").glob("*.html")
        if re.search(r"<h1[^>]*>[^<]*Bikker", p.read_text("utf-8"), re.I)
    ]
    assert pages, "no entity page for motie-Bikker"
    for prefix in ("002", "003"):
        target = f"brieven/{letter_id(corpus, prefix)}.html"
        assert any(_links_to(p, target) for p in pages), prefix


def test_000_links_to_our_page_for_001(site: BuildResult, corpus: Corpus) -> None:
    source = page(site, f"brieven/{letter_id(corpus, '000')}.html")
    assert _links_to(source, f"brieven/{letter_id(corpus, '001')}.html")
    assert "afgeleid" in source.read_text("utf-8")


def test_topic_pages(site: BuildResult, corpus: Corpus) -> None:
    rich = []
    for topic in corpus.topics.values():
        path = page(site, f"onderwerpen/{topic.id}.html")
        letters = {url for _, url in scan(path).links if "/brieven/" in url and "#" not in url}
        if len(letters) >= 2:
            rich.append(topic.id)
    assert len(rich) >= 5, rich


def test_commitments_timeline_in_date_order(site: BuildResult) -> None:
    s = scan(page(site, "toezeggingen.html"))
    dates = [a["datetime"] for tag, a in s.tags if tag == "time" and a.get("datetime")]
    assert len(dates) >= 15
    assert dates == sorted(dates)
    html = page(site, "toezeggingen.html").read_text("utf-8")
    assert 'class="kb-chart"' in html and "kb-status-verlopen" in html


def test_letters_timeline_and_review_and_data(site: BuildResult, corpus: Corpus) -> None:
    timeline = page(site, "tijdlijn.html").read_text("utf-8")
    assert timeline.count('class="kb-item kb-event"') == len(corpus.letters)
    review = page(site, "redactie.html").read_text("utf-8")
    assert "zonder datum" in review or "niet geplaatst" in review
    for rel in ("data/kamerbrieven.json", "data/brieven.csv", "feeds/brieven.xml"):
        assert page(site, rel).stat().st_size > 0
    for topic in corpus.topics:
        page(site, f"feeds/onderwerp-{slug(topic)}.xml")


def test_dutch_throughout(site: BuildResult) -> None:
    html = page(site, "index.html").read_text("utf-8")
    assert '<html lang="nl"' in html
    assert re.search(
        r"\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|"
        r"september|oktober|november|december) \d{4}",
        html,
    )
    # the web build's search is Pagefind (lunr's Dutch index: tests/test_browser.py, bundle)
    entry = json.loads((site.site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["nl"]


def test_no_broken_internal_links(site: BuildResult) -> None:
    broken = []
    ids: dict[Path, set[str]] = {}
    # 404.html is served at any depth, so MkDocs gives it root-absolute links on purpose
    pages = sorted(p for p in site.site.rglob("*.html") if p.name != "404.html")
    for path in pages:
        for _tag, url in scan(path).links:
            problem = _check(site.site, path, url, ids)
            if problem:
                broken.append(f"{path.relative_to(site.site)}: {url} ({problem})")
    assert not broken, "\n".join(broken[:30])


def _check(root: Path, path: Path, url: str, ids: dict[Path, set[str]]) -> str | None:
    parts = urlsplit(url)
    if parts.scheme in ("http", "https", "mailto", "data"):
        return None
    if parts.scheme:
        return f"scheme {parts.scheme}"
    target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file() or root.resolve() not in target.parents:
        return "missing file"
    if parts.fragment and target.suffix == ".html":
        if target not in ids:
            ids[target] = scan(target).ids
        if unquote(parts.fragment) not in ids[target]:
            return "missing anchor"
    return None


def test_page_count_and_nav_stay_small(site: BuildResult, corpus: Corpus) -> None:
    assert site.pages >= len(corpus.letters) + 10
    html = page(site, f"brieven/{letter_id(corpus, '002')}.html").read_text("utf-8")
    assert html.count("md-nav__link") < 60  # letters are not in the navigation
    assert f"{letter_id(corpus, '001')}.html" not in html.split('class="md-content"')[0]


def test_no_footnote_markup_leaks_into_pages(site: BuildResult) -> None:
    """``[^3]`` in an appreciatie, answer or paragraph becomes a footnote reference, never text."""
    leaks = []
    for path in sorted(site.site.rglob("*.html")):
        text = html.unescape(path.read_text(encoding="utf-8"))
        if re.search(r"\[\^\d+\]", text):
            leaks.append(path.name)
    assert leaks == []
