"""Small rule tests for the layout readers, on inline input."""

from __future__ import annotations

from generator.extract.header import extract_header
from generator.extract.questions import extract_questions
from generator.sources import BlockKind
from generator.sources.html import read_html
from generator.sources.pdf import Glyph, _row
from generator.sources.xml import read_xml


def _glyphs(text: str, x: float, base: float, size: float) -> list[Glyph]:
    out = []
    for ch in text:
        out.append(Glyph(ch, x, x + size * 0.5, base, size, "Serif"))
        x += size * 0.5
    return out


def test_superscript_digit_is_a_footnote_marker_not_text() -> None:
    words = _glyphs("Both Ends", 72, 700, 10)
    mark = _glyphs("1", words[-1].x1 + 0.3, 703.8, 6)
    rest = _glyphs("?", mark[-1].x1 + 0.3, 700, 10)
    row = _row(words + mark + rest, 0, 0, (595, 842), 10)
    assert row.text == "Both Ends[^1]?"


def test_combined_questions_in_kamervragen_xml() -> None:
    raw = b"""<?xml version="1.0" encoding="UTF-8"?>
<officiele-publicatie xmlns="http://www.overheid.nl/2011/opmaak">
<kamervraagomschrijving>Vragen van het lid Jansen (PVV) aan de minister
 (ingezonden 2 oktober 2025)</kamervraagomschrijving>
<vraag><al>Vraag 3</al><al>Kent u het bericht?<noot id="n1"><noot.nr>1</noot.nr>
<noot.al>NOS, 1 oktober 2025</noot.al></noot></al></vraag>
<vraag><al>Vraag 4</al><al>Wat vindt u ervan?</al></vraag>
<vraag><nr>Vraag 5</nr><al>Gaat u iets doen?</al></vraag>
<antwoord><al>Antwoord 3, 4 en 5</al><al>Ja, zie het bericht.<nootref refid="n1"/></al></antwoord>
<ondertekening><functie>De Minister van Defensie,</functie>
<naam><voorletters>R.P.</voorletters> <achternaam>Brekelmans</achternaam></naam></ondertekening>
</officiele-publicatie>"""
    doc = read_xml("kv.xml", raw)
    headings = [b.text for b in doc.blocks if b.kind is BlockKind.HEADING]
    assert headings == ["Vraag 3", "Vraag 4", "Vraag 5", "Antwoord 3, 4 en 5"]
    assert [(f.number, f.text) for f in doc.footnotes] == [(1, "NOS, 1 oktober 2025")]
    result = extract_questions(doc.blocks, extract_header(doc.blocks).consumed)
    assert [(q.number, q.answer) for q in result.questions] == [
        (3, "Ja, zie het bericht.[^1]"),
        (4, "Ja, zie het bericht.[^1]"),
        (5, "Ja, zie het bericht.[^1]"),
    ]


def test_html_skips_site_chrome_and_reads_bold_question_lines() -> None:
    raw = b"""<!DOCTYPE html><html><body><header><p>Rijksoverheid</p></header>
<div class="vraag"><p><strong>Vraag 1</strong></p><p>Kent u het bericht?<sup>1</sup></p></div>
<div class="antwoord"><p><b>Antwoord 1</b></p><p>Ja.</p></div>
<div class="voetnoten"><div class="voet noot" id="noot1"><p><sup>1</sup> NOS, 1 mei</p></div></div>
<footer><p>Cookies</p></footer></body></html>"""
    doc = read_html("p.html", raw)
    assert [(b.kind.value, b.text) for b in doc.blocks] == [
        ("heading", "Vraag 1"),
        ("paragraph", "Kent u het bericht?[^1]"),
        ("heading", "Antwoord 1"),
        ("paragraph", "Ja."),
    ]
    assert [(f.number, f.text) for f in doc.footnotes] == [(1, "NOS, 1 mei")]
