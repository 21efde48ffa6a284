"""Realistic letter data for the review tests, built from the seed letters' facts.

Seed 002 (kabinetsreactie op het advies 'Afgewogen arbeidsmigratie' van de Adviesraad
Migratie, 802 lines, no date): four recommendations, stances partly, rejects, agrees,
rejects. Seed 003 (Naar een selectiever en gericht arbeidsmigratiebeleid, 14 november
2024, 279 lines): commitments with deadlines. Seed 000 (antwoord Kamervragen): questions.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from generator.codec import letter_to_data
from generator.model import (
    Commitment,
    Kamerstuk,
    Letter,
    LetterKind,
    Question,
    Recommendation,
    Reference,
    SourceInfo,
    Span,
    Stance,
)
from generator.store import dump_yaml

AR = "Adviesraad Migratie"
REPORT = "Afgewogen arbeidsmigratie"


def _source(name: str, lines: int) -> SourceInfo:
    return SourceInfo(name, "0" * 64, "text", "pdf-text", f"sources/{name}", lines)


def _rec(n: int, title: str, stance: Stance, phrase: str, start: int) -> Recommendation:
    return Recommendation(
        id=f"r{n}",
        title=title,
        recommendation=f"De Adviesraad beveelt aan: {title.lower()}.",
        appreciatie=f"Appreciatie bij {title.lower()}: {phrase}.",
        stance=stance,
        stance_phrase=phrase,
        by=AR,
        report=REPORT,
        span=Span(start, start + 15),
        appreciatie_span=Span(start + 16, start + 30),
    )


def letter_002() -> dict[str, Any]:
    """Machine output for seed 002 (no date in the letter)."""
    letter = Letter(
        id="002",
        source=_source("002_bf36935709450a16.txt", 802),
        kind=LetterKind.CABINET_RESPONSE,
        title="Kabinetsreactie op het advies Afgewogen arbeidsmigratie",
        date=None,
        ministry="Sociale Zaken en Werkgelegenheid",
        signatories=(),
        recommendations=(
            _rec(
                1,
                "Het vaststellen van bandbreedtes en tijdelijke of permanente arbeidsmigratie",
                Stance.PARTLY,
                "Het kabinet is het met de Adviesraad eens",
                315,
            ),
            _rec(2, "Brede welvaartstoets", Stance.REJECTS, "maakt hierin andere keuzes", 398),
            _rec(
                3,
                "Aandacht voor arbeidsmigratie bij andere beleidsterreinen",
                Stance.AGREES,
                "Het kabinet beaamt",
                490,
            ),
            _rec(4, "Instellen van een adviescommissie", Stance.REJECTS, "geen noodzaak", 720),
        ),
        commitments=(
            Commitment(
                "c1",
                "De evaluatie en kabinetsreactie worden in het voorjaar van 2025 naar de "
                "Kamer gestuurd.",
                "in het voorjaar van 2025",
                "2025-06-20",
                Span(392, 394),
            ),
            Commitment(
                "c2",
                "Het kabinet zal de Tweede Kamer begin 2025 nader informeren over de Wtta.",
                "begin 2025",
                "2025-03-31",
                Span(617, 619),
            ),
        ),
        references=(
            Reference(
                "kst-29861-129", "motie", "motie Bikker (Bikker 29861, nr. 129.)", Span(351, 352)
            ),
            Reference(
                "url-kamerbrief-2024-11-14",
                "url",
                "Kamerbrief over een selectiever en gerichter arbeidsmigratiebeleid",
                Span(253, 258),
                url="https://www.rijksoverheid.nl/documenten/kamerstukken/2024/11/14/"
                "kamerbrief-naar-een-selectiever-en-gerichter-arbeidsmigratiebeleid",
                footnote=1,
            ),
            Reference(
                "url-motie-bontenbal",
                "url",
                "Kamerbrief met reactie op motie Bontenbal over migratie",
                Span(453, 458),
                url="https://www.rijksoverheid.nl/onderwerpen/asielbeleid/documenten/"
                "kamerstukken/2024/12/03/tk-motie-van-het-lid-bontenbal",
                footnote=2,
            ),
        ),
        topics=("arbeidsmigratie",),
    )
    return letter_to_data(letter)


def letter_003() -> dict[str, Any]:
    """Machine output for seed 003 (14 november 2024, with commitments)."""
    letter = Letter(
        id="003",
        source=_source("003_b89cb9a7f561639d.txt", 279),
        kind=LetterKind.LETTER,
        title="Naar een selectiever en gericht arbeidsmigratiebeleid",
        date="2024-11-14",
        ministry="Sociale Zaken en Werkgelegenheid",
        kenmerk="2024-0000907044",
        kamerstuk=Kamerstuk("29861", None),
        commitments=(
            Commitment(
                "c1",
                "Ik streef ernaar uw Kamer conform de motie-Bikker medio 2025 daarover te "
                "informeren.",
                "medio 2025",
                "2025-07-01",
                Span(84, 84),
            ),
            Commitment(
                "c2",
                "Deze verkenning wordt naar verwachting in het eerste kwartaal van 2025 "
                "opgeleverd.",
                "in het eerste kwartaal van 2025",
                "2025-03-31",
                Span(156, 156),
            ),
            Commitment(
                "c3",
                "Ook hierover zal het kabinet uw Kamer voor de zomer informeren.",
                "voor de zomer",
                "2025-07-01",
                Span(113, 113),
            ),
        ),
        references=(
            Reference(
                "kst-29861-129",
                "kamerstuk",
                "Kamerstukken II, 2023/24, 29 861, nr. 129.",
                Span(105, 105),
                footnote=5,
            ),
        ),
        topics=("arbeidsmigratie", "kennismigratie"),
    )
    return letter_to_data(letter)


def letter_000() -> dict[str, Any]:
    """Machine output for seed 000 where the parser ran questions 4 and 5 together."""
    letter = Letter(
        id="000",
        source=_source("000_30182eb56d1958ce.txt", 130),
        kind=LetterKind.ANSWERS,
        title="Antwoord op vragen over woningkopen door expats",
        date="2025-10-30",
        questions=(
            Question(
                1, "Heeft u kennisgenomen van beide artikelen?", "Ja.", Span(3, 4), Span(7, 8)
            ),
            Question(
                2,
                "Herkent u de cijfers van makelaarsvereniging NVM?",
                "Uit de registraties van de NVM blijkt dat het aandeel verdubbeld is.",
                Span(10, 11),
                Span(13, 15),
            ),
            Question(
                3,
                "Herkent u het gemiddelde bedrag van €591.000? Bent u het eens dat "
                "vermogende expats de betaalbaarheid onder druk zetten?",
                "Het bedrag is niet representatief.",
                Span(17, 25),
                Span(20, 21),
            ),
        ),
        topics=("woningmarkt",),
    )
    return letter_to_data(letter)


def edited(data: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(data)


def rec(data: dict[str, Any], rid: str) -> dict[str, Any]:
    return next(r for r in data["recommendations"] if r["id"] == rid)


def commitment(data: dict[str, Any], cid: str) -> dict[str, Any]:
    return next(c for c in data["commitments"] if c["id"] == cid)


TOPICS_YML = """\
- id: arbeidsmigratie
  label: Arbeidsmigratie
  description: Arbeidsmigranten van binnen en buiten de EU.
  rules: [arbeidsmigra]
- id: kennismigratie
  label: Kennismigratie
  description: Kennismigranten en de kennismigrantenregeling.
  rules: [kennismigra]
- id: woningmarkt
  label: Woningmarkt
  description: Koop- en huurwoningen.
  rules: [woning]
"""


def write_content(root: Path, letters: list[dict[str, Any]], topics: str = TOPICS_YML) -> Path:
    """A content folder with the letters, topics.yml and machine snapshots."""
    content = root / "content"
    (content / "letters").mkdir(parents=True)
    (content / "topics.yml").write_text(topics, encoding="utf-8")
    for data in letters:
        (content / "letters" / f"{data['id']}.yml").write_text(dump_yaml(data), "utf-8")
    return content
