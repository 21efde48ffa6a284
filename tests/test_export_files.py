"""The export files joined from per-letter pieces are byte for byte the export; a
letter's pieces are made again when its file changed or the dossier the corpus infers
for it did (a citation in another letter), and reused otherwise."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.corpus import corpus_of_letters
from generator.export import export_data, export_json
from generator.export_files import export_files
from generator.export_tables import export_tables
from generator.memo import Memo
from generator.site import collect_corpus
from generator.validate_cache import LetterCache
from tests.conftest import REAL_CONTENT, TODAY

CITING = "2025-10-30-antwoord-kamervragen-keijzer.yml"
NUMBER_ONLY = "2024-12-20-beleidsreactie-nr-222"  # prints only "Nr. 222": dossier inferred


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(REAL_CONTENT, folder)
    return folder


def _export(content: Path) -> dict[str, bytes]:
    """The export as generator.export writes it (one json.dumps, csv over all rows)."""
    data = corpus_of_letters([f.stored for f in collect_corpus(content, TODAY).files])
    exported = export_data(data)
    files = {"data/kamerbrieven.json": export_json(data, exported).encode("utf-8")}
    for name, text in export_tables(data, exported).items():
        files[f"data/{name}"] = text.encode("utf-8")
    return files


def _dossier(files: dict[str, bytes], letter: str) -> str:
    records = json.loads(files["data/kamerbrieven.json"])["letters"]
    (record,) = (r for r in records if r["id"] == letter)
    return str(record["kamerstuk"]["dossier"])


def _build(content: Path, state: Path) -> tuple[dict[str, bytes], int]:
    """One build's export with the previous build's pieces; the files and how many
    letters' pieces were made (by file name, the digests as the validation makes them)."""
    texts = {p.name: p.read_text("utf-8") for p in (content / "letters").glob("*.yml")}
    digests = {name: LetterCache.digest(text) for name, text in texts.items()}
    memo = Memo(state)
    files, made = export_files(collect_corpus(content, TODAY), digests, memo)
    memo.save()
    assert files == _export(content)
    return files, made


def test_joined_pieces_are_the_export(content: Path) -> None:
    files, made = export_files(collect_corpus(content, TODAY))
    assert made == 5 and files == _export(content)
    assert sorted(files) == [
        "data/aanbevelingen.csv",
        "data/brieven.csv",
        "data/kamerbrieven.json",
        "data/toezeggingen.csv",
        "data/verwijzingen.csv",
        "data/vragen.csv",
    ]
    assert b'"answer": "Ja."' in files["data/kamerbrieven.json"]
    for name in list(content.joinpath("letters").glob("*.yml")):
        name.unlink()
    assert export_files(collect_corpus(content, TODAY))[0] == _export(content)


def test_pieces_are_made_again_only_for_changed_letters(content: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    assert _build(content, state)[1] == 5
    assert _build(content, state)[1] == 0
    citing = content / "letters" / CITING
    text = citing.read_text(encoding="utf-8")
    citing.write_text(text.replace("  answer: Ja.\n", "  answer: Jazeker.\n"), "utf-8")
    files, made = _build(content, state)
    assert made == 1 and b'"answer": "Jazeker."' in files["data/kamerbrieven.json"]
    assert _dossier(files, NUMBER_ONLY) == "30573"

    # the citation the other letter's dossier is inferred from: both letters again
    text = citing.read_text(encoding="utf-8")
    assert text.count("- id: kst-30573-222\n") == 1
    citing.write_text(text.replace("- id: kst-30573-222\n", "- id: kst-30574-222\n"), "utf-8")
    files, made = _build(content, state)
    assert made == 2 and _dossier(files, NUMBER_ONLY) == "30574"

    citing.unlink()  # the citing letter gone: the inferred dossier goes with it
    files, made = _build(content, state)
    assert made == 1 and _dossier(files, NUMBER_ONLY) == "None"
    assert _build(content, state)[1] == 0
