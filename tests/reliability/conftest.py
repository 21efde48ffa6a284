"""Shared helpers for the reliability tests: drive the public CLI against a temp content
folder and prove, by snapshot, what a run did and did not change."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main
from generator.ingest_cache import CACHE_DIR
from tests.seeds import ROOT, SHARED_SEEDS, seed_files

Snapshot = dict[str, bytes]
__all__ = ["ROOT"]

# A small letter that every extractor understands; the "other input" of a run.
GOOD_LETTER = textwrap.dedent(
    """\
    Datum 14 november 2024
    Betreft Voortgang van de proef met korte brieven

    Geachte voorzitter,

    Hierbij informeer ik uw Kamer over de voortgang van de proef.
    Ik zal uw Kamer voor de zomer 2025 opnieuw informeren.

    De Minister van Sociale Zaken en Werkgelegenheid,

    Y.J. van Hijum
    """
)


def snapshot(folder: Path) -> Snapshot:
    """Every file under ``folder`` (hidden ones too) with its bytes, except the re-ingest
    cache (``.cache/``: local, git-ignored, checked against these files before any use)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != CACHE_DIR
    }


@dataclass
class Run:
    code: int
    err: str
    out: str

    def lines_about(self, path: Path | str) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith(f"{path}:")]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """``cli("ingest", "--content", dir, path)``: the exit code and what was printed."""

    def run(*argv: str | Path) -> Run:
        capsys.readouterr()
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return Run(code, captured.err, captured.out)

    return run


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A content folder with one real seed letter ingested, made once per session."""
    base = tmp_path_factory.mktemp("seeded")
    seeds = seed_files(base / "in")
    smallest = min(seeds, key=lambda p: p.stat().st_size)
    content = base / "content"
    assert main(["ingest", "-q", "--content", str(content), str(smallest)]) == 0
    return content


@pytest.fixture
def content(seeded_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the seeded content folder for one test."""
    dest = tmp_path / "content"
    shutil.copytree(seeded_template, dest)
    return dest


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """A good letter that must be ingested in the same run as the bad input."""
    folder = tmp_path / "good"
    folder.mkdir()
    path = folder / "goede-brief.txt"
    path.write_text(GOOD_LETTER, encoding="utf-8")
    return path


def seed_texts() -> list[str]:
    folder = SHARED_SEEDS if SHARED_SEEDS.is_dir() else None
    if folder is None:
        return [GOOD_LETTER]
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def only_new_files_of_good_letter(before: Snapshot, after: Snapshot) -> list[str]:
    """The run left every existing file as it was and added only the good letter's files
    (its YAML, machine snapshot and source copy); returns the added names."""
    assert {k: v for k, v in after.items() if k in before} == before
    added = sorted(set(after) - set(before))
    stems = {Path(name).stem for name in added}
    assert len(stems) == 1, added
    assert sorted(Path(a).parent.as_posix() for a in added) == ["letters", "machine", "sources"]
    return added
