"""PDF-text rules on small inline texts: footnote regions at page bottoms."""

from __future__ import annotations

import textwrap

from generator.sources.text import read_text


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
