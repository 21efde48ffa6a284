"""Letter text never becomes markup, and two builds of the same content are identical."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from generator import escape
from generator.build import build_site
from generator.escape import md_block, md_inline
from generator.model import Question, Recommendation, Span, Stance
from tests.fixtures import HOSTILE, letter_000, letter_002, letter_003, seed_letters, write_content
from tests.htmlscan import scan

TODAY = dt.date(2025, 6, 1)


def _hostile_letters() -> list:
    base = letter_003()
    q = Question(1, HOSTILE, HOSTILE + " [^5]", Span(10, 10), Span(11, 12))
    rec = Recommendation(
        "r1",
        HOSTILE,
        HOSTILE,
        HOSTILE,
        Stance.REJECTS,
        HOSTILE,
        HOSTILE,
        HOSTILE,
        Span(60, 61),
        Span(62, 63),
    )
    hostile = dataclasses.replace(
        base,
        title=HOSTILE,
        ministry=HOSTILE,
        kenmerk=HOSTILE,
        questions=(q,),
        recommendations=(rec,),
        topics=("arbeidsmigratie", HOSTILE),
    )
    return [letter_000(), letter_002(), hostile]


def test_hostile_text_is_shown_not_executed(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", _hostile_letters())
    result = build_site(content, tmp_path / "site", TODAY, tmp_path / "docs")
    for path in sorted(result.site.rglob("*.html")):
        s = scan(path)
        text = "".join(s.text)
        for tag, attrs in s.tags:
            assert not (tag == "img" and attrs.get("src") == "x"), path
            assert not any(k.startswith("on") for k in attrs), (path, tag, attrs)
            if tag == "script":
                assert attrs.get("src", "").endswith(".js") or "src" not in attrs
        hrefs = [url for _, url in s.links]
        assert not any(url.strip().lower().startswith("javascript") for url in hrefs), path
        assert not re.search(r"(?<![\d.,])49(?![\d.,])", text), path  # {{ 7*7 }} not evaluated
        assert "root:x:0:0" not in text
    letter = (result.site / "brieven" / "003.html").read_text("utf-8")
    visible = "".join(scan(result.site / "brieven" / "003.html").text)
    assert "<script>alert(1)</script>" in visible
    assert "<img src=x onerror=alert(1)>" in visible
    assert "[x](javascript:alert(1))" in visible
    assert "{{ 7*7 }}" in visible
    assert '--8<-- "/etc/passwd"' in visible
    assert "<script>alert" not in letter


def test_two_builds_are_identical(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    one = build_site(content, tmp_path / "a" / "site", TODAY, tmp_path / "a" / "docs").site
    two = build_site(content, tmp_path / "b" / "site", TODAY, tmp_path / "b" / "docs").site
    files_one = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    files_two = sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert files_one == files_two
    different = [f for f in files_one if (one / f).read_bytes() != (two / f).read_bytes()]
    assert not different


SPECIAL = re.compile(r"[<>\[\]`*_{}()#|!\\]")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_escaped_text_has_no_markup_characters(text: str) -> None:
    entity = re.compile(r"&#\d+;")
    assert not SPECIAL.search(entity.sub("", str(md_inline(text))))
    assert not SPECIAL.search(entity.sub("", str(md_block(text))))


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(sorted(escape._SPECIAL) + list("-1. aé\n\u2028&#;"))
        | st.characters()
    )
)
def test_escaping_is_every_special_character_as_its_reference(text: str) -> None:
    """The regular expression in ``escape._refs`` writes exactly what a per-character
    table does."""
    table = {ord(ch): f"&#{ord(ch)};" for ch in escape._SPECIAL}
    assert escape._refs(text) == text.translate(table)


def test_footnote_markers_become_footnotes_only_when_known() -> None:
    assert str(md_block("Zie[^1] en [^2].", frozenset({1}))) == "Zie[^1] en &#91;&#94;2&#93;."
    assert str(md_inline("1. lijst")) == "1&#46; lijst"


def test_all_seed_letters_render_without_error(tmp_path: Path) -> None:
    from generator.render import render_pages
    from generator.site import collect_corpus

    content = write_content(tmp_path / "c", seed_letters())
    pages = render_pages(collect_corpus(content, TODAY))
    assert "brieven/000.md" in pages and "index.md" in pages


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text() | st.text().map(Markup) | st.integers() | st.none(), min_size=0, max_size=3)
)
def test_markup_format_is_markupsafe_format(args: list[object]) -> None:
    template = "".join(f"<i>{i}</i>{{}}" for i in range(len(args))) or "<p>none</p>"
    expected = Markup(template).format(*args)
    got = escape.markup_format(template, *args)
    assert type(got) is Markup
    assert str(got) == str(expected)
