"""Corpus indexes: reference resolution, entities, commitments and editors' additions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.site import collect_corpus, resolve_reference
from generator.store import dump_yaml, letter_to_data
from tests.fixtures import letter_000, letter_001, letter_002, write_content

TODAY = dt.date(2025, 6, 1)


def test_number_only_letter_is_resolved_and_marked_inferred() -> None:
    letters = (letter_000(), letter_001())
    res = resolve_reference(letters, "kst-30573-222", None, "000")
    assert res.letter_id == "001" and res.inferred
    other = resolve_reference(letters, "kst-29861-163", None, "000")
    assert other.letter_id is None
    assert other.url == "https://zoek.officielebekendmakingen.nl/kst-29861-163.html"


def test_curated_lists_may_be_absent(tmp_path: Path) -> None:
    content = write_content(tmp_path / "c", curated=False)
    corpus = collect_corpus(content, TODAY)
    assert "arbeidsmigratie" in corpus.topics
    assert "kst-29861-129" in corpus.entities  # shared citation gets a page
    assert set(corpus.mentions["kst-29861-129"]) == {"002", "003"}


def test_commitment_status_and_fulfilled_by(tmp_path: Path) -> None:
    content = write_content(tmp_path / "c")
    data = letter_to_data(letter_002())
    data["commitments"][0]["fulfilled_by"] = "004"
    data["recommendations"][0]["stance_override"] = {"stance": "partly", "reason": "redactie"}
    (content / "letters" / "002.yml").write_text(dump_yaml(data), "utf-8")
    corpus = collect_corpus(content, TODAY)
    items = {(i.letter.id, i.commitment.id): i for i in corpus.commitments}
    assert items[("002", "c1")].status == "nagekomen"
    assert items[("002", "c1")].fulfilled_by == "004"
    assert items[("003", "c1")].status == "verlopen"
    assert items[("004", "c1")].status == "komend"
    assert corpus.by_id["002"].recommendations[0].stance.value == "partly"
    dates = [i.due for i in corpus.commitments if i.due]
    assert dates == sorted(dates)
