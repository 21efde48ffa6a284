"""The web build's chunked search (Pagefind): index written, deterministic, optional,
and the search page working in headless Chromium over local HTTP (Pagefind needs http)."""

from __future__ import annotations

import gzip
import http.server
import json
import re
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from generator import build, mkdocs_run, pagefind
from generator.build import BuildResult, build_site, run_pagefind
from generator.cli import main
from generator.pagefind import PRIMARY, assign_shards, plan_index, shard_count, shard_of
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


# Pages per shard in the `sharded` site: its 93 marked pages in 3 shards. The session's
# `site` has one shard (93 < pagefind.PAGES_PER_SHARD).
SMALL_SHARDS = 40


@pytest.fixture(scope="module")
def sharded(content: Path, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    work = tmp_path_factory.mktemp("sharded")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pagefind, "PAGES_PER_SHARD", SMALL_SHARDS)
        return build_site(content, work / "site", TODAY, work / "docs")


def test_pagefind_index_is_written_for_the_searched_pages(sharded: BuildResult) -> None:
    site = sharded
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
        key = site.search.marked[url[1:]]
        assert folder == (f"delen/{key}/" if key else ""), url
    assert set(site.search.marked.values()) == {PRIMARY, "1", "2"}
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
def test_shards_and_their_list(sharded: BuildResult) -> None:
    """93 marked pages in 3 shards by the hash of their path, each a mix of letters,
    entity and topic pages; the two beside the primary hold only an index (the
    primary's pagefind.js and WASM search them)."""
    bundle = sharded.site / "pagefind"
    listing = json.loads((bundle / "delen.json").read_text("utf-8"))
    assert listing == {"indexes": ["delen/1/", "delen/2/"]}
    assert sorted(p.name for p in (bundle / "delen").iterdir()) == ["1", "2"]
    folders = {PRIMARY: bundle, "1": bundle / "delen" / "1", "2": bundle / "delen" / "2"}
    for key in ("1", "2"):
        top = sorted(p.name for p in folders[key].iterdir() if p.is_file())
        assert top[0] == "pagefind-entry.json" and len(top) == 2, top
        assert top[1].startswith("pagefind.nl_") and top[1].endswith(".pf_meta"), top
    urls = {  # the primary's own fragments are those outside delen/
        key: sorted(
            r["url"] for name, r in _fragments(folder).items() if not name.startswith("delen/")
        )
        for key, folder in folders.items()
    }
    letters = {key: [u for u in found if u.startswith("/brieven/")] for key, found in urls.items()}
    assert letters == {
        PRIMARY: [],
        "1": [
            "/brieven/2024-11-14-naar-een-selectiever-en-gericht-arbeidsmigratiebeleid.html",
            "/brieven/2025-10-30-antwoord-kamervragen-keijzer.html",
            "/brieven/2026-03-20-kst-32847-1407.html",
        ],
        "2": [
            "/brieven/2024-12-20-beleidsreactie-nr-222.html",
            "/brieven/ongedateerd-kabinetsreactie-afgewogen-arbeidsmigratie-gericht.html",
        ],
    }
    kinds = {
        key: [
            sum(u.startswith(f"/{kind}/") for u in found) for kind in ("entiteiten", "onderwerpen")
        ]
        for key, found in urls.items()
    }
    assert kinds == {PRIMARY: [24, 3], "1": [25, 7], "2": [22, 4]}
    assert "/index.html" in urls[PRIMARY] and "/over.html" in urls["1"]
    assert "/onderwerpen/kennismigratie.html" in urls["1"]
    assert sharded.search is not None
    assert sharded.search.shards == 3 and sharded.search.indexed == 3
    assert sum(map(len, urls.values())) == sharded.search.pages == 93


def test_shard_of_page_paths() -> None:
    """A stable hash (SHA-256 of the path): these answers hold in every Python process,
    whatever the page's kind or year."""
    keijzer = "brieven/2025-10-30-antwoord-kamervragen-keijzer.html"
    undated = "brieven/ongedateerd-kabinetsreactie-afgewogen-arbeidsmigratie-gericht.html"
    pages = [keijzer, undated, "index.html", "over.html", "data.html", "entiteiten/cbs.html"]
    assert [shard_of(page, 1) for page in pages] == [PRIMARY] * 6
    assert [shard_of(page, 3) for page in pages] == ["1", "2", PRIMARY, "1", PRIMARY, "1"]
    assert [shard_of(page, 5) for page in pages] == ["4", "4", PRIMARY, "3", "2", PRIMARY]


def test_shard_count_and_mix() -> None:
    """One shard per 300 marked pages begun, at most 5; a site like the bench corpus at
    N = 1,000 (1,000 letters of 2019-2027, 338 entity pages, 14 topic pages, home, over,
    data) in 5 shards, each about a fifth of the letters and of the entity pages."""
    assert pagefind.PAGES_PER_SHARD == 300 and pagefind.MAX_SHARDS == 5
    counts = [shard_count(n) for n in (0, 1, 300, 301, 1000, 1200, 1201, 1355, 10**6)]
    assert counts == [1, 1, 1, 2, 4, 4, 5, 5, 5]
    letters = [f"brieven/{2019 + i % 9}-03-01-brief-{i}.html" for i in range(1000)]
    entities = [f"entiteiten/entiteit-{i}.html" for i in range(338)]
    topics = [f"onderwerpen/onderwerp-{i}.html" for i in range(14)]
    shards = assign_shards([*letters, *entities, *topics, "index.html", "over.html", "data.html"])
    mix = {
        key: [sum(shards[p] == key for p in kind) for kind in (letters, entities, topics)]
        for key in (PRIMARY, "1", "2", "3", "4")
    }
    assert set(shards.values()) == {PRIMARY, "1", "2", "3", "4"}
    assert mix == {
        PRIMARY: [191, 62, 2],
        "1": [208, 59, 4],
        "2": [195, 97, 4],
        "3": [198, 60, 3],
        "4": [208, 60, 1],
    }


def test_a_primary_without_pages_takes_them_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagefind, "PAGES_PER_SHARD", 1)
    assert assign_shards(["over.html", "index.html"]) == {"index.html": PRIMARY, "over.html": "1"}
    # both in shard 1 of 2: none in the primary, so both go there
    assert assign_shards(["over.html", "entiteiten/cbs.html"]) == {
        "entiteiten/cbs.html": PRIMARY,
        "over.html": PRIMARY,
    }


def _page(site: Path, name: str, marked: bool = True) -> None:
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    mark = " data-pagefind-body" if marked else ""
    path.write_text(f"<html><body><article{mark}><p>{name}</p></article></body></html>")


def test_plan_reindexes_the_shards_of_written_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two pages per shard here: 3 or 4 marked pages in 2 shards, 5 in 3."""
    monkeypatch.setattr(pagefind, "PAGES_PER_SHARD", 2)
    site = tmp_path / "site"
    a, b = "brieven/2021-01-01-a.html", "brieven/2022-02-02-b.html"
    c, d = "brieven/2021-05-05-c.html", "brieven/2023-03-03-d.html"
    for name in ("index.html", a, b):
        _page(site, name)
    _page(site, "redactie.html", marked=False)
    full = plan_index(site)
    assert full.full and full.dirty == {PRIMARY, "1"}
    assert full.shards == {"index.html": PRIMARY, a: "1", b: PRIMARY}
    assert full.describe() == "2 van 2 delen"
    for folder in ("pagefind", "pagefind/delen/1"):
        (site / folder).mkdir(parents=True, exist_ok=True)
        (site / folder / "pagefind-entry.json").write_text("{}")
    before = full.shards

    def plan(*written: str) -> tuple[bool, set[str]]:
        got = plan_index(site, before, set(written))
        return got.full, set(got.dirty)

    assert plan() == (False, set())
    assert plan("redactie.html") == (False, set())  # not marked: no Pagefind run
    assert plan(a) == (False, {"1"})
    assert plan(a, "index.html") == (False, {"1", PRIMARY})
    _page(site, c)  # a new page, as many shards: only its own
    assert plan(c) == (False, {PRIMARY})
    _page(site, "over.html", marked=False)  # a mark gone: the page leaves its shard
    assert plan_index(site, {**before, "over.html": "1"}, {"over.html"}).dirty == {"1"}
    _page(site, b, marked=False)  # 2 pages left: one shard, so all of them
    assert plan(b) == (True, {PRIMARY})
    _page(site, b)
    _page(site, d)  # 5 pages: 3 shards, every page hashed again
    assert plan(c, d) == (True, {PRIMARY, "2"})
    (site / "pagefind/delen/1/pagefind-entry.json").unlink()  # a shard folder gone
    assert plan(a) == (True, {PRIMARY, "1"})


def test_pagefind_output_is_byte_identical(
    sharded: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two runs over the same pages, in different folders, write the same bytes: every
    shard, the list of shards included."""
    monkeypatch.setattr(pagefind, "PAGES_PER_SHARD", SMALL_SHARDS)
    copy = tmp_path / "again"
    shutil.copytree(sharded.site, copy, ignore=shutil.ignore_patterns("pagefind"))
    again = run_pagefind(copy)
    assert again.ok, again.message
    first, second = _files(sharded.site / "pagefind"), _files(copy / "pagefind")
    assert sorted(first) == sorted(second)
    assert [k for k in first if first[k] != second[k]] == []
    assert {k.split("/")[1] for k in first if k.startswith("delen/")} == {"1", "2"}
    assert "delen.json" in first


def test_pages_without_chrome_give_the_same_index(
    sharded: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind is fed the pages without their header and navigation: the index is the
    one of the whole pages, byte for byte (fragments, index chunks, meta, entries)."""
    monkeypatch.setattr(pagefind, "PAGES_PER_SHARD", SMALL_SHARDS)
    letter = next((sharded.site / "brieven").glob("20*.html"))
    slim = pagefind._without_chrome(letter.read_bytes())
    assert slim is not None and len(slim) < 0.9 * letter.stat().st_size
    assert b"md-header" not in slim and b"<nav" not in slim and b"<title>" in slim
    whole = tmp_path / "whole"
    shutil.copytree(sharded.site, whole, ignore=shutil.ignore_patterns("pagefind"))
    monkeypatch.setattr(pagefind, "_without_chrome", lambda page: None)
    assert run_pagefind(whole).ok
    first, second = _files(sharded.site / "pagefind"), _files(whole / "pagefind")
    assert sorted(first) == sorted(second)
    assert [k for k in first if first[k] != second[k]] == []


def test_chrome_with_a_pagefind_attribute_is_kept(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(
        '<html><head><title>T</title></head><body class="x"><nav data-pagefind-filter="jaar">'
        "2024</nav><article data-pagefind-body>tekst</article></body></html>",
        "utf-8",
    )
    assert pagefind._without_chrome(page.read_bytes()) is None
    page.write_text(
        "<html><head><title>T</title></head><body><nav>menu</nav>"
        "<article data-pagefind-body>tekst</article></body></html>",
        "utf-8",
    )
    assert pagefind._without_chrome(page.read_bytes()) == (
        b"<html><head><title>T</title></head><body><article data-pagefind-body>tekst</article>"
        b"</body></html>"
    )


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
    return "/".join(parts[:2]) if parts[0] == "delen" and len(parts) > 2 else ""


def _cli_build(content: Path, work: Path, *extra: str) -> None:
    args = ["build", "--content", str(content), "--out", str(work / "site")]
    args += ["--docs", str(work / "docs"), "--today", TODAY.isoformat(), *extra]
    assert main(args) == 0


@pytest.mark.skipif(not has_real_content(), reason="needs the bundled letters")
def test_a_page_given_to_pagefind_as_before_needs_no_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A marked page written again with only its chrome or a dropped list changed is given
    to Pagefind as the same bytes: its shard is not indexed again; its text changed, it is.
    Without the previous digests (an older state) every written page counts as changed."""
    monkeypatch.setattr(pagefind, "PAGES_PER_SHARD", 2)
    site = tmp_path / "site"
    a, b = "brieven/2021-01-01-a.html", "brieven/2022-02-02-b.html"

    def write(name: str, nav: str, text: str, listed: str) -> None:
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"<html><head><title>{name}</title></head><body><nav>{nav}</nav>"
            f"<article data-pagefind-body><p>{text}</p>"
            f'<div class="kb-listing"><ul><li>{listed}</li></ul></div></article></body></html>'
        )

    for name in ("index.html", a, b):
        write(name, "menu", name, "brief 1")
    full = plan_index(site)
    assert full.shards == {"index.html": PRIMARY, a: "1", b: PRIMARY}
    for folder in ("pagefind", "pagefind/delen/1"):
        (site / folder).mkdir(parents=True, exist_ok=True)
        (site / folder / "pagefind-entry.json").write_text("{}")
    inputs = {
        page: pagefind.input_digest(pagefind._fed((site / page).read_bytes()))
        for page in full.shards
    }
    write(a, "menu met een nieuwe titel", a, "brief 1, nu met een andere titel")
    again = plan_index(site, full.shards, {a}, inputs)
    assert again.dirty == set() and again.inputs == inputs
    assert plan_index(site, full.shards, {a}).dirty == {"1"}  # no digests kept
    write(a, "menu", "nieuwe tekst", "brief 1")
    changed = plan_index(site, full.shards, {a, "index.html"}, inputs)
    assert changed.dirty == {"1"}
    assert changed.inputs[a] != inputs[a] and changed.inputs["index.html"] == inputs["index.html"]


def test_dropped_elements_end_at_their_own_closing_tag() -> None:
    """Nested divs are counted; an element never closed is kept with the rest."""
    page = (
        b"<html><head></head><body><nav>x</nav><article data-pagefind-body><p>a</p>"
        b'<div class="kb-fulltext"><div><p>tekst</p></div><p>meer</p></div><p>b</p>'
        b'<div class="footnote"><ol><li>noot</li></ol></div><p>c</p>'
        b'<div class="kb-listing"><div>open</div></article></body></html>'
    )
    assert pagefind._without_chrome(page) == (
        b"<html><head></head><body><article data-pagefind-body><p>a</p><p>b</p><p>c</p>"
        b'<div class="kb-listing"><div>open</div></article></body></html>'
    )
    names = re.search(rb"\(\?:([^)]*)\)", pagefind._DROPPED.pattern)
    assert names is not None
    dropped = {"." + name.decode() for name in names.group(1).split(b"|")}
    assert dropped == {".kb-fulltext", ".footnote", ".kb-listing"}
    assert dropped <= set(pagefind.PAGEFIND_EXCLUDE)  # Pagefind leaves them out as well


def test_an_edited_letter_reindexes_only_its_shard(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One answer text of the 2025 letter, then its title: Pagefind runs for its shard
    (1 of 3) only, the other shards' files are not touched, and the site is a full
    build's, byte for byte."""
    monkeypatch.setattr(pagefind, "PAGES_PER_SHARD", SMALL_SHARDS)
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
    assert {_shard_folder(k) for k in touched} == {"delen/1"}, touched
    assert {_shard_folder(k) for k in before} == {"", "delen/1", "delen/2"}
    assert "pagefind: 93 pages in 3 shards (1 indexed now)" in said, said
    records = _fragments(bundle / "delen" / "1")
    assert any("Nee, niet allebei." in r["content"] for r in records.values())
    # a new title: the entity pages that list the letter are written again, in every
    # shard, but their lists are not indexed: still only the letter's shard
    pages = _files(work / "site")
    assert text.count("\ntitle: null\n") == 1
    path.write_text(path.read_text("utf-8").replace("\ntitle: null\n", "\ntitle: Ken de migrant\n"))
    capsys.readouterr()
    _cli_build(content, work)
    said = capsys.readouterr().err
    assert "pagefind: 93 pages in 3 shards (1 indexed now)" in said, said
    now = _files(work / "site")
    listing = {n for n in now if n.startswith("entiteiten/") and now[n] != pages.get(n)}
    assert {shard_of(n, 3) for n in listing} == {PRIMARY, "1", "2"}, listing
    assert all(b"Ken de migrant" in now[n] for n in listing)
    after = _stamps(bundle)
    touched = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert {_shard_folder(k) for k in touched} == {"delen/1"}, touched
    _cli_build(content, tmp_path / "scratch", "--full")
    now, scratch = _files(work / "site"), _files(tmp_path / "scratch" / "site")
    assert sorted(now) == sorted(scratch)
    assert [name for name in sorted(now) if now[name] != scratch[name]] == []
    # a change that writes no marked page (404.html is written every time): no Pagefind
    topics = content / "topics.yml"
    text = topics.read_text(encoding="utf-8")
    old = "keywords: [kennismigra, kenniswerker, expat, "
    assert text.count(old) == 1
    topics.write_text(text.replace(old, "keywords: [kennismigra, kenniswerker, "), "utf-8")
    capsys.readouterr()
    _cli_build(content, work)
    assert "pagefind: 93 pages in 3 shards (0 indexed now)" in capsys.readouterr().err
    assert _stamps(bundle) == after


@pytest.mark.skipif(not has_real_content(), reason="needs the bundled letters")
def test_pagefind_started_early_is_checked_against_the_pages_written_after(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind starts once the searched pages are written, while MkDocs writes the rest.
    A searched page taken for an unsearched one (written after Pagefind started, in a
    shard not indexed) is found afterwards: its shard is indexed too, and the site is a
    full build's, byte for byte."""
    monkeypatch.setattr(pagefind, "PAGES_PER_SHARD", SMALL_SHARDS)
    content = tmp_path / "content"
    shutil.copytree(REAL_CONTENT, content)
    work = tmp_path / "work"
    _cli_build(content, work)
    letter = content / "letters" / ANSWERED  # its page is in shard 1
    letter.write_text(
        letter.read_text("utf-8").replace("  answer: Ja.\n", "  answer: Ja, allebei.\n"), "utf-8"
    )
    topics = content / "topics.yml"  # the page of this topic is in the primary
    old = "description: Werknemers die voor werk naar Nederland komen"
    assert topics.read_text("utf-8").count(old) == 1
    topics.write_text(topics.read_text("utf-8").replace(old, old + " of blijven"), "utf-8")
    topic = "onderwerpen/arbeidsmigratie.md"
    predict = mkdocs_run._searched_or_in_nav
    first: list[set[str]] = []

    def mistaken(*args: Any) -> set[str]:
        found = predict(*args) - {topic}
        first.append(found)
        return found

    monkeypatch.setattr(mkdocs_run, "_searched_or_in_nav", mistaken)
    runs: list[frozenset[str]] = []
    real_start, real_run = pagefind.start_pagefind, pagefind.run_pagefind
    monkeypatch.setattr(
        build, "start_pagefind", lambda *a: runs.append(a[2].dirty) or real_start(*a)
    )
    monkeypatch.setattr(build, "run_pagefind", lambda *a: runs.append(a[2].dirty) or real_run(*a))
    capsys.readouterr()
    _cli_build(content, work)
    said = capsys.readouterr().err
    assert len(first) == 1 and "brieven/2025-10-30-antwoord-kamervragen-keijzer.md" in first[0]
    assert runs == [frozenset({"1"}), frozenset({PRIMARY, "1"})], runs
    assert "pagefind: 93 pages in 3 shards (2 indexed now)" in said, said
    _cli_build(content, tmp_path / "scratch", "--full")
    now, scratch = _files(work / "site"), _files(tmp_path / "scratch" / "site")
    assert sorted(now) == sorted(scratch)
    assert [name for name in sorted(now) if now[name] != scratch[name]] == []
    # predicted right: one Pagefind run, started before MkDocs ended, and kept
    monkeypatch.setattr(mkdocs_run, "_searched_or_in_nav", predict)
    letter.write_text(
        letter.read_text("utf-8").replace("  answer: Ja, allebei.\n", "  answer: Nee.\n"),
        "utf-8",
    )
    runs.clear()
    _cli_build(content, work)
    assert runs == [frozenset({"1"})]
    assert "pagefind: 93 pages in 3 shards (1 indexed now)" in capsys.readouterr().err


@pytest.mark.skipif(not has_real_content(), reason="needs the bundled letters")
def test_a_failing_shard_leaves_no_index(
    sharded: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind failing while one shard is re-indexed: no half-updated index is left."""
    monkeypatch.setattr(pagefind, "PAGES_PER_SHARD", SMALL_SHARDS)
    site = sharded
    copy = tmp_path / "copy"
    shutil.copytree(site.site, copy)
    assert site.search is not None
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho kapot >&2\nexit 3\n")
    broken.chmod(0o755)
    letter = "brieven/2024-12-20-beleidsreactie-nr-222.html"
    plan = plan_index(copy, site.search.marked, {letter})
    assert not plan.full and plan.dirty == {"2"}
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
def served(sharded: BuildResult) -> Iterator[str]:
    handler = partial(_QuietHandler, directory=str(sharded.site))
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
def test_search_merges_the_shards(browser: Any, served: str) -> None:
    """ "Beethoven" (Project Beethoven) is only in the 2025 letter, indexed in shard 1;
    "demografie" finds 7 pages in all three shards. The shards are searched with
    the primary's pagefind.js and WASM, fetched once."""
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
    # the topic pages that list letters mentioning kennismigranten are not found by
    # those lists (.kb-listing is left out of the index): the topic of that name is,
    # and so are the letters
    found = hrefs("kennismigranten")
    assert page.inner_text("#kb-zoek-status") == "4 resultaten voor \u201ekennismigranten\u201d."
    assert found[:2] == ["/onderwerpen/kennismigratie.html", "/onderwerpen/index.html"]
    assert sorted(found[2:]) == sorted([keijzer, undated])
    # in all three shards: the topic page in the primary, the letters in shards 1 and 2
    found = hrefs("demografie")
    assert page.inner_text("#kb-zoek-status") == "7 resultaten voor \u201edemografie\u201d."
    assert found[0] == "/onderwerpen/demografie.html"
    letters = ["2024-11-14-naar-een-selectiever-en-gericht-arbeidsmigratiebeleid", keijzer[9:-5]]
    letters.append(undated[9:-5])
    pages = ["/onderwerpen/index.html", "/data.html", "/index.html"]
    pages += [f"/brieven/{name}.html" for name in letters]
    assert sorted(found[1:]) == sorted(pages)
    context.close()
    assert not errors, errors
    pagefind = [u.split("?")[0] for u in requests if u.startswith("pagefind/")]
    assert pagefind.count("pagefind/pagefind.js") == 3  # once per page load
    assert pagefind.count("pagefind/wasm.nl.pagefind") == 3
    assert pagefind.count("pagefind/delen.json") == 3
    for key in ("1", "2"):
        assert pagefind.count(f"pagefind/delen/{key}/pagefind-entry.json") == 3, pagefind
    assert not [u for u in pagefind if u.startswith("pagefind/delen/") and "wasm" in u]


def test_search_page_says_so_without_index(browser: Any, bundle: Path) -> None:
    """From file:// (the offline bundle) the page points to the search box instead."""
    context = browser.new_context(offline=True)
    page = context.new_page()
    page.goto((bundle / "zoeken.html").resolve().as_uri() + "?zoek=kennismigranten")
    page.wait_for_function("document.getElementById('kb-zoek-status').textContent.length > 0")
    assert "zoekvak" in page.inner_text("#kb-zoek-status")
    context.close()


def test_header_field_searches_with_the_keyboard(
    browser: Any, served: str, sharded: BuildResult
) -> None:
    """A letter page: Tab reaches the header field, Enter opens zoeken.html?q=… with
    results; "/" focuses the field too. No lunr index or worker is ever requested."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    letter = sorted((sharded.site / "brieven").glob("*.html"))[-1]
    page.goto(served + letter.relative_to(sharded.site).as_posix())
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
