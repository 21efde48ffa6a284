"""The five real seed letters through ``ingest`` and ``export``: exact facts read from the
sources by hand (see each letter under ../shared/seeds)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.store import load_letter_file

from .coverage_util import lost_lines
from .seeds import ingest_and_export, seed_files


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    base = tmp_path_factory.mktemp("seeds")
    content = base / "content"
    return ingest_and_export(seed_files(base / "in"), content), content


@pytest.fixture(scope="module")
def ex(run: tuple[dict[str, Any], Path]) -> dict[str, Any]:
    return run[0]


def yaml_letter(run: tuple[dict[str, Any], Path], prefix: str) -> Any:
    content = run[1]
    return load_letter_file(content / "letters" / f"{run[0][prefix]['id']}.yml")


def ref_ids(letter: dict[str, Any]) -> set[str]:
    return {r["id"] for r in letter["references"]}


def test_all_five_letters_exported(ex: dict[str, Any]) -> None:
    assert sorted(ex) == ["000", "001", "002", "003", "004"]
    assert "[bookmark" not in json.dumps(ex)
    assert "[footnoteRef" not in json.dumps(ex)
    assert "<sup>" not in json.dumps(ex)
    assert "[^" not in json.dumps(ex)


# ----------------------------------------------------------------------------- 000


def test_000_answers_to_kamervragen(ex: dict[str, Any]) -> None:
    letter = ex["000"]
    assert letter["kind"] == "antwoord-kamervragen"
    assert letter["date"] == "2025-10-30"
    assert letter["signatories"] == ["Keijzer"]
    assert [q["number"] for q in letter["questions"]] == list(range(1, 17))
    assert letter["questions"][0]["answer"] == "Ja."
    assert letter["questions"][0]["question"] == "Heeft u kennisgenomen van beide artikelen?"
    assert letter["questions"][7]["answer"].startswith("SEO heeft in juni 2024")
    assert letter["questions"][15]["question"].startswith(
        "Kunt u deze vragen voor het verkiezingsreces"
    )


def test_000_footnotes_belong_to_their_answers(run: tuple[dict[str, Any], Path]) -> None:
    letter = yaml_letter(run, "000")
    by_number = {q.number: q for q in letter.questions}
    assert by_number[2].footnotes == (3,)
    assert by_number[1].footnotes == (1, 2)
    note3 = next(f for f in letter.footnotes if f.number == 3)
    assert note3.text.startswith("NVM (2025), Internationals steeds vaker koper")
    assert "a2" in note3.cited_in
    note8 = next(f for f in letter.footnotes if f.number == 8)
    assert note8.text == "Verblijfsvergunningen | IND"  # closing bracket on the next line
    assert len(letter.footnotes) == 11
    # "geëvalueerd.4" in answer 8 cites footnote 4 a second time
    assert 4 in by_number[8].footnotes


def test_000_references_and_commitment(ex: dict[str, Any]) -> None:
    letter = ex["000"]
    assert {
        "kst-29861-163",
        "kst-30573-228",
        "kst-30573-222",
        "kst-29861-161",
        "kst-29544-1283",
    } <= ref_ids(letter)
    due = [c for c in letter["commitments"] if c["due_date"] == "2025-12-31"]
    assert len(due) == 1
    assert "leven lang" in due[0]["text"].lower()
    assert due[0]["due_text"] == "voor het einde van dit jaar"


# ----------------------------------------------------------------------------- 001


def test_001_policy_response_metadata(ex: dict[str, Any], run: tuple[dict[str, Any], Path]) -> None:
    letter = ex["001"]
    assert letter["kind"] == "beleidsreactie"
    assert letter["date"] == "2024-12-20"
    assert letter["kamerstuk"]["number"] == "222"
    # 001 prints only "Nr. 222"; 000 cites "30 573, nr. 222": the dossier is inferred
    assert letter["kamerstuk"]["dossier"] == "30573"
    assert letter["signatories"] == ["M.H.M. Faber-van de Klashorst"]
    parsed = yaml_letter(run, "001")
    assert parsed.signatories[0].on_behalf_of == (
        "Minister van Sociale Zaken en Werkgelegenheid",
        "Minister van Economische Zaken",
    )
    assert parsed.ministry == "Ministerie van Asiel en Migratie"


def test_001_hyphenation_and_footnotes(run: tuple[dict[str, Any], Path]) -> None:
    letter = yaml_letter(run, "001")
    text = " ".join(p.text for s in letter.sections for p in s.paragraphs)
    assert "Wetenschappelijk Onderzoeks- en Documentatiecentrum (WODC)" in text
    assert "kenniseconomie, innovatiekracht" in text
    assert "cultureel-maatschappelijke factoren" in text
    assert "EU-bestemmingsland" in text
    assert "30%-regeling" in text
    assert "ondernemerscultuur" in text
    assert "Documenta-" not in text and "kenniseco-" not in text
    # the sentence runs on across the page bottom with its footnotes
    assert "wat zijn hiervan de economische en maatschappelijke gevolgen?»" in text
    notes = {r["id"]: r for r in letter_refs(letter)}
    assert notes["kst-36418-150"]["footnote"] == 1
    assert notes["kst-32140-210"]["footnote"] == 2
    assert notes["kst-36602-2"]["footnote"] == 3
    assert "doelmatig is[^1]." in text


def letter_refs(letter: Any) -> list[dict[str, Any]]:
    return [{"id": r.id, "footnote": r.footnote} for r in letter.references]


def test_001_commitment_before_summer(ex: dict[str, Any]) -> None:
    due = [c for c in ex["001"]["commitments"] if c["due_date"] == "2025-07-01"]
    assert [c["due_text"] for c in due] == ["voor de zomer 2025"]
    assert due[0]["text"].startswith("Uw Kamer zal voor de zomer 2025 nader worden geïnformeerd")


# ----------------------------------------------------------------------------- 002


def test_002_undated_cabinet_response(ex: dict[str, Any], run: tuple[dict[str, Any], Path]) -> None:
    letter = ex["002"]
    assert letter["date"] is None
    assert letter["kind"] == "kabinetsreactie"
    assert letter["signatories"] == ["Y.J. van Hijum"]
    parsed = yaml_letter(run, "002")
    assert "date-missing" in {f.code for f in parsed.review}
    assert parsed.date_estimate is not None and "2024-12-03" in parsed.date_estimate
    assert parsed.signatories[0].on_behalf_of == ("Minister van Asiel en Migratie",)
    assert "kst-29861-129" in ref_ids(letter)  # "Bikker 29861, nr." / "129.)" across lines


def test_002_four_recommendations_with_whole_appreciatie(ex: dict[str, Any]) -> None:
    recs = ex["002"]["recommendations"]
    assert [r["title"] for r in recs] == [
        "Het vaststellen van bandbreedtes en tijdelijke of permanente arbeidsmigratie",
        "Brede welvaartstoets",
        "Aandacht voor arbeidsmigratie bij andere beleidsterreinen",
        "Instellen van een adviescommissie",
    ]
    assert recs[0]["stance"] in ("partly", "studying")
    assert [r["stance"] for r in recs[1:]] == ["rejects", "agrees", "rejects"]
    first, second, third, fourth = (r["appreciatie"] for r in recs)
    assert first.startswith("Het kabinet is het met de Adviesraad eens")
    assert first.endswith("in het voorjaar van 2025 naar de Kamer gestuurd.")
    assert second.startswith("De invoering van een brede welvaartstoets")
    assert "Ook vraagt het kabinet zich af" in second  # after the page's footnotes
    assert second.endswith("meenemen bij verdere beleidsontwikkeling op dit terrein.")
    assert third.startswith("Het kabinet beaamt")
    assert "Wet toelating terbeschikkingstelling van arbeidskrachten (Wtta)" in third
    assert third.endswith("kortdurend verblijven.")
    assert fourth.startswith("Omdat het kabinet op dit moment niet voornemens is")
    assert fourth.endswith("die uiteindelijk de brede welvaart in Nederland dient.")
    assert "Kamerbrief met reactie op motie Bontenbal" not in second  # footnote stays a footnote
    assert recs[0]["recommendation"].startswith("De Adviesraad beveelt de overheid aan")


def test_002_recommendations_name_body_and_report(run: tuple[dict[str, Any], Path]) -> None:
    letter = yaml_letter(run, "002")
    assert {r.by for r in letter.recommendations} == {"Adviesraad Migratie"}
    assert {r.report for r in letter.recommendations} == {
        "Afgewogen arbeidsmigratie. Gericht arbeidsmigratiebeleid voor brede welvaart"
    }
    assert letter.recommendations[1].stance_phrase == "Het kabinet maakt hierin andere keuzes."


# ----------------------------------------------------------------------------- 003


def test_003_letterhead(ex: dict[str, Any], run: tuple[dict[str, Any], Path]) -> None:
    letter = ex["003"]
    assert letter["date"] == "2024-11-14"
    assert letter["title"] == "Naar een selectiever en gericht arbeidsmigratiebeleid"
    assert letter["kind"] == "kamerbrief"
    parsed = yaml_letter(run, "003")
    assert parsed.kenmerk == "2024-0000907044"
    assert parsed.ministry == "Ministerie van Sociale Zaken en Werkgelegenheid"
    texts = [p.text for s in parsed.sections for p in s.paragraphs]
    assert not [t for t in texts if "Onze referentie" in t or "2024-0000907044" in t]
    assert not [t for t in texts if t.startswith("Datum")]
    repeated = [u for u in parsed.furniture if u.reason == "repeated page header"]
    assert len(repeated) == 22  # eleven repeats of Datum + Onze referentie


def test_003_footnotes_and_run_on_sentences(run: tuple[dict[str, Any], Path]) -> None:
    letter = yaml_letter(run, "003")
    assert [f.number for f in letter.footnotes] == list(range(1, 21))
    texts = " ".join(p.text for s in letter.sections for p in s.paragraphs)
    # sentences running on across the repeated page header and the footnote block
    assert "het hierboven genoemde interdepartementale beleidsonderzoek" in texts
    assert "of de voorwaarden waaronder bedrijven als erkend referent" in texts
    motie = [r for r in letter.references if r.id == "kst-29861-129"]
    assert motie and any(r.kind == "motie" for r in motie)


def test_003_dated_commitments(ex: dict[str, Any]) -> None:
    dated = {c["due_date"]: c for c in ex["003"]["commitments"] if c["due_date"]}
    assert len([c for c in ex["003"]["commitments"] if c["due_date"]]) >= 8
    assert "juni 2025" in dated["2025-06-30"]["due_text"]
    assert "eerste kwartaal van 2025" in dated["2025-03-31"]["due_text"]
    assert "IBO" in dated["2025-06-30"]["text"] or "eindrapport" in dated["2025-06-30"]["text"]
    fourth = [
        c for c in ex["003"]["commitments"] if c["due_text"] == "in het vierde kwartaal van 2024"
    ]
    assert fourth and "internetconsultatie" in fourth[0]["text"]


# ----------------------------------------------------------------------------- 004


def test_004_kamerstuk(ex: dict[str, Any], run: tuple[dict[str, Any], Path]) -> None:
    letter = ex["004"]
    assert letter["kamerstuk"] == {"dossier": "32847", "number": "1407"}
    assert letter["date"] == "2026-03-20"
    assert letter["signatories"] == ["E. Boekholt-O’Sullivan"]
    parsed = yaml_letter(run, "004")
    assert parsed.kamerstuk is not None and parsed.kamerstuk.other_dossiers == ("19637",)
    assert parsed.ministry == "Ministerie van Volkshuisvesting en Ruimtelijke Ordening"
    dossiers = {e.label for e in parsed.entities if e.kind == "dossier"}
    assert dossiers == {"32 847 Integrale visie op de woningmarkt", "19 637 Vreemdelingenbeleid"}
    assert [u.reason for u in parsed.furniture] == ["running page footer"]
    texts = " ".join(p.text for s in parsed.sections for p in s.paragraphs)
    assert "huurwoningen niet langer" in texts and "100.000 woningen per jaar" in texts


def test_004_commitments(ex: dict[str, Any]) -> None:
    dues = {c["due_date"] for c in ex["004"]["commitments"]}
    assert {"2026-07-01", "2026-12-31"} <= dues


# ----------------------------------------------------------------------------- all


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_source_line_is_accounted_for(run: tuple[dict[str, Any], Path], prefix: str) -> None:
    letter = yaml_letter(run, prefix)
    source = (run[1] / letter.source.copy).read_text(encoding="utf-8").split("\n")
    assert lost_lines(letter, source) == []


def test_reingest_is_byte_identical(run: tuple[dict[str, Any], Path], tmp_path: Path) -> None:
    content = run[1]
    before = {p: p.read_bytes() for p in sorted(content.rglob("*")) if p.is_file()}
    again = ingest_and_export(seed_files(tmp_path / "in"), content)
    after = {p: p.read_bytes() for p in sorted(content.rglob("*")) if p.is_file()}
    assert before == after
    assert sorted(again) == ["000", "001", "002", "003", "004"]


def test_bundled_content_matches_a_fresh_ingest(
    run: tuple[dict[str, Any], Path], request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """The committed machine output is the golden output: what the ingest makes now.
    ``pytest --update-golden`` re-ingests the bundled letters into content/."""
    from .seeds import CONTENT

    if request.config.getoption("--update-golden"):
        ingest_and_export(seed_files(tmp_path / "in"), CONTENT)
    for path in sorted((run[1] / "letters").glob("*.yml")):
        assert (CONTENT / "machine" / path.name).read_text(encoding="utf-8") == path.read_text(
            encoding="utf-8"
        ), f"content/machine/{path.name} is stale: re-ingest the bundled letters"
