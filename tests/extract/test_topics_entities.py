from __future__ import annotations

from pathlib import Path

import pytest

from generator.extract.entities import CatalogueError, load_entities, match_entities
from generator.extract.topics import TaxonomyError, count_topic, load_topics, match_topics
from generator.model import Span

from .conftest import para

CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_taxonomy_loads_with_slug_ids() -> None:
    topics = load_topics(CONTENT / "topics.yml")
    assert len(topics) >= 12
    assert topics[0].id == "arbeidsmigratie"
    assert all(t.label and t.description for t in topics)


def test_match_topics_in_taxonomy_order() -> None:
    topics = load_topics(CONTENT / "topics.yml")
    units = [
        para("""Voorrang voor statushouders bij sociale huur knelt steeds meer, omdat andere
                woningzoekenden te lang op een wachtlijst staan. Zodra alternatieve huisvesting
                er is, vervalt de voorrang voor statushouders. De woningmarkt is krap."""),
        para("De 30%-regeling is doeltreffend en doelmatig.", "p2"),
    ]  # fmt: skip
    assert match_topics(units, topics) == ["expatregeling", "woningmarkt", "statushouders"]


def test_min_count_is_respected(tmp_path: Path) -> None:
    path = tmp_path / "topics.yml"
    path.write_text(
        "topics:\n  - {id: wonen, label: Wonen, keywords: [woning], min_count: 2}\n",
        encoding="utf-8",
    )
    topics = load_topics(path)
    filler = "Het kabinet informeert de Kamer over de voortgang van het beleid. " * 200
    assert match_topics([para("Eén woning. " + filler)], topics) == []
    assert match_topics([para("Een woning en nog woningen. " + filler)], topics) == ["wonen"]
    # min_count is set for a full letter (1,500 words); a short one needs fewer mentions
    assert match_topics([para("Eén woning.")], topics) == ["wonen"]
    assert match_topics([para("Geen enkele huizen.")], topics) == []


def test_acronym_keywords_match_only_themselves() -> None:
    """A keyword in capitals (IND, COA) is an acronym: counted as written, a whole word,
    never as the start of "indien", "individuele" or "coalitieakkoord"; the bundled
    taxonomy's asylum topic lists both."""
    topics = [t for t in load_topics(CONTENT / "topics.yml") if t.id == "asiel-en-migratie"]
    assert {"IND", "COA"} <= set(topics[0].keywords)
    common = para("""Indien nodig komt er een individuele regeling, zoals het coalitieakkoord
                     afspreekt. Indirect raakt dit de industrie. In het coalitieakkoord staat
                     meer.""")  # fmt: skip
    assert match_topics([common], topics) == []
    named = para("De IND beslist sneller; het COA zoekt COA-locaties, met de IND's hulp.")
    assert match_topics([named], topics) == ["asiel-en-migratie"]
    assert count_topic(named.text, topics[0]) == 4  # IND, COA, COA(-locaties), IND('s)
    assert count_topic(common.text, topics[0]) == 0


@pytest.mark.parametrize(
    "body",
    [
        "topics:\n  - {id: Not A Slug, keywords: [x]}\n",
        "topics:\n  - {id: leeg}\n",
        "topics:\n  - {id: bad, patterns: ['(']}\n",
    ],
)
def test_bad_taxonomy_raises(tmp_path: Path, body: str) -> None:
    path = tmp_path / "topics.yml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(TaxonomyError):
        load_topics(path)


def test_catalogue_loads() -> None:
    catalogue = load_entities(CONTENT / "entities.yml")
    ids = {e.id for e in catalogue}
    assert {"adviesraad-migratie", "ser", "cpb", "uwv", "ind", "coa", "wodc", "nvm"} <= ids


def test_match_entities_aliases_patterns_and_hierna() -> None:
    catalogue = load_entities(CONTENT / "entities.yml")
    units = [
        para("""Op 10 september jl. publiceerde de Adviesraad Migratie (hierna Adviesraad) zijn
                adviesrapport. Het UWV toetst de aanvraag (de arbeidsmarkttoets) op grond van
                de Wet arbeid vreemdelingen (Wav).""", "p1", 1),
        para("""Volgens de Adviesraad is het beleid aan herziening toe. Ook de SER en het CPB
                adviseren. De Wav wordt geëvalueerd, net als de Wet modern werk (Wmw).""",
             "p2", 5),
        para("Dit volgt uit de motie Bontenbal over migratie.", "p3", 9),
    ]  # fmt: skip
    mentions = {m.id: m for m in match_entities(units, catalogue)}
    assert mentions["adviesraad-migratie"].spans == (Span(1, 1), Span(5, 5))
    assert mentions["law-wet-arbeid-vreemdelingen"].spans == (Span(1, 1), Span(5, 5))
    assert mentions["law-wet-arbeid-vreemdelingen"].kind == "law"
    assert mentions["uwv"].spans == (Span(1, 1),)
    assert {"ser", "cpb"} <= set(mentions)
    assert mentions["law-wet-modern-werk"].label == "Wet modern werk"
    assert (mentions["motie-bontenbal"].kind, mentions["motie-bontenbal"].spans) == (
        "motion",
        (Span(9, 9),),
    )
    assert list(mentions) == sorted(mentions)


def test_abbreviations_match_case_sensitively() -> None:
    catalogue = load_entities(CONTENT / "entities.yml")
    assert (
        match_entities([para("Wij zien ser-achtige ideeën en een cpb-loze wereld.")], catalogue)
        == []
    )


def test_bad_catalogue_raises(tmp_path: Path) -> None:
    path = tmp_path / "entities.yml"
    path.write_text("entities:\n  - {id: x, kind: planet, label: X}\n", encoding="utf-8")
    with pytest.raises(CatalogueError):
        load_entities(path)
