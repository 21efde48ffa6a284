from __future__ import annotations

import pytest

from generator.extract import TextUnit
from generator.extract.commitments import commitment_in, extract_commitments
from generator.model import Span

from .conftest import note, para


def test_seed_000_llo_letter_in_answer_14() -> None:
    units = [
        TextUnit("q14", "Waarom wordt er niet veel meer geïnvesteerd in LLO?", Span(90, 90)),
        para("""Het kabinet investeert substantieel in het begeleiden van werkzoekenden naar
                werk. De uitwerking van de benodigde structurele LLO-basisinfrastructuur is
                een belangrijke opgave voor een nieuw kabinet. Het kabinet stuurt uw Kamer
                voor het einde van dit jaar een brief over leven lang ontwikkelen, met daarin
                de stand van zaken, de resultaten tot nu toe, en de stappen die nog worden
                gezet.""", "a14", 93),
    ]  # fmt: skip
    (commitment,) = extract_commitments(units, "2025-10-30")
    assert commitment.id == "c1"
    assert commitment.text.startswith("Het kabinet stuurt uw Kamer voor het einde van dit jaar")
    assert (commitment.due_text, commitment.due_date) == (
        "voor het einde van dit jaar",
        "2025-12-31",
    )
    assert commitment.span == Span(93, 93)


def test_seed_001_passive_kamer_informed() -> None:
    units = [
        para("""Uw Kamer zal voor de zomer 2025 nader worden geïnformeerd over (de voortgang
                van) de uitwerking van het regeerprogramma tot concrete (beleids)maatregelen
                op het gebied van kennismigratie.""")
    ]  # fmt: skip
    (commitment,) = extract_commitments(units, "2024-12-20")
    assert (commitment.due_text, commitment.due_date) == ("voor de zomer 2025", "2025-07-01")


SEED_003 = [
    ("Het eindrapport wordt conform de taakopdracht in juni 2025 verwacht.[^3]",
     "in juni 2025", "2025-06-30"),
    ("Deze verkenning wordt naar verwachting in het eerste kwartaal van 2025 opgeleverd.",
     "naar verwachting in het eerste kwartaal van 2025", "2025-03-31"),
    ("Het streven is om hierover in het vierde kwartaal van 2024 een internetconsultatie te "
     "starten.", "in het vierde kwartaal van 2024", "2024-12-31"),
    ("Het kabinet zal aan de SER vragen om het rapport in de zomer van 2025 op te leveren.",
     "in de zomer van 2025", "2025-09-22"),
    ("Ik streef ernaar uw Kamer conform de motie-Bikker[^5] medio 2025 daarover te informeren.",
     "medio 2025", "2025-07-01"),
    ("Ook hierover zal het kabinet uw Kamer voor de zomer informeren.",
     "voor de zomer", "2025-07-01"),
    ("In het voorjaar 2025 stuurt het kabinet een brief met enkele varianten en keuzeopties.",
     "In het voorjaar 2025", "2025-06-20"),
    ("In dit kader stuur ik uw Kamer voor het eind van het jaar de verkenning over de "
     "inhoudingen op het Wettelijk minimumloon toe.", "voor het eind van het jaar", "2024-12-31"),
    ("De minister van SZW verwacht uw Kamer daar voor de zomer 2025 over te kunnen informeren.",
     "voor de zomer 2025", "2025-07-01"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "due_text", "due_date"), SEED_003)
def test_seed_003_dated_commitments(sentence: str, due_text: str, due_date: str) -> None:
    (commitment,) = extract_commitments([para(sentence)], "2024-11-14")
    assert (commitment.due_text, commitment.due_date) == (due_text, due_date)
    assert "[^" not in commitment.text


def test_seed_003_in_one_paragraph_keeps_order_and_ids() -> None:
    text = " ".join(sentence for sentence, _, _ in SEED_003)
    commitments = extract_commitments([para(text)], "2024-11-14")
    assert [c.id for c in commitments] == [f"c{i}" for i in range(1, len(SEED_003) + 1)]
    assert [c.due_date for c in commitments] == [due for _, _, due in SEED_003]


def test_seed_004_goal_and_internetconsultatie() -> None:
    units = [
        para("""Mijn doel is om voor de zomer een concept convenant klaar te hebben. In
                de Ministeriële Taskforce Asiel en Migratie (TAenM) is dit een belangrijke
                actielijn. Ik start de voorbereidingen van het vervangende wetsvoorstel en zal
                deze dit jaar nog in internetconsultatie doen.""")
    ]  # fmt: skip
    first, second = extract_commitments(units, "2026-03-20")
    assert first.text == "Mijn doel is om voor de zomer een concept convenant klaar te hebben."
    assert (first.due_text, first.due_date) == ("voor de zomer", "2026-07-01")
    assert (second.due_text, second.due_date) == ("dit jaar nog", "2026-12-31")


def test_seed_002_without_letter_date_gives_absolute_dates() -> None:
    units = [
        para("""De aangenomen motie Bikker (Bikker 29861, nr. 129.) verzoekt de regering
                daartoe een bandbreedte te definiëren, en de Kamer hierover medio 2025 te
                informeren."""),
        para("""De wijziging van de Wav wordt op dit moment geëvalueerd, en de evaluatie en
                kabinetsreactie worden in het voorjaar van 2025 naar de Kamer gestuurd.""", "p2"),
        para("""Het kabinet werkt aan een snelle en zorgvuldige invoering van de Wtta en zal
                de Tweede Kamer daar begin 2025 nader over informeren.""", "p3"),
    ]  # fmt: skip
    dates = [(c.due_text, c.due_date) for c in extract_commitments(units, None)]
    assert dates == [
        ("medio 2025", "2025-07-01"),
        ("in het voorjaar van 2025", "2025-06-20"),
        ("begin 2025", "2025-03-31"),
    ]


def test_relative_deadline_without_letter_date_keeps_text() -> None:
    (commitment,) = extract_commitments(
        [para("Het kabinet zal dit jaar nog een brief sturen.")], None
    )
    assert (commitment.due_text, commitment.due_date) == ("dit jaar nog", None)


def test_undated_firm_commitment() -> None:
    (commitment,) = extract_commitments(
        [para("In het kader van de aanpak van krapte zal ik uw Kamer verder informeren.")],
        "2024-11-14",
    )
    assert (commitment.due_text, commitment.due_date) == (None, None)


@pytest.mark.parametrize(
    "sentence",
    [
        "Het kabinet heeft in juli 2025 de verkenning naar de Kamer gestuurd.[^6]",
        "De Staat van Migratie 2025 is in juli jl. aan uw Kamer aangeboden.",
        "Op 1 juli j.l. heeft de Kamer een update over het actieplan ontvangen.",
        "Het wetsvoorstel is in het voorjaar van 2024 aangeboden aan de Tweede Kamer.",
        "ben ik niet voornemens een gemeentelijke instemmingsvoorwaarde te vereisen.",
        "Verwacht wordt dat gemeenten de opgave in regionaal verband afstemmen.",
        "Het kabinet wil belemmeringen wegnemen voor mensen die meer willen werken.",
        "In die economie gaan we selectiever om met de inzet van arbeidsmigranten.",
        "In een bijlage bij deze brief ga ik in op een aantal toezeggingen.",
        "Uit de registraties blijkt dat het aandeel in het eerste kwartaal van 2025 is verdubbeld.",
        "Zal het kabinet voor de zomer 2025 een brief sturen?",
    ],
)
def test_not_commitments(sentence: str) -> None:
    assert commitment_in(sentence, "2025-10-30") is None


def test_questions_and_footnotes_are_skipped() -> None:
    units = [
        TextUnit("q1", "Kunt u deze vragen voor het reces beantwoorden? Het kabinet zal dat doen.",
                 Span(1, 1)),
        note(3, "Het kabinet zal voor de zomer 2025 rapporteren."),
    ]  # fmt: skip
    assert extract_commitments(units, "2024-11-14") == []


@pytest.mark.parametrize("close", ["?”", "?)", "?'", '?"', "?’"])
def test_a_question_closed_by_a_quote_or_bracket_is_no_commitment(close: str) -> None:
    """A quoted or bracketed question is asked, not promised, even with a firm cue and a
    deadline in it; the same words as a statement are a commitment."""
    asked = f"De Kamer vroeg: „Stuurt het kabinet voor de zomer van 2026 een brief{close}"
    told = "Het kabinet stuurt uw Kamer voor de zomer van 2026 een brief."
    assert commitment_in(asked, "2025-10-30") is None
    assert commitment_in(asked.replace("?", "? "), "2025-10-30") is None  # a loose quote mark
    assert commitment_in(told, "2025-10-30") == ("voor de zomer van 2026", "2026-07-01")
    units = [para(f"Het kabinet stuurt uw Kamer voor de zomer van 2026 een brief{close} Goed.")]
    assert extract_commitments(units, "2025-10-30") == []
