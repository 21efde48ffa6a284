"""Rule tests on small letters written inline: questions, stance, letterhead."""

from __future__ import annotations

import re
import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.extract import stance as stance_module
from generator.extract.header import extract_header
from generator.extract.questions import extract_questions, parse_numbers
from generator.extract.stance import classify_stance
from generator.extract.text import folded
from generator.model import Stance
from generator.sources.text import read_text


def blocks(text: str) -> tuple:  # type: ignore[type-arg]
    return read_text("inline.txt", textwrap.dedent(text).encode()).blocks


def test_parse_numbers_in_the_forms_letters_use() -> None:
    assert parse_numbers("3, 4 en 5") == [3, 4, 5]
    assert parse_numbers("7, 8, 9 10 en 11") == [7, 8, 9, 10, 11]
    assert parse_numbers("3 t/m 5") == [3, 4, 5]
    assert parse_numbers("12 tot en met 14") == [12, 13, 14]


def test_aanhangsel_questions_with_numbered_and_combined_answers() -> None:
    letter = blocks(
        """\
        Vragen van het lid Bikker (ChristenUnie) aan de minister van Sociale Zaken en Werkgelegenheid over huisvesting (ingezonden 3 september 2025).

        Vraag 1
        Bent u bekend met het bericht over arbeidsmigranten?

        Antwoord 1
        Ja.

        Vraag 2
        Hoeveel arbeidsmigranten wonen in een recreatiepark?

        Vraag 3
        Deelt u de mening dat dit onwenselijk is?

        Antwoord 2 en 3
        Daarover zijn geen landelijke cijfers bekend.

        Vraag 4: Wanneer ontvangt de Kamer de brief?
        Antwoord 4: Voor de zomer.
        """
    )
    result = extract_questions(letter, set())
    got = [(q.number, q.question, q.answer, q.group) for q in result.questions]
    assert got == [
        (1, "Bent u bekend met het bericht over arbeidsmigranten?", "Ja.", ()),
        (
            2,
            "Hoeveel arbeidsmigranten wonen in een recreatiepark?",
            "Daarover zijn geen landelijke cijfers bekend.",
            (2, 3),
        ),
        (
            3,
            "Deelt u de mening dat dit onwenselijk is?",
            "Daarover zijn geen landelijke cijfers bekend.",
            (2, 3),
        ),
        (4, "Wanneer ontvangt de Kamer de brief?", "Voor de zomer.", ()),
    ]
    assert result.problems == []
    head = extract_header(letter)
    assert (
        head.questions_by
        == "Bikker (ChristenUnie) aan de minister van Sociale Zaken en Werkgelegenheid over huisvesting"
    )


def test_a_question_without_answer_is_reported_not_dropped() -> None:
    result = extract_questions(
        blocks(
            """\
            Vraag 1
            Klopt het bericht?

            Antwoord
            Nee.

            Vraag 2
            Waarom niet?
            """
        ),
        set(),
    )
    assert [(q.number, q.answer) for q in result.questions] == [(1, "Nee."), (2, "")]
    assert [msg for _, msg in result.problems] == ["vraag 2 heeft geen antwoord"]


def test_stance_cues() -> None:
    assert (
        classify_stance("Het kabinet neemt deze aanbeveling over. Het werkt dit uit.")[0]
        is Stance.AGREES
    )
    assert classify_stance("Het kabinet neemt de aanbeveling deels over.")[0] is Stance.PARTLY
    assert (
        classify_stance("Het kabinet ziet op dit moment geen aanleiding om dit te doen.")[0]
        is Stance.REJECTS
    )
    assert (
        classify_stance("Het kabinet onderzoekt de mogelijkheden en komt hierop terug.")[0]
        is Stance.STUDYING
    )
    assert classify_stance("Het kabinet neemt kennis van dit advies.")[0] is Stance.NOTED
    assert (
        classify_stance(
            "Het kabinet is het eens met de analyse. Het kabinet verkent wat nodig is."
        )[0]
        is Stance.PARTLY
    )
    assert classify_stance("Dit is een mooie dag.") == (None, None)


def test_stance_phrase_is_the_sentence_that_shows_it() -> None:
    stance, phrase = classify_stance(
        "De invoering zou veel vragen. Het kabinet maakt hierin andere keuzes. Het wil eerst iets anders."
    )
    assert stance is Stance.REJECTS
    assert phrase == "Het kabinet maakt hierin andere keuzes."


def test_ministry_letterhead_with_side_column() -> None:
    head = extract_header(
        blocks(
            """\
            Ministerie van Binnenlandse Zaken en Koninkrijksrelaties

            De voorzitter van de Tweede Kamer der Staten-Generaal
            Postbus 20018
            2500 EA Den Haag

            Datum 3 februari 2026
            Betreft Voortgang woningbouw

            Onze referentie 2026-0000123456

            Hierbij informeer ik uw Kamer over de voortgang van de woningbouw in het afgelopen jaar en de plannen voor dit jaar.

            De Minister van Binnenlandse Zaken en Koninkrijksrelaties,
            J. de Vries
            """
        )
    )
    assert head.date == "2026-02-03"
    assert head.title == "Voortgang woningbouw"
    assert head.kenmerk == "2026-0000123456"
    assert head.ministry == "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
    assert head.addressee == "De voorzitter van de Tweede Kamer der Staten-Generaal"
    assert [(s.name, s.function) for s in head.signatories] == [
        ("J. de Vries", "De Minister van Binnenlandse Zaken en Koninkrijksrelaties")
    ]


def test_aanhangsel_answer_line_after_the_questions() -> None:
    letter = blocks(
        """\
        Tweede Kamer der Staten-Generaal 2
        Vergaderjaar 2025–2026

        Aanhangsel van de Handelingen

        2025Z17001

        Vragen van het lid Jansen (PVV) aan de minister van Volkshuisvesting en Ruimtelijke Ordening over voorrang voor statushouders (ingezonden 2 oktober 2025).

        Vraag 1
        Kent u het bericht dat gemeenten statushouders voorrang geven bij sociale huurwoningen?

        Vraag 2
        Hoeveel woningen zijn in 2024 aan statushouders toegewezen?

        Antwoord van minister Keijzer (Volkshuisvesting en Ruimtelijke Ordening) (ontvangen 21 oktober 2025).

        Antwoord 1
        Ja.

        Antwoord 2
        Dat waren er ruim twintigduizend.
        """
    )
    head = extract_header(letter)
    assert head.date_received == "2025-10-21"
    assert [s.name for s in head.signatories] == ["Keijzer"]
    assert [u.reason for u in head.furniture] == ["Kamerstuk letterhead"] * 4
    result = extract_questions(letter, head.consumed)
    assert [(q.number, q.answer) for q in result.questions] == [
        (1, "Ja."),
        (2, "Dat waren er ruim twintigduizend."),
    ]
    assert (
        result.questions[1].question
        == "Hoeveel woningen zijn in 2024 aan statushouders toegewezen?"
    )


def test_signatures_with_and_without_initials_and_two_signers() -> None:
    head = extract_header(
        blocks(
            """\
            Hierbij informeer ik uw Kamer over de stand van zaken van de uitvoering van de motie en de vervolgstappen.

            De Minister van Defensie,
            Brekelmans

            De Staatssecretaris van Justitie en Veiligheid,
            Th.J. van der Burg
            """
        )
    )
    assert [(s.name, s.function) for s in head.signatories] == [
        ("Brekelmans", "De Minister van Defensie"),
        ("Th.J. van der Burg", "De Staatssecretaris van Justitie en Veiligheid"),
    ]
    assert head.ministry == "Ministerie van Defensie"


def test_more_stance_phrasings() -> None:
    cases = {
        "Het kabinet is het niet eens met deze aanbeveling.": Stance.REJECTS,
        "Het kabinet acht een dergelijke toets niet wenselijk.": Stance.REJECTS,
        "Het kabinet volgt deze aanbeveling op.": Stance.AGREES,
        "Het kabinet neemt de aanbeveling ter harte.": Stance.AGREES,
        "Het kabinet kan zich goed vinden in dit advies.": Stance.AGREES,
        "Het kabinet zal dit nader bestuderen.": Stance.STUDYING,
        "Het kabinet neemt de aanbeveling mee in de herziening van de wet.": Stance.STUDYING,
    }
    assert {text: classify_stance(text)[0] for text in cases} == cases


_CUE_WORDS = st.sampled_from(
    [
        "het kabinet", "neemt", "de aanbeveling", "het advies", "over", "niet", "eens", "is",
        "deels", "onderzoekt", "wij", "kennis", "van", "geen", "noodzaak", "ziet", "dit",
        "mee", "in", "af", "wijst", "Het", "NEEMT", "ſ", "zich", "vinden", "kan",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), st.lists(_CUE_WORDS, max_size=14).map(" ".join)))
def test_stance_cues_joined_match_as_one_by_one(sentence: str) -> None:
    for stance, cues in stance_module.CUES.items():
        one_by_one = any(re.search(cue, sentence, re.IGNORECASE) for cue in cues)
        cue = stance_module._ANY_CUE[stance]
        assert bool(cue.pattern.search(sentence)) == one_by_one
        assert cue.in_text(sentence, folded(sentence)) == one_by_one
