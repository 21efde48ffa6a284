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

from generator import build, pagefind
from generator.build import BuildResult, build_site, run_pagefind
from generator.cli import main
from generator.pagefind import GENERAL, assign_shards, plan_index, shard_of, year_span
from tests.conftest import AXE, AXE_TAGS, REAL_CONTENT, TODAY, has_real_content

playwright = pytest.importorskip("playwright.sync_api")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _fragments(bundle: Path) -> dict[str, dict[str, Any]]:
    """Fragment file (bundle-relative) -> its record (url, content, …)."""
    return {
        f.relative_to(bundle).as_posix(): json.loads(
            gzip.decompress(f.read_bytes())[len(b"pagefind_dcd") :]
        )
        for f in sorted(bundle.rglob("fragment/*.pf_fragment"))
    }


def test_pagefind_index_is_written_for_the_searched_pages(site: BuildResult) -> None:
    assert build.pagefind_binary() is not None, "pip install 'pagefind[bin]' (requirements.lock)"
    assert site.search is not None and site.search.ok, site.search
    bundle = site.site / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert (bundle / "pagefind-entry.json").is_file()
    assert sorted((bundle / "index").glob("*.pf_index"))
    records = _fragments(bundle)
    marked = [p for p in site.site.rglob("*.html") if "data-pagefind-body" in p.read_text("utf-8")]
    assert len(records) == len(marked) == site.search.pages
    # every marked page once, in its own shard's bundle
    urls = {r["url"]: name.split("fragment/")[0] for name, r in records.items()}
    assert sorted(urls) == sorted("/" + p.relative_to(site.site).as_posix() for p in marked)
    for url, folder in urls.items():
        key = shard_of(url[1:])
        assert folder == (f"jaren/{key}/" if key else ""), url
    # listings and the search page itself stay out, as in the lunr index
    for name in ("redactie.html", "zoeken.html", "tijdlijn.html", "brieven/index.html"):
        assert "data-pagefind-body" not in (site.site / name).read_text("utf-8"), name
    letters = sorted((site.site / "brieven").glob("*.html"))
    assert any("data-pagefind-body" in p.read_text("utf-8") for p in letters)
    # a letter's fragment holds its summary parts, not its full text
    letter_records = [r for r in records.values() if r["url"].startswith("/brieven/")]
    assert letter_records
    for record in letter_records:
        assert "Volledige tekst" not in record["content"], record["url"]
        assert record["url"].endswith(".html")


@pytest.mark.skipif(not has_real_content(), reason="needs the bundled letters")
def test_year_shards_and_their_list(site: BuildResult) -> None:
    """The bundled letters are of 2024, 2025, 2026 and one undated: three year shards
    beside the primary, each only an index (the primary's pagefind.js and WASM search it)."""
    bundle = site.site / "pagefind"
    listing = json.loads((bundle / "jaren.json").read_text("utf-8"))
    assert listing == {"indexes": ["jaren/2024/", "jaren/2025/", "jaren/2026/"]}
    assert sorted(p.name for p in (bundle / "jaren").iterdir()) == ["2024", "2025", "2026"]
    for year in ("2024", "2025", "2026"):
        shard = bundle / "jaren" / year
        top = sorted(p.name for p in shard.iterdir() if p.is_file())
        assert top[0] == "pagefind-entry.json" and len(top) == 2, top
        assert top[1].startswith("pagefind.nl_") and top[1].endswith(".pf_meta"), top
        urls = sorted(r["url"] for r in _fragments(shard).values())
        letters = sorted(p.stem for p in (REAL_CONTENT / "letters").glob(f"{year}-*.yml"))
        assert urls == [f"/brieven/{name}.html" for name in letters]
    assert site.search is not None and site.search.shards == 4 and site.search.indexed == 4
    primary = [r["url"] for r in _fragments(bundle).values() if "/jaren/" not in r["url"]]
    undated = "/brieven/ongedateerd-kabinetsreactie-afgewogen-arbeidsmigratie-gericht.html"
    assert undated in primary and "/index.html" in primary


def test_shard_of_page_paths() -> None:
    letter = "brieven/2025-10-30-antwoord-kamervragen-keijzer.html"
    assert shard_of(letter) == "2025"
    assert shard_of("brieven/2024-12-20-beleidsreactie-nr-222.html") == "2024"
    assert shard_of("entiteiten/cbs/2021.html") == "2021"  # an entity's letters of a year
    assert shard_of("entiteiten/cbs/2021-2.html") == "2021"
    for general in (
        "brieven/ongedateerd-kabinetsreactie-afgewogen-arbeidsmigratie-gericht.html",
        "entiteiten/cbs.html",
        "entiteiten/law-huisvestingswet-2009.html",
        "entiteiten/soort/rapporten-2.html",
        "onderwerpen/kennismigratie.html",
        "onderwerpen/index.html",
        "index.html",
        "over.html",
        "data.html",
        "brieven/per-jaar/2021.html",
    ):
        assert shard_of(general) == GENERAL, general
    # groups of years, aligned on multiples of the span (2019 = 673 * 3)
    assert shard_of(letter, 3) == "2025-2027"
    assert shard_of("brieven/2019-01-02-kst-36602-266.html", 3) == "2019-2021"
    assert shard_of("brieven/2021-12-31-x.html", 3) == "2019-2021"
    assert shard_of("brieven/2022-01-01-x.html", 3) == "2022-2024"


def test_many_years_are_grouped() -> None:
    """32 years of letters and at most 5 year shards: groups of 7 years, aligned on
    multiples of 7 (1995 = 285 * 7); a page set without general pages is one general
    shard (the primary)."""
    assert pagefind.MAX_YEAR_SHARDS == 5
    pages = [f"brieven/{y}-05-01-brief.html" for y in range(1995, 2027)] + ["index.html"]
    assert year_span(pages) == 7 and year_span(pages[-3:]) == 1
    shards = assign_shards(pages)
    assert shards["brieven/1995-05-01-brief.html"] == "1995-2001"
    assert shards["brieven/2001-05-01-brief.html"] == "1995-2001"
    assert shards["brieven/2026-05-01-brief.html"] == "2023-2029"
    assert sorted(set(shards.values())) == [
        GENERAL,
        "1995-2001",
        "2002-2008",
        "2009-2015",
        "2016-2022",
        "2023-2029",
    ]
    # 2019-2027 (the bench corpus): five shards of two years
    nine = [f"brieven/{y}-01-01-b.html" for y in range(2019, 2028)] + ["over.html"]
    assert sorted(set(assign_shards(nine).values()))[1:] == [
        "2018-2019",
        "2020-2021",
        "2022-2023",
        "2024-2025",
        "2026-2027",
    ]
    assert set(assign_shards(pages[:3]).values()) == {GENERAL}


def _page(site: Path, name: str, marked: bool = True) -> None:
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    mark = " data-pagefind-body" if marked else ""
    path.write_text(f"<html><body><article{mark}><p>{name}</p></article></body></html>")


def test_plan_reindexes_the_shards_of_written_pages(tmp_path: Path) -> None:
    site = tmp_path / "site"
    a, b = "brieven/2021-01-01-a.html", "brieven/2022-02-02-b.html"
    for name in ("index.html", a, b):
        _page(site, name)
    _page(site, "redactie.html", marked=False)
    full = plan_index(site)
    assert full.full and full.dirty == {GENERAL, "2021", "2022"}
    assert full.shards == {"index.html": GENERAL, a: "2021", b: "2022"}
    assert full.describe() == "3 van 3 delen"
    for folder in ("pagefind", "pagefind/jaren/2021", "pagefind/jaren/2022"):
        (site / folder).mkdir(parents=True, exist_ok=True)
        (site / folder / "pagefind-entry.json").write_text("{}")
    before = full.shards

    def plan(*written: str) -> tuple[bool, set[str]]:
        got = plan_index(site, before, set(written))
        return got.full, set(got.dirty)

    assert plan() == (False, set())
    assert plan("redactie.html") == (False, set())  # not marked: no Pagefind run
    assert plan(a) == (False, {"2021"})
    assert plan(a, "index.html") == (False, {"2021", GENERAL})
    _page(site, "brieven/2021-05-05-c.html")  # a new letter of a year that has a shard
    assert plan("brieven/2021-05-05-c.html") == (False, {"2021"})
    _page(site, "over.html", marked=False)  # a mark gone: the page leaves its shard
    assert plan_index(site, {**before, "over.html": GENERAL}, {"over.html"}).dirty == {GENERAL}
    _page(site, b, marked=False)  # 2022's only page: the shards change, so all of them
    assert plan(b) == (True, {GENERAL, "2021"})
    _page(site, b)
    _page(site, "brieven/2023-03-03-d.html")  # a new year
    assert plan("brieven/2023-03-03-d.html") == (True, {GENERAL, "2021", "2022", "2023"})
    (site / "pagefind/jaren/2022/pagefind-entry.json").unlink()  # a shard folder gone
    assert plan(a) == (True, {GENERAL, "2021", "2022"})


def test_pagefind_output_is_byte_identical(site: BuildResult, tmp_path: Path) -> None:
    """Two runs over the same pages, in different folders, write the same bytes: every
    shard, the list of shards included."""
    copy = tmp_path / "again"
    shutil.copytree(site.site, copy, ignore=shutil.ignore_patterns("pagefind"))
    again = run_pagefind(copy)
    assert again.ok, again.message
    first, second = _files(site.site / "pagefind"), _files(copy / "pagefind")
    assert sorted(first) == sorted(second)
    assert [k for k in first if first[k] != second[k]] == []
    shards = {k.split("/")[1] for k in first if k.startswith("jaren/")}
    assert site.search is not None and len(shards) == site.search.shards - 1
    assert "jaren.json" in first


ANSWERED = "2025-10-30-antwoord-kamervragen-keijzer.yml"


def _stamps(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file()
    }


def _shard_folder(name: str) -> str:
    """The shard folder of a file in site/pagefind ("" for the primary bundle)."""
    parts = name.split("/")
    return "/".join(parts[:2]) if parts[0] == "jaren" and len(parts) > 2 else ""


def _cli_build(content: Path, work: Path, *extra: str) -> None:
    args = ["build", "--content", str(content), "--out", str(work / "site")]
    args += ["--docs", str(work / "docs"), "--today", TODAY.isoformat(), *extra]
    assert main(args) == 0


@pytest.mark.skipif(not has_real_content(), reason="needs the bundled letters")
def test_an_edited_letter_reindexes_only_its_shard(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One answer text of the 2025 letter: Pagefind runs for the 2025 shard only, the
    other shards' files are not touched, and the site is a full build's, byte for byte."""
    content = tmp_path / "content"
    shutil.copytree(REAL_CONTENT, content)
    work = tmp_path / "work"
    _cli_build(content, work)
    bundle = work / "site" / "pagefind"
    before = _stamps(bundle)
    path = content / "letters" / ANSWERED
    text = path.read_text(encoding="utf-8")
    assert text.count("  answer: Ja.\n") == 1
    path.write_text(text.replace("  answer: Ja.\n", "  answer: Nee, niet allebei.\n"), "utf-8")
    capsys.readouterr()
    _cli_build(content, work)
    said = capsys.readouterr().err
    after = _stamps(bundle)
    touched = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert {_shard_folder(k) for k in touched} == {"jaren/2025"}, touched
    assert {_shard_folder(k) for k in before} == {"", "jaren/2024", "jaren/2025", "jaren/2026"}
    assert "pagefind: 93 pages in 4 shards (1 indexed now)" in said, said
    _cli_build(content, tmp_path / "scratch", "--full")
    now, scratch = _files(work / "site"), _files(tmp_path / "scratch" / "site")
    assert sorted(now) == sorted(scratch)
    assert [name for name in sorted(now) if now[name] != scratch[name]] == []
    records = _fragments(bundle / "jaren" / "2025")
    assert any("Nee, niet allebei." in r["content"] for r in records.values())
    # a change that writes no marked page (404.html is written every time): no Pagefind
    topics = content / "topics.yml"
    text = topics.read_text(encoding="utf-8")
    old = "keywords: [kennismigra, kenniswerker, expat, "
    assert text.count(old) == 1
    topics.write_text(text.replace(old, "keywords: [kennismigra, kenniswerker, "), "utf-8")
    capsys.readouterr()
    _cli_build(content, work)
    assert "pagefind: 93 pages in 4 shards (0 indexed now)" in capsys.readouterr().err
    assert _stamps(bundle) == after


@pytest.mark.skipif(not has_real_content(), reason="needs the bundled letters")
def test_a_failing_shard_leaves_no_index(site: BuildResult, tmp_path: Path) -> None:
    """Pagefind failing while one shard is re-indexed: no half-updated index is left."""
    copy = tmp_path / "copy"
    shutil.copytree(site.site, copy)
    assert site.search is not None
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho kapot >&2\nexit 3\n")
    broken.chmod(0o755)
    letter = sorted(p for p, key in site.search.marked.items() if key != GENERAL)[0]
    plan = plan_index(copy, site.search.marked, {letter})
    assert not plan.full and plan.dirty == {shard_of(letter)}
    failed = run_pagefind(copy, broken, plan)
    assert not failed.ok
    assert failed.message == "Pagefind mislukt (exit 3): kapot; alleen de gewone zoekfunctie"
    assert not (copy / "pagefind").exists()


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
    monkeypatch.setattr(build, "run_pagefind", lambda site, binary=None, plan=None: failed)
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


@pytest.mark.skipif(not has_real_content(), reason="needs the bundled letters")
def test_search_merges_the_year_shards(browser: Any, served: str) -> None:
    """ "Beethoven" (Project Beethoven) is only in the 2025 letter, indexed in the 2025
    shard; "kennismigranten" finds it and the undated letter, in the primary. The
    shards are searched with the primary's pagefind.js and WASM, fetched once."""
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url[len(served) :]))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def hrefs(query: str) -> list[str]:
        page.goto(f"{served}zoeken.html?q={query}")
        page.wait_for_selector("#kb-zoek-resultaten li a", timeout=15000)
        links = page.locator("#kb-zoek-resultaten li a")
        return [links.nth(i).get_attribute("href") or "" for i in range(links.count())]

    keijzer = "/brieven/2025-10-30-antwoord-kamervragen-keijzer.html"
    undated = "/brieven/ongedateerd-kabinetsreactie-afgewogen-arbeidsmigratie-gericht.html"
    assert hrefs("Beethoven") == [keijzer]
    assert page.inner_text("#kb-zoek-status") == "1 resultaat voor \u201eBeethoven\u201d."
    assert page.locator("#kb-zoek-resultaten mark").first.inner_text().startswith("Beethoven")
    found = hrefs("kennismigranten")
    assert keijzer in found and undated in found, found
    assert "/onderwerpen/kennismigratie.html" in found, found
    context.close()
    assert not errors, errors
    pagefind = [u.split("?")[0] for u in requests if u.startswith("pagefind/")]
    assert pagefind.count("pagefind/pagefind.js") == 2  # once per page load
    assert pagefind.count("pagefind/wasm.nl.pagefind") == 2
    assert pagefind.count("pagefind/jaren.json") == 2
    for year in ("2024", "2025", "2026"):
        assert pagefind.count(f"pagefind/jaren/{year}/pagefind-entry.json") == 2, pagefind
    assert not [u for u in pagefind if u.startswith("pagefind/jaren/") and "wasm" in u]


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
