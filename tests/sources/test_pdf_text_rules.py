"""PDF-text rules on small inline texts: footnote regions at page bottoms."""

from __future__ import annotations

import textwrap

from generator.sources.pdf import glyph_text
from generator.sources.text import read_text
from generator.store import dump_yaml


def test_marker_after_a_percent_sign_and_no_half_marked_regions() -> None:
    text = textwrap.dedent(
        """\
        Uit de registraties van de NVM blijkt dat het aandeel internationals op de
        koopmarkt in het eerste kwartaal is verdubbeld. Wanneer 2013 wordt vergeleken
        met 2019, blijkt dat de stijging van het aandeel ongeveer 1% bedraagt in
        plaats van 94%4. Uw Kamer wordt in het derde kwartaal van 2021 geïnformeerd
        over de resultaten van de evaluatie die nu loopt bij het ministerie5.

        4 https://www.rijksoverheid.nl/documenten/kamerstukken/2017/07/25/kamerbrief
        5 https://www.rijksoverheid.nl/documenten/kamerstukken/2016/10/10/kamerbrief

        Tweede Kamer, vergaderjaar 2018–2019, 36 418, nr. 1277 3
        """
    )
    doc = read_text("x.txt", text.encode())
    assert [f.number for f in doc.footnotes] == [4, 5]
    body = " ".join(b.text for b in doc.blocks)
    assert "94%[^4]." in body and "ministerie[^5]." in body
    assert "https://" not in body


def test_glyph_text_spells_ligatures_and_replaces_lone_surrogates() -> None:
    """A PDF font may map a glyph to a code point no text can hold (a lone surrogate):
    it becomes U+FFFD, so the letter's YAML and pages can be written; ligatures are
    spelled out; anything else is as it was."""
    assert glyph_text("\ufb01") == "fi" and glyph_text("\u00ad") == "-"
    assert glyph_text("x\ud835") == "x\ufffd" and glyph_text("\udc80") == "\ufffd"
    assert glyph_text("é") == "é" and glyph_text("a") == "a"
    assert dump_yaml({"tekst": glyph_text("a\ud800b")}) == "tekst: a\ufffdb\n"
