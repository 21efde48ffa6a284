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
