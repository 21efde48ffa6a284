"""Letters in the genre that are not among the seeds: written for these tests in the forms
ministries use, to keep the rules general (letterhead with a side column, "Geachte
voorzitter", inline "Aanbeveling N:" / "Reactie:", "Hoogachtend," and a lower-case
"de minister" in the signature)."""

from __future__ import annotations

from pathlib import Path

from .seeds import ingest_and_export

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"


def test_ministry_cabinet_response_with_inline_recommendations(tmp_path: Path) -> None:
    src = UNSEEN / "ministerie-kabinetsreactie-inline-aanbevelingen.txt"
    (letter,) = ingest_and_export([src], tmp_path / "content").values()
    assert letter["kind"] == "kabinetsreactie"
    assert letter["date"] == "2025-03-12"
    assert letter["title"] == "Kabinetsreactie op het advies Arbeidsmigratie in goede banen"
    assert letter["signatories"] == ["Y.J. van Hijum"]
    recs = letter["recommendations"]
    assert [(r["title"], r["stance"]) for r in recs] == [
        ("Stel een registratieplicht in voor uitzendbureaus.", "agrees"),
        ("Verhoog het minimumloon voor arbeidsmigranten.", "rejects"),
    ]
    assert recs[1]["appreciatie"] == "Het kabinet ziet geen aanleiding om dit te doen."
    # a one-page letter gets its topics with fewer mentions than a long one
    assert letter["topics"] == ["arbeidsmigratie", "uitzendbureaus-en-misstanden"]
    assert letter["commitments"] == [
        {
            "text": "Ik zal uw Kamer voor 1 juli 2025 informeren over de uitwerking.",
            "due_text": "voor 1 juli 2025",
            "due_date": "2025-06-30",
        }
    ]


def test_aanhangsel_kamervragen_as_pdf_text(tmp_path: Path) -> None:
    """Official print: publication header, questions then the answer line, a combined
    question and answer, a footnote at the page bottom and a running footer per page."""
    src = UNSEEN / "aanhangsel-kamervragen-pdf-text.txt"
    (letter,) = ingest_and_export([src], tmp_path / "content").values()
    assert letter["kind"] == "antwoord-kamervragen"
    assert letter["date"] == "2025-10-27"
    assert letter["signatories"] == ["Van Hijum"]
    assert letter["title"] == (
        "Vragen van het lid Van Dijk (CDA) aan de minister van Sociale Zaken en "
        "Werkgelegenheid over de huisvesting van arbeidsmigranten op vakantieparken"
    )
    got = [(q["number"], q["question"][:40], q["answer"][:30]) for q in letter["questions"]]
    assert got == [
        (1, "Bent u bekend met het bericht dat in Gel", "Ja."),
        (2, "Hoeveel arbeidsmigranten staan als niet-", "Het CBS publiceert deze cijfer"),
        (3, "Deelt u de mening dat werkgevers verantw", "Ja. Met de Wet goed verhuurder"),
        (4, "Deelt u de mening dat werkgevers verantw", "Ja. Met de Wet goed verhuurder"),
    ]
    assert letter["questions"][0]["question"].endswith("daarvan op de hoogte zijn?")
    assert letter["topics"] == ["arbeidsmigratie", "woningmarkt", "volkshuisvesting-wetgeving"]
    assert [(c["due_text"], c["due_date"]) for c in letter["commitments"]] == [
        ("in het eerste kwartaal van 2026", "2026-03-31")
    ]
