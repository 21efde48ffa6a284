"""Long listings move to sub pages: the seed site built with a tiny page limit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import paging
from generator.build import BuildResult, build_site
from generator.cli import progress_line
from generator.site import Corpus
from tests.conftest import TODAY
from tests.htmlscan import scan

LIMIT = 3


@pytest.fixture(scope="module")
def small_pages(content: Path, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    work = tmp_path_factory.mktemp("paged")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(paging, "LIMIT", LIMIT)
        mp.setattr(paging, "LATEST", 2)
        return build_site(content, work / "site", TODAY, work / "docs")  # strict: links ok


def _events(path: Path) -> int:
    return path.read_text("utf-8").count('class="kb-item kb-event')


def test_split_is_bounded_and_ordered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "LIMIT", LIMIT)
    parts = paging.split(list(range(10)), lambda n: (str(n // 5), f"groep {n // 5}"), "x")
    assert [p.path for p in parts] == ["x/0.md", "x/0-2.md", "x/1.md", "x/1-2.md"]
    assert [len(p.items) for p in parts] == [3, 2, 3, 2]
    assert parts[1].label == "groep 0 (deel 2 van 2)"
    assert [i for p in parts for i in p.items] == list(range(10))


def test_commitments_move_to_quarter_pages_in_order(small_pages: BuildResult) -> None:
    site = small_pages.site
    index = site / "toezeggingen.html"
    assert _events(index) == 0 and 'class="kb-chart"' in index.read_text("utf-8")
    table = index.read_text("utf-8").split("<table", 1)[1]  # the quarters, in order
    subs = list(dict.fromkeys(re.findall(r'href="(toezeggingen/[^"#]+)"', table)))
    assert len(subs) == len(list((site / "toezeggingen").glob("*.html")))
    dates: list[str] = []
    for url in subs:
        s = scan(site / url)
        found = [a["datetime"] for tag, a in s.tags if tag == "time" and a.get("datetime")]
        assert len([1 for tag, a in s.tags if tag == "li"]) >= len(found)
        assert _events(site / url) <= LIMIT
        dates.extend(found)
    assert len(dates) >= 15 and dates == sorted(dates)


def test_every_letter_reachable_from_timeline_parts(
    small_pages: BuildResult, corpus: Corpus
) -> None:
    site = small_pages.site
    subs = sorted((site / "tijdlijn").glob("*.html"))
    assert subs and _events(site / "tijdlijn.html") == 0
    assert sum(_events(p) for p in subs) == len(corpus.letters)
    assert all(_events(p) <= LIMIT for p in subs)


def test_tracker_totals_survive_split(small_pages: BuildResult) -> None:
    site = small_pages.site
    html = (site / "aanbevelingen.html").read_text("utf-8")
    totals = re.findall(r'kb-total-n">(\d+)</span>', html)
    rows = sum(
        p.read_text("utf-8").count('<tr class="kb-item"')
        for p in (site / "aanbevelingen").glob("*.html")
    )
    assert sum(int(n) for n in totals) == rows == 4


def test_review_and_topic_sub_pages(small_pages: BuildResult) -> None:
    site = small_pages.site
    review = (site / "redactie").glob("*.html")
    assert any(re.search(r'href="\.\./brieven/[^"]+\.html#r\d+"', p.read_text()) for p in review)
    assert list((site / "onderwerpen").glob("*/*.html")) or list(
        (site / "brieven" / "per-jaar").glob("*.html")
    )


def test_progress_only_on_a_terminal(tmp_path: Path) -> None:
    with open(tmp_path / "log", "w") as stream:
        assert progress_line(stream) is None


def test_entity_index_shows_the_most_mentioned_and_links_all(
    small_pages: BuildResult, corpus: Corpus
) -> None:
    site = small_pages.site
    index = scan(site / "entiteiten" / "index.html")
    parts = sorted((site / "entiteiten" / "soort").glob("*.html"))
    assert parts, "some kind has more entities than the limit"
    listed: list[str] = []
    for part in parts:
        hrefs = [a["href"] for tag, a in scan(part).tags if tag == "a" and "href" in a]
        rows = [h for h in hrefs if re.fullmatch(r"\.\./[^/#]+\.html", h) and "index" not in h]
        assert 0 < len(rows) <= LIMIT
        listed.extend(rows)
    on_index = [
        a["href"] for tag, a in index.tags if tag == "a" and a.get("href", "").endswith(".html")
    ]
    split_kinds = {p.stem.split("-")[0] for p in parts if not p.stem[-1].isdigit()}
    assert split_kinds
    # every entity of a split kind is on exactly one part page, and the page count adds up
    assert len(listed) == len(set(listed))
    pages = {h.removeprefix("../") for h in listed}
    assert pages <= {p.name for p in (site / "entiteiten").glob("*.html")}
    assert any(h.startswith("soort/") for h in on_index)


def test_tracker_index_moves_reports_to_overview_pages(
    monkeypatch: pytest.MonkeyPatch, corpus: Corpus
) -> None:
    """More reports than a page holds (here: each recommendation its own report, two
    per page): the index keeps totals and a table of overview pages."""
    from generator import views_timeline

    monkeypatch.setattr(paging, "LIMIT", 2)
    monkeypatch.setattr(views_timeline, "_report_key", lambda r: (r.by or "?", r.id))
    pages = views_timeline.tracker_pages(corpus)
    index = pages[views_timeline.TRACKER]
    overview = sorted(p for p in pages if p.startswith("aanbevelingen/rapporten-"))
    assert overview == ["aanbevelingen/rapporten-1.md", "aanbevelingen/rapporten-2.md"]
    assert [str(o["link"]).split("]")[0] for o in index["overview"]] == [
        "[Rapporten 1-2",
        "[Rapporten 3-4",
    ]
    seen = []
    for path in overview:
        view = pages[path]
        assert len(view["groups"]) == 2 and view["index"] and not view["overview"]
        for g in view["groups"]:
            seen.append(g["anchor"])
            assert str(g["parts"]).startswith("[bekijk](../aanbevelingen/rapport-")  # from its page
    assert seen == [g["anchor"] for g in index["groups"]]
    assert [o["count"] for o in index["overview"]] == [2, 2] and index["total"] == 4
