"""Ingest at scale: the process pool gives the same files as one by one, and the
re-ingest cache changes nothing it should not (edited YAML, changed catalogue, deleted
files). The synthetic corpus generator is deterministic. No timings here: see bench/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.corpus import generate, letter, load_pools
from generator.ingest import ingest
from generator.ingest_cache import CACHE_DIR

from .seeds import seed_files


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and CACHE_DIR not in p.parts
    }


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sources")
    seed_files(folder)
    generate(folder, 12, seed=7)
    return folder


def test_corpus_is_deterministic_and_prefix_stable(tmp_path: Path) -> None:
    pools = load_pools()
    assert letter(pools, 3, 5) == letter(pools, 3, 5)
    assert letter(pools, 3, 5) != letter(pools, 4, 5)
    small = generate(tmp_path / "a", 4, seed=3)
    large = generate(tmp_path / "b", 6, seed=3)
    assert [p.read_bytes() for p in small] == [p.read_bytes() for p in large[:4]]
    assert {p.suffix for p in generate(tmp_path / "c", 30, seed=3)} == {".txt", ".md"}


def test_pool_writes_what_one_by_one_writes(sources: Path, tmp_path: Path) -> None:
    serial = ingest([sources], tmp_path / "serial", jobs=1, progress=False)
    pooled = ingest([sources], tmp_path / "pooled", jobs=2, progress=False)
    assert [str(d) for d in serial.diagnostics] == [str(d) for d in pooled.diagnostics]
    assert len(serial.written) == 17
    assert tree(tmp_path / "serial") == tree(tmp_path / "pooled")


def test_unchanged_reingest_is_a_cache_hit_with_the_same_report(
    sources: Path, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    first = ingest([sources], content, progress=False)
    before = tree(content)
    again = ingest([sources], content, progress=False)
    assert again.written == [] and len(again.unchanged) == 17
    assert [str(d) for d in again.diagnostics] == [str(d) for d in first.diagnostics]
    assert tree(content) == before
    shutil.rmtree(content / CACHE_DIR)  # without the cache: the same outcome
    cold = ingest([sources], content, progress=False)
    assert [str(d) for d in cold.diagnostics] == [str(d) for d in first.diagnostics]
    assert tree(content) == before


def test_edited_yaml_is_merged_not_skipped(sources: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    ingest([sources], content, progress=False)
    path = sorted((content / "letters").glob("*.yml"))[0]
    text = path.read_text("utf-8")
    edited = text.replace("\nreview:", "\neditorial:\n  note: nagekeken\nreview:", 1)
    path.write_text(edited, "utf-8")
    report = ingest([sources], content, progress=False)
    assert "note: nagekeken" in path.read_text("utf-8")
    assert path not in report.written or "nagekeken" in path.read_text("utf-8")


def test_deleted_files_and_changed_catalogue_are_redone(sources: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    ingest([sources], content, progress=False)
    before = tree(content)
    victim = sorted((content / "letters").glob("*.yml"))[3]
    victim.unlink()
    (content / "machine" / victim.name).unlink()
    report = ingest([sources], content, progress=False)
    assert report.written == [victim]
    assert tree(content) == before
    topics = content / "topics.yml"
    topics.write_text(
        topics.read_text("utf-8")
        + "\n  - id: kabinet\n    label: Kabinet\n    keywords: [kabinet]\n    min_count: 1\n",
        "utf-8",
    )
    changed = ingest([sources], content, progress=False)
    assert len(changed.written) >= 10
    assert all("- kabinet" in p.read_text("utf-8") for p in changed.written)
