"""Suggestions for editors (fulfilment, undated letters) and the review page."""

from __future__ import annotations

from typing import Any

from generator.review_page import render_review_page, review_badge, shown_stance
from generator.suggest import Suggestion, suggest_links
from tests.review_support import commitment, letter_002, letter_003, rec


def _later_letter() -> dict[str, Any]:
    d = letter_003()
    d.update(id="005", date="2025-06-30", commitments=[], references=[])
    d["kamerstuk"] = {"dossier": "29861", "number": "1300", "other_dossiers": [], "lines": None}
    return d


def test_later_letter_in_same_dossier_within_deadline_is_suggested() -> None:
    reason = "zelfde dossier 29861; zelfde onderwerp arbeidsmigratie, kennismigratie; "
    assert [s for s in suggest_links([letter_003(), _later_letter()])] == [
        Suggestion(
            "fulfils",
            "003",
            "c1",
            "005",
            reason + "30 juni 2025, binnen de termijn 'medio 2025'",
            4,
        ),
        Suggestion(
            "fulfils",
            "003",
            "c3",
            "005",
            reason + "30 juni 2025, binnen de termijn 'voor de zomer'",
            4,
        ),
    ]


def test_confirmed_and_dismissed_suggestions_are_not_shown() -> None:
    d3 = letter_003()
    commitment(d3, "c1")["fulfilled_by"] = "005"
    d3["editorial"] = {"dismissed_suggestions": ["fulfils:003:c3:005"]}
    assert suggest_links([d3, _later_letter()]) == []


def test_letter_past_deadline_or_other_topic_is_not_suggested() -> None:
    late, other = _later_letter(), _later_letter()
    late["date"] = "2025-09-01"
    other.update(id="006", kamerstuk=None, topics=["woningmarkt"])
    assert suggest_links([letter_003(), late, other]) == []


def test_undated_002_gets_a_date_range_from_what_it_cites() -> None:
    d2 = letter_002()
    citing = _later_letter()
    d2["kamerstuk"] = {"dossier": "29861", "number": "1250", "other_dossiers": [], "lines": None}
    citing["references"] = [
        {
            "id": "kst-29861-1250",
            "kind": "kamerstuk",
            "text": "Kamerstuk 29 861, nr. 1250",
            "url": None,
            "footnote": None,
            "lines": "3",
        }
    ]
    dated = [s for s in suggest_links([d2, citing]) if s.kind == "date-range"]
    assert dated == [
        Suggestion(
            "date-range",
            "002",
            None,
            "2024-12-03..2025-06-30",
            "niet vóór 3 december 2024: citeert 'Kamerbrief met reactie op motie Bontenbal "
            "over migratie'; niet na 30 juni 2025: geciteerd door brief 005",
            1,
        )
    ]
    d2["editorial"] = {"date": "2024-12-20", "date_source": "rijksoverheid.nl"}
    assert [s for s in suggest_links([d2, citing]) if s.kind == "date-range"] == []


def test_badges_and_stance_shown_on_the_site() -> None:
    d2 = letter_002()
    r2 = rec(d2, "r2")
    assert review_badge(r2) == "nog niet gecontroleerd"
    r2["review"] = {"state": "reviewed", "by": "an", "date": "2025-01-10"}
    r2["stance_override"] = {"stance": "partly", "reason": "Regeling wordt aangescherpt."}
    assert review_badge(r2) == "gecontroleerd door an"
    shown = shown_stance(r2)
    assert (shown.stance, shown.label, shown.corrected) == ("partly", "deels overgenomen", True)
    assert shown_stance(rec(d2, "r1")).label == "deels overgenomen"


def test_review_page_lists_suggestions_and_open_items() -> None:
    d2 = letter_002()
    d2["title"] = "<script>alert(1)</script>"
    rec(d2, "r1")["title"] = "Bandbreedtes <b>"
    page = render_review_page([d2, letter_003(), _later_letter()])
    assert "Toezegging c1 in brief 003 lijkt nagekomen door brief 005" in page
    assert "Brief 002 heeft geen datum; waarschijnlijk na 3 december 2024" in page
    assert "## Nog niet gecontroleerd (9)" in page
    assert "- brief 002, aanbeveling r1: Bandbreedtes &lt;b&gt;" in page
    assert "<b>" not in page and "<script>" not in page


def test_shared_topic_alone_needs_the_commitments_words_in_the_title() -> None:
    vague, clear = _later_letter(), _later_letter()
    vague.update(kamerstuk=None, title="Voortgangsbrief arbeidsmigratie")
    clear.update(id="006", kamerstuk=None, date="2025-04-15")
    clear["title"] = "Verkenning sectorale maatregelen uitzendkrachten"
    assert suggest_links([letter_003(), vague, clear]) == [
        Suggestion(
            "fulfils",
            "003",
            "c2",
            "006",
            "zelfde onderwerp arbeidsmigratie, kennismigratie; 15 april 2025, binnen de "
            "termijn 'in het eerste kwartaal van 2025'",
            2,
        )
    ]
