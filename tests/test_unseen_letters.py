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
    assert letter["commitments"] == [
        {
            "text": "Ik zal uw Kamer voor 1 juli 2025 informeren over de uitwerking.",
            "due_text": "voor 1 juli 2025",
            "due_date": "2025-06-30",
        }
    ]
