"""``site_url``: relative links by default; an absolute address for feeds when set."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build_site, configured_site_url
from generator.cli import main
from generator.diagnostics import GeneratorError
from generator.feeds import render_feeds
from generator.site import Corpus
from tests.conftest import TODAY
from tests.fixtures import write_content

URL = "https://example.org/kamerbrieven/"


def test_default_is_relative(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KB_SITE_URL", raising=False)
    assert configured_site_url() is None
    assert configured_site_url("") is None


def test_explicit_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert configured_site_url("https://example.org/kamerbrieven") == URL
    monkeypatch.setenv("KB_SITE_URL", URL)
    assert configured_site_url() == URL  # through site_url: !ENV in mkdocs.yml
    assert configured_site_url("") is None  # --site-url "" overrides the environment


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "example.org", 'https://x.org/"><b>'])
def test_bad_site_url_is_refused(bad: str) -> None:
    with pytest.raises(GeneratorError, match="site_url"):
        configured_site_url(bad)


def test_feeds_relative_or_absolute(corpus: Corpus) -> None:
    relative = render_feeds(corpus)["brieven.xml"]
    assert 'href="../index.html"' in relative and 'href="../brieven/' in relative
    assert "https://example.org" not in relative and 'rel="self"' not in relative
    absolute = render_feeds(corpus, URL)["brieven.xml"]
    assert f'<link rel="self" href="{URL}feeds/brieven.xml"/>' in absolute
    assert f'href="{URL}brieven/' in absolute and 'href="../' not in absolute


def test_build_with_site_url_is_deterministic(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    one = build_site(content, tmp_path / "a" / "site", TODAY, tmp_path / "a" / "docs", site_url=URL)
    two = build_site(content, tmp_path / "b" / "site", TODAY, tmp_path / "b" / "docs", site_url=URL)
    files = sorted(p.relative_to(one.site) for p in one.site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two.site) for p in two.site.rglob("*") if p.is_file())
    assert all((one.site / f).read_bytes() == (two.site / f).read_bytes() for f in files)
    feed = (one.site / "feeds" / "brieven.xml").read_text("utf-8")
    assert f'href="{URL}brieven/' in feed
    page = (one.site / "index.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{URL}index.html">' in page


def test_cli_refuses_a_bad_site_url(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    args = ["build", "--content", str(content), "--out", str(tmp_path / "s")]
    assert main([*args, "--docs", str(tmp_path / "d"), "--site-url", "ftp://x"]) == 1
