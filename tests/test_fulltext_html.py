"""The letter's full text as finished HTML (views_letter.Block.html): the same HTML that
Python-Markdown made of the Markdown form, and letter text still escaped."""

from __future__ import annotations

import re

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from generator.escape import html_paragraphs, md_block, md_inline
from generator.views_letter import Block
from tests.fixtures import HOSTILE

# mkdocs.yml's markdown_extensions
EXTENSIONS = ["abbr", "admonition", "attr_list", "footnotes", "md_in_html", "tables", "toc"]
CONFIG = {"toc": {"permalink": False, "toc_depth": 3}}


def _as_markdown(b: Block) -> str:
    """The Markdown the letter template writes for a block with a footnote reference."""
    out = f"**{b.heading}**\n\n" if b.heading else ""
    lead = ""
    if b.anchors:
        lead = f'<span class="kb-ln" id="r{b.anchors[0]}" aria-hidden="true">{b.anchors[0]}</span>'
    note = f'<span class="kb-badge kb-stance-unclear">{b.note}</span> ' if b.note else ""
    return out + lead + note + str(b.text) + "\n"


def _convert(body: str) -> str:
    """Python-Markdown's HTML for ``body`` in the full-text block, runs of white space as
    one space (a browser shows them so; Markdown expands tabs by column, and the column
    differs by the ``<p>`` in front)."""
    page = f'<div class="kb-fulltext" markdown>\n\n{body}\n\n</div>\n'
    html = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIG).convert(page)
    return re.sub(r"\s+", " ", html)


def _block(text: str, heading: str = "", anchors: tuple[int, ...] = (7,), note: str = "") -> Block:
    return Block(7, anchors, md_inline(heading), md_block(text), note)


def test_block_html_exact() -> None:
    b = _block(
        "Eerste <regel>\nzin & meer\n\nTweede *alinea*", "Kop [1]", (12, 13), "niet geplaatst"
    )
    assert b.html == Markup(
        "<p><strong>Kop &#91;1&#93;</strong></p>\n\n"
        '<p><span class="kb-ln" id="r12" aria-hidden="true">12</span>'
        '<span class="kb-badge kb-stance-unclear">niet geplaatst</span> '
        "Eerste &#60;regel&#62;<br />\nzin &#38; meer</p>\n\n"
        "<p>Tweede &#42;alinea&#42;</p>"
    )


def test_block_with_a_footnote_reference_stays_markdown() -> None:
    b = Block(3, (3,), Markup(""), md_block("Zie noot[^2].", frozenset({2})), "")
    assert "[^2]" in b.text
    assert b.html == ""


def test_hostile_text_stays_text() -> None:
    html = _block(HOSTILE, HOSTILE).html
    assert "<" not in html.replace("<p>", "").replace("</p>", "").replace("<strong>", "").replace(
        "</strong>", ""
    ).replace('<span class="kb-ln" id="r7" aria-hidden="true">', "").replace("</span>", "").replace(
        "<br />", ""
    )
    assert _convert(html) == _convert(_as_markdown(_block(HOSTILE, HOSTILE)))


# Python-Markdown deletes STX and ETX (its own placeholder marks) from the whole page, so
# a heading of only those became "****", a rule, in the Markdown form: left out here.
_TEXT = st.text(st.characters(blacklist_characters="\x02\x03"), max_size=200)


@settings(max_examples=300, deadline=None)
@given(
    text=_TEXT,
    heading=st.text(st.characters(blacklist_characters="\x02\x03"), max_size=20),
    anchors=st.sampled_from([(), (1,), (5, 6)]),
    note=st.sampled_from(["", "niet geplaatst"]),
)
def test_same_html_as_python_markdown(
    text: str, heading: str, anchors: tuple[int, ...], note: str
) -> None:
    b = _block(text, heading, anchors, note)
    # no footnotes known: finished HTML unless there is nothing to show at all
    assert b.html or not (b.text.strip() or b.heading or b.anchors or b.note)
    assert _convert(str(b.html)) == _convert(_as_markdown(b))


def _convert_top(body: str, wrap: bool) -> str:
    page = f'<div class="kb-rec" markdown>\n\n{body}\n\n</div>\n' if wrap else f"{body}\n"
    html = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIG).convert(page)
    return re.sub(r"\s+", " ", html)


def test_html_paragraphs_exact() -> None:
    assert html_paragraphs(md_block("Vraag <1>:\nja\n\nNee *niet*")) == Markup(
        "<p>Vraag &#60;1&#62;&#58;<br />\nja</p>\n\n<p>Nee &#42;niet&#42;</p>"
    )
    with_note = md_block("Zie[^3] hier", frozenset({3}))
    assert html_paragraphs(with_note) is with_note
    assert html_paragraphs(md_block("")) == ""


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, wrap=st.booleans())
def test_html_paragraphs_same_html_as_python_markdown(text: str, wrap: bool) -> None:
    """Questions and answers (top level) and recommendations (in a ``markdown`` div)."""
    block = md_block(text)
    assert _convert_top(str(html_paragraphs(block)), wrap) == _convert_top(str(block), wrap)
