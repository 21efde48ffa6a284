"""Hand-made letters shaped like the five seed letters, written to a temp content folder.

Used until (and beside) the real content: they exercise every page type, reference
resolution (000 -> 001 by number only), shared citations (motie-Bikker) and hostile text.
"""

from __future__ import annotations

from pathlib import Path

from generator.atomic import write_atomic
from generator.model import (
    Commitment,
    Footnote,
    Kamerstuk,
    Letter,
    LetterKind,
    Paragraph,
    Question,
    Recommendation,
    Reference,
    ReviewFlag,
    Section,
    Signatory,
    SourceInfo,
    Span,
    Stance,
    Unplaced,
)
from generator.store import dump_letter, dump_yaml

HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) "
    '{{ 7*7 }} --8<-- "/etc/passwd"'
)

TOPICS = [
    {
        "id": "arbeidsmigratie",
        "label": "Arbeidsmigratie",
        "description": "Werk en migratie.",
        "rules": [],
    },
    {
        "id": "kennismigratie",
        "label": "Kennismigratie",
        "description": "Kennismigranten.",
        "rules": [],
    },
    {"id": "huisvesting", "label": "Huisvesting", "description": "Wonen.", "rules": []},
    {"id": "brede-welvaart", "label": "Brede welvaart", "description": "", "rules": []},
    {"id": "expatregeling", "label": "Expatregeling", "description": "30%-regeling.", "rules": []},
]

ENTITIES = [
    {"id": "motie-bikker", "kind": "motion", "label": "motie-Bikker", "aliases": ["kst-29861-129"]},
    {"id": "dossier-29861", "kind": "dossier", "label": "29 861 Arbeidsmigratie", "aliases": []},
    {
        "id": "adviesraad-migratie",
        "kind": "organisation",
        "label": "Adviesraad Migratie",
        "aliases": [],
    },
]


def _source(n: str, lines: int) -> SourceInfo:
    name = f"{n}_seed.txt"
    return SourceInfo(name, "0" * 64, "text", "plain", f"sources/{name}", lines)


def _ref(ref_id: str, text: str, line: int) -> Reference:
    return Reference(ref_id, "kamerstuk", text, Span(line, line))


def letter_000() -> Letter:
    questions = tuple(
        Question(
            number=n,
            question=f"Vraag {n} over expats en de woningmarkt?" + (" [^1]" if n == 1 else ""),
            answer=f"Antwoord op vraag {n}."
            + (" Het kabinet stuurt voor het einde van dit jaar een brief." if n == 14 else ""),
            question_span=Span(n * 6, n * 6),
            answer_span=Span(n * 6 + 2, n * 6 + 3),
        )
        for n in range(1, 17)
    )
    return Letter(
        id="000",
        source=_source("000", 130),
        kind=LetterKind.ANSWERS,
        title="Antwoorden op Kamervragen over expats op de woningmarkt",
        date=None,
        date_received="2025-10-30",
        ministry="Volkshuisvesting en Ruimtelijke Ordening",
        signatories=(Signatory("Keijzer", "minister van VRO", ("de minister van SZW",)),),
        footnotes=(
            Footnote(1, "NOS, 18 september 2025", Span(3, 3)),
            Footnote(9, "Kamerstukken II 2024/2025, 30 573, nr. 222", Span(90, 90)),
        ),
        questions=questions,
        commitments=(
            Commitment(
                "c1",
                "Het kabinet stuurt voor het einde van dit jaar een brief over leven lang ontwikkelen.",
                "voor het einde van dit jaar",
                "2025-12-31",
                Span(87, 87),
            ),
        ),
        references=(
            _ref("kst-30573-222", "Kamerstukken II 2024/2025, 30 573, nr. 222", 90),
            _ref("kst-29861-163", "Kamerstukken II 2024-2025, 29 861, nr. 163", 70),
        ),
        topics=("kennismigratie", "huisvesting", "expatregeling"),
        review=(ReviewFlag("date-missing", "de brief noemt alleen de datum van ontvangst"),),
    )


def letter_001() -> Letter:
    para = "Uw Kamer zal voor de zomer 2025 nader worden geïnformeerd over kennismigratie."
    return Letter(
        id="001",
        source=_source("001", 168),
        kind=LetterKind.POLICY_RESPONSE,
        title="Beleidsreactie onderzoek vestigingskeuze kennismigranten",
        date="2024-12-20",
        ministry="Asiel en Migratie",
        kamerstuk=Kamerstuk(None, "222", span=Span(1, 1)),
        signatories=(Signatory("M.H.M. Faber-van de Klashorst", "Minister van Asiel en Migratie"),),
        sections=(
            Section(
                "s1",
                "§1. Resultaten onderzoek",
                1,
                Span(24, 30),
                (
                    Paragraph(
                        "p1", "Om de Nederlandse kenniseconomie te versterken.[^1]", Span(26, 30)
                    ),
                ),
            ),
            Section(
                "s3", "§3. Opvolging", 1, Span(130, 160), (Paragraph("p2", para, Span(162, 164)),)
            ),
        ),
        footnotes=(Footnote(1, "Kamerstukken II 2023/24, 36 418, nr. 150.", Span(150, 150)),),
        commitments=(Commitment("c1", para, "voor de zomer 2025", "2025-07-01", Span(162, 164)),),
        references=(_ref("kst-36418-150", "Kamerstukken II 2023/24, 36 418, nr. 150.", 150),),
        topics=("kennismigratie", "expatregeling", "arbeidsmigratie"),
    )


def _rec(n: int, title: str, stance: Stance, phrase: str, start: int) -> Recommendation:
    return Recommendation(
        id=f"r{n}",
        title=title,
        recommendation=f"De Adviesraad beveelt aan: {title}.",
        appreciatie=f"Appreciatie {n}: {phrase}.",
        stance=stance,
        stance_phrase=phrase,
        by="Adviesraad Migratie",
        report="Afgewogen arbeidsmigratie",
        span=Span(start, start + 5),
        appreciatie_span=Span(start + 6, start + 12),
    )


def letter_002() -> Letter:
    return Letter(
        id="002",
        source=_source("002", 802),
        kind=LetterKind.CABINET_RESPONSE,
        title="Kabinetsreactie op het advies Afgewogen arbeidsmigratie",
        date="2025-01-17",
        ministry="Sociale Zaken en Werkgelegenheid",
        recommendations=(
            _rec(
                1,
                "Bandbreedtes en tijdelijke of permanente arbeidsmigratie",
                Stance.STUDYING,
                "onderzoekt zorgvuldig",
                300,
            ),
            _rec(2, "Brede welvaartstoets", Stance.REJECTS, "maakt hierin andere keuzes", 400),
            _rec(3, "Indirect arbeidsmigratiebeleid", Stance.AGREES, "beaamt", 500),
            _rec(4, "Adviescommissie brede welvaart", Stance.REJECTS, "ziet geen noodzaak", 600),
        ),
        commitments=tuple(
            Commitment(
                f"c{i}",
                f"Toezegging {i} uit de kabinetsreactie.",
                f"kwartaal {i}",
                f"202{5 + i // 4}-{(i % 4) * 3 + 3:02d}-{30 if i % 4 in (1, 2) else 31}",
                Span(700 + i, 700 + i),
            )
            for i in range(1, 9)
        ),
        references=(_ref("kst-29861-129", "motie Bikker (Bikker 29861, nr. 129.)", 320),),
        topics=("arbeidsmigratie", "brede-welvaart"),
        unplaced=(Unplaced("Losse tekst zonder plek", Span(790, 790), "no rule"),),
    )


def letter_003() -> Letter:
    return Letter(
        id="003",
        source=_source("003", 279),
        kind=LetterKind.LETTER,
        title="Naar een selectiever en gericht arbeidsmigratiebeleid",
        date="2024-11-14",
        ministry="Sociale Zaken en Werkgelegenheid",
        kenmerk="2024-0000907044",
        sections=(
            Section(
                "s1",
                "Inleiding",
                1,
                Span(20, 40),
                (Paragraph("p1", HOSTILE + " [^5]", Span(22, 24)),),
            ),
        ),
        footnotes=(Footnote(5, "Kamerstukken II, 2023/24, 29 861, nr. 129.", Span(100, 100)),),
        commitments=tuple(
            Commitment(
                f"c{i}",
                f"Het kabinet informeert de Kamer ({i}).",
                "medio 2025",
                f"2025-{i:02d}-28",
                Span(40 + i, 40 + i),
            )
            for i in range(1, 7)
        ),
        references=(
            _ref("kst-29861-129", "Kamerstukken II, 2023/24, 29 861, nr. 129.", 100),
            Reference("url-x", "url", "Bad link", Span(101, 101), url="javascript:alert(1)"),
        ),
        topics=("arbeidsmigratie", "huisvesting", "brede-welvaart"),
    )


def letter_004() -> Letter:
    return Letter(
        id="004",
        source=_source("004", 73),
        kind=LetterKind.LETTER,
        title="Voorrang statushouders bij sociale huur",
        date="2026-03-20",
        ministry="Volkshuisvesting en Ruimtelijke Ordening",
        kamerstuk=Kamerstuk("32847", "1407", ("19637",)),
        commitments=(
            Commitment(
                "c1",
                "Mijn doel is om voor de zomer een concept convenant klaar te hebben.",
                "voor de zomer",
                "2026-07-01",
                Span(50, 51),
            ),
        ),
        topics=("huisvesting", "kennismigratie"),
    )


def seed_letters() -> list[Letter]:
    return [letter_000(), letter_001(), letter_002(), letter_003(), letter_004()]


def write_content(folder: Path, letters: list[Letter] | None = None, curated: bool = True) -> Path:
    for letter in letters or seed_letters():
        write_atomic(folder / "letters" / f"{letter.id}.yml", dump_letter(letter))
        lines = "\n".join(f"regel {n}" for n in range(1, letter.source.lines + 1))
        write_atomic(folder / letter.source.copy, lines + "\n")
    if curated:
        write_atomic(folder / "topics.yml", dump_yaml(TOPICS))
        write_atomic(folder / "entities.yml", dump_yaml(ENTITIES))
    return folder
