"""The review pages' suggestions list as finished HTML: links to pages and anchors that
exist (MkDocs does not check links in raw HTML), letter text escaped."""

from __future__ import annotations

from markupsafe import Markup

from generator.escape import md_inline
from generator.links import display_title, page_name
from generator.site import Corpus
from generator.suggest import Suggestion
from generator.views_review import _suggestion
from tests.fixtures import HOSTILE


def test_fulfils_links_the_commitment_and_both_letters(corpus: Corpus) -> None:
    letter = next(x for x in corpus.letters if x.commitments)
    other = next(x for x in corpus.letters if x.id != letter.id)
    c = letter.commitments[0]
    s = Suggestion("fulfils", letter.id, c.id, other.id, "zelfde onderwerp")
    view = _suggestion(corpus, s, 0, "redactie/2024-K1.md")
    page = f"../brieven/{page_name(letter.id)}.html"
    assert view["text"] == Markup(
        f'Toezegging <a href="{page}#toezegging-{page_name(c.id)}">{c.id}</a> in '
        f'<a href="{page}">{md_inline(display_title(letter))}</a> lijkt nagekomen door '
        f'<a href="../brieven/{page_name(other.id)}.html">'
        f"{md_inline(display_title(other))}</a>"
    )


def test_unknown_commitment_or_letter_is_not_linked(corpus: Corpus) -> None:
    letter = corpus.letters[0]
    s = Suggestion("fulfils", letter.id, "c999", "bestaat-niet", "x")
    text = _suggestion(corpus, s, 0, "redactie.md")["text"]
    assert text.count("<a ") == 1  # the letter itself only
    assert "c999 in" in text and "bestaat-niet" in text


def test_hostile_values_stay_text(corpus: Corpus) -> None:
    s = Suggestion("fulfils", HOSTILE, HOSTILE, HOSTILE, HOSTILE)
    view = _suggestion(corpus, s, 0, "redactie.md")
    for value in view.values():
        text = str(value)
        assert "<script" not in text and "<img" not in text and "javascript:" not in text
        assert "<a " not in text
