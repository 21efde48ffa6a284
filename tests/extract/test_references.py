from __future__ import annotations

import pytest

from generator.extract.references import (
    extract_references,
    find_references,
    kamerstuk_id,
    parse_kamerstuk,
    url_id,
)
from generator.model import Span

from .conftest import note, para

OB = "https://zoek.officielebekendmakingen.nl"


@pytest.mark.parametrize(
    ("text", "expected_id"),
    [
        ("Kamerstukken II 2023/24, 29 861, nr. 129", "kst-29861-129"),
        ("Kamerstukken II, 2024–2025, 29 861, nr. 161", "kst-29861-161"),
        ("Kamerstukken II 2024-2025, 30 573, nr. 228", "kst-30573-228"),
        ("Kamerstukken II 2024/2025, 29 544, nr. 1283", "kst-29544-1283"),
        ("Bijlage bij Kamerstukken II 2020/21, 29 861, nr. 53.", "kst-29861-53"),
        ("Kamerstukken II, 2024/25, 36446, nr. 15.", "kst-36446-15"),
        ("Tweede Kamer, vergaderjaar 2025–2026, 32 847, nr. 1407", "kst-32847-1407"),
    ],
)
def test_kamerstuk_notations(text: str, expected_id: str) -> None:
    (found,) = find_references(text)
    assert (found.id, found.kind) == (expected_id, "kamerstuk")
    assert found.url == f"{OB}/{expected_id}.html"


def test_dossier_without_number() -> None:
    (found,) = find_references("Kamerstukken II, vergaderjaar 2023-2024, 36 512")
    assert (found.id, found.kind, found.url) == ("kst-36512", "dossier", f"{OB}/dossier/36512")
    assert found.text == "Kamerstukken II, vergaderjaar 2023-2024, 36 512"


def test_two_kamerstukken_in_one_footnote() -> None:
    found = find_references("Kamerstuk 29544 nr. 1112 en Kamerstuk 29 544, nr. 1176.")
    assert [(f.id, f.text) for f in found] == [
        ("kst-29544-1112", "Kamerstuk 29544 nr. 1112"),
        ("kst-29544-1176", "Kamerstuk 29 544, nr. 1176"),
    ]


def test_several_numbers_and_a_dossier_suffix() -> None:
    found = find_references("Kamerstukken II 2024/25, 36 600-XV, nrs. 12 en 13.")
    assert [f.id for f in found] == ["kst-36600-xv-12", "kst-36600-xv-13"]
    assert found[0].url == f"{OB}/kst-36600-XV-12.html"


def test_parse_kamerstuk_for_the_header() -> None:
    assert parse_kamerstuk("Tweede Kamer, vergaderjaar 2025–2026, 32 847, nr. 1407 2") == [
        ("32847", "1407", "Tweede Kamer, vergaderjaar 2025–2026, 32 847, nr. 1407")
    ]
    assert parse_kamerstuk("(Bikker 29861, nr. 129.)") == [("29861", "129", "29861, nr. 129")]
    assert parse_kamerstuk("100.000 woningen en € 405.000") == []


def test_kamerstuk_id() -> None:
    assert kamerstuk_id("29 861", "129") == "kst-29861-129"
    assert kamerstuk_id("36512", None) == "kst-36512"


def test_ecli_canonical_id_and_url() -> None:
    text = "Hvj EU 14 oktober 2020, c-681/18, EclI:EU:C:2020:823 (JH/KG), en ECLI:NL:HR:2019:1234."
    eu, nl = find_references(text)
    assert (eu.id, eu.kind, eu.text) == ("ecli-eu-c-2020-823", "ecli", "EclI:EU:C:2020:823")
    assert eu.url == "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=ecli:ECLI:EU:C:2020:823"
    assert nl.id == "ecli-nl-hr-2019-1234"
    assert nl.url == "https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:HR:2019:1234"


def test_urls_in_angle_brackets_and_markdown_links() -> None:
    url = "https://www.rijksfinancien.nl/miljoenennota/2025/bijlage/3096323"
    (found,) = find_references(f"[^3] <{url}>.")
    assert (found.kind, found.text, found.url) == ("url", url, url)
    assert found.id == url_id(url)
    assert found.id.startswith("url-rijksfinancien-nl-")
    link = "https://single-market-economy.ec.europa.eu/news/report-2024-04-10\\_en"
    (linked,) = find_references(f"[{link}]({link}).")
    assert linked.text == "https://single-market-economy.ec.europa.eu/news/report-2024-04-10_en"


def test_url_id_is_stable_and_slug_safe() -> None:
    url = "https://www.tweedekamer.nl/kamerstukken/moties/detail?id=2024Z13318&did=2024D32547"
    assert url_id(url) == url_id(url)
    assert url_id(url).replace("-", "").isalnum()
    assert url_id(url) != url_id(url + "x")


def test_motion_takes_the_kamerstuk_of_its_footnote() -> None:
    units = [
        para("""Ik streef ernaar uw Kamer conform de motie-Bikker[^5] medio 2025
                daarover te informeren.""", "p7", 40),
        note(5, "Kamerstukken II, 2023/24, 29 861, nr. 129."),
    ]  # fmt: skip
    motion, paper = extract_references(units)
    assert (motion.id, motion.kind, motion.text) == ("kst-29861-129", "motie", "motie-Bikker")
    assert (motion.span, motion.footnote) == (Span(40, 40), None)
    assert (paper.id, paper.kind, paper.footnote) == ("kst-29861-129", "kamerstuk", 5)


def test_motion_with_marker_at_sentence_end() -> None:
    units = [
        para("""Mede naar aanleiding van de motie Paternotte c.s. die de regering verzoekt
                de oneigenlijke detachering van derdelanders te stoppen, werkt het kabinet
                uit welke stappen gezet kunnen worden.[^19] De minister verwacht ..."""),
        note(19, "Kamerstukken II, 2023/24, 29 861, nr. 126."),
    ]  # fmt: skip
    assert extract_references(units)[0].id == "kst-29861-126"
    assert extract_references(units)[0].text == "motie Paternotte c.s."


def test_motion_with_kamerstuk_in_parentheses() -> None:
    units = [para("De aangenomen motie Bikker (Bikker 29861, nr. 129.) verzoekt de regering")]
    motion, paper = extract_references(units)
    assert (motion.id, motion.text) == ("kst-29861-129", "motie Bikker")
    assert (paper.id, paper.kind) == ("kst-29861-129", "kamerstuk")


def test_motion_without_kamerstuk_gets_a_name_slug() -> None:
    units = [
        para("""Hiermee geef ik invulling aan de motie van de leden Inge van Dijk (CDA) en
                Van Oostenbruggen (NSC) om een arbeidsmigratietop te beleggen[^4]."""),
        note(4, "<https://www.tweedekamer.nl/kamerstukken/moties/detail?id=2024Z13318>."),
    ]  # fmt: skip
    motion = extract_references(units)[0]
    assert motion.id == "motie-inge-van-dijk-van-oostenbruggen"
    assert motion.text == "motie van de leden Inge van Dijk (CDA) en Van Oostenbruggen (NSC)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("haar rapport Gematigde Groei om", ("report-gematigde-groei", "Gematigde Groei")),
        ("publiceerde haar advies 'Geen Tweederangsburgers'.",
         ("report-geen-tweederangsburgers", "'Geen Tweederangsburgers'")),
        ("zijn adviesrapport “Afgewogen arbeidsmigratie. Gericht arbeidsmigratiebeleid”. In",
         ("report-afgewogen-arbeidsmigratie",
          "“Afgewogen arbeidsmigratie. Gericht arbeidsmigratiebeleid”")),
        ("Staatscommissie Demografische Ontwikkelingen 2050, 'Gematigde groei', 15 januari 2024.",
         ("report-gematigde-groei", "'Gematigde groei'")),
        ("geregeld in de Wet arbeid vreemdelingen (Wav). Het",
         ("law-wet-arbeid-vreemdelingen", "Wet arbeid vreemdelingen (Wav)")),
        ("op basis van de Huisvestingswet 2014 verschillende",
         ("law-huisvestingswet-2014", "Huisvestingswet 2014")),
        ("de inwerkingtreding van de Wet goed verhuurderschap is sinds 1 juli 2023",
         ("law-wet-goed-verhuurderschap", "Wet goed verhuurderschap")),
        ("Het wetsvoorstel 'Meer zekerheid flexwerkers' bevat maatregelen",
         ("law-meer-zekerheid-flexwerkers", "wetsvoorstel 'Meer zekerheid flexwerkers'")),
    ],
)  # fmt: skip
def test_reports_and_laws(text: str, expected: tuple[str, str]) -> None:
    (found,) = find_references(text)
    assert (found.id, found.text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Het huidige wetsvoorstel dat nu klaarligt in de Tweede Kamer, trek ik daarmee in.",
        "Mijn ambitie is om 100.000 woningen per jaar te realiseren, waarvan 2/3 betaalbaar.",
        "Ondertussen bereid ik een nieuw, uitvoerbaar wetsvoorstel voor dat de voorrang beperkt.",
    ],
)
def test_no_false_references(text: str) -> None:
    assert find_references(text) == []


def test_text_order_and_ids_from_fixed_alphabet() -> None:
    units = [
        para("Zie de Huisvestingswet 2014 en <https://example.org/a_b>.", "p1", 3),
        note(1, "Kamerstukken II 2023/24, 36 418, nr. 150."),
    ]
    references = extract_references(units)
    assert [r.kind for r in references] == ["law", "url", "kamerstuk"]
    for reference in references:
        assert set(reference.id) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
