"""``changes BASE HEAD``: a Dutch summary of content changes between two commits."""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.changes import summarise_changes
from generator.store import dump_yaml
from tests.review_support import commitment, letter_000, letter_002, letter_003, rec, write_content


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def _commit(repo: Path, message: str) -> str:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", message)
    return _git(repo, "rev-parse", "--short", "HEAD")


def test_editorial_pull_request_summary(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    content = write_content(tmp_path, [letter_002(), letter_003()])
    base = _commit(tmp_path, "ingest")

    d2, d3 = letter_002(), letter_003()
    rec(d2, "r2")["stance_override"] = {"stance": "partly", "reason": "Regeling wel aangescherpt"}
    rec(d2, "r1")["review"] = {"state": "reviewed", "by": "an", "date": "2025-01-10"}
    rec(d2, "r2")["review"] = {"state": "reviewed", "by": "an", "date": "2025-01-10"}
    d2["editorial"] = {"date": "2024-12-20", "date_source": "rijksoverheid.nl"}
    d2["topics"].append("kennismigratie")
    for cid in ("c1", "c2", "c3"):
        commitment(d3, cid)["fulfilled_by"] = "002"
    d3["title"] = "Naar een selectiever en gericht arbeidsmigratiebeleid (voortgang)"
    (content / "letters/002.yml").write_text(dump_yaml(d2), "utf-8")
    (content / "letters/003.yml").write_text(dump_yaml(d3), "utf-8")
    (content / "letters/000.yml").write_text(dump_yaml(letter_000()), "utf-8")
    head = _commit(tmp_path, "review")

    assert summarise_changes(tmp_path, base, head) == (
        f"### Wijzigingen in content/ ({base}..{head})\n\n"
        "- nieuwe brief 000 'Antwoord op vragen over woningkopen door expats' "
        "(antwoord-kamervragen, 30 oktober 2025; 3 vragen)\n"
        "- 002: datum (redactie) ingevuld: 20 december 2024 (bron: rijksoverheid.nl)\n"
        "- 002: onderwerpen + kennismigratie\n"
        "- 002 'Brede welvaartstoets': standpunt niet overgenomen → deels overgenomen "
        "(reden: Regeling wel aangescherpt)\n"
        "- 002: 2 item(s) gecontroleerd (r1, r2)\n"
        "- 003: titel 'Naar een selectiever en gericht arbeidsmigratiebeleid' → "
        "'Naar een selectiever en gericht arbeidsmigratiebeleid (voortgang)'\n"
        "- 003: toezegging c1 nagekomen door brief 002\n"
        "- 003: toezegging c2 nagekomen door brief 002\n"
        "- 003: toezegging c3 nagekomen door brief 002\n"
        "- 3 toezeggingen gemarkeerd als nagekomen\n"
    )


def test_reingest_and_removal(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    content = write_content(tmp_path, [letter_000(), letter_002()])
    base = _commit(tmp_path, "ingest")
    d0 = letter_000()
    d0["questions"][2]["answer"] = "Het bedrag is niet representatief voor heel Nederland."
    (content / "letters/000.yml").write_text(dump_yaml(d0), "utf-8")
    (content / "machine").mkdir()
    (content / "machine/000.yml").write_text(dump_yaml(d0), "utf-8")
    (content / "letters/002.yml").unlink()
    head = _commit(tmp_path, "reingest")
    assert summarise_changes(tmp_path, base, head).splitlines()[2:] == [
        "- 000: vraag 3 aangepast (answer)",
        "- brief 002 'Kabinetsreactie op het advies Afgewogen arbeidsmigratie' verwijderd",
        "- 1 machine-snapshot(s) bijgewerkt (opnieuw ingelezen)",
    ]


def test_no_changes(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    write_content(tmp_path, [letter_000()])
    base = _commit(tmp_path, "ingest")
    (tmp_path / "README.md").write_text("x", "utf-8")
    head = _commit(tmp_path, "docs")
    assert summarise_changes(tmp_path, base, head).endswith("Geen inhoudelijke wijzigingen.\n")
