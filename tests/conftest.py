"""Shared fixtures: a content folder (the real one once it exists, else hand-made seed
letters) and the site built from it once per test session."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.build import BuildResult, build_site, bundle_site
from generator.site import Corpus, collect_corpus
from tests.fixtures import write_content

ROOT = Path(__file__).resolve().parent.parent
REAL_CONTENT = ROOT / "content"
TODAY = dt.date(2025, 6, 1)


def has_real_content() -> bool:
    return any((REAL_CONTENT / "letters").glob("*.yml"))


@pytest.fixture(scope="session")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content folder when letters have landed, else the hand-made seeds."""
    if has_real_content():
        return REAL_CONTENT
    return write_content(tmp_path_factory.mktemp("content"))


@pytest.fixture(scope="session")
def corpus(content: Path) -> Corpus:
    return collect_corpus(content, TODAY)


@pytest.fixture(scope="session")
def site(content: Path, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    work = tmp_path_factory.mktemp("site")
    return build_site(content, work / "site", TODAY, work / "docs")


@pytest.fixture(scope="session")
def bundle(content: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline bundle, unzipped: returns the folder holding index.html."""
    work = tmp_path_factory.mktemp("bundle")
    target = work / "kamerbrieven-offline.zip"
    bundle_site(content, target, TODAY, work / "work")
    unpacked = work / "unpacked"
    shutil.unpack_archive(target, unpacked)
    return unpacked / "kamerbrieven"


def letter_id(corpus: Corpus, prefix: str) -> str:
    """The id of the seed letter whose source file starts with ``prefix`` (e.g. "000")."""
    for letter in corpus.letters:
        if letter.source.file.startswith(prefix + "_") or letter.id == prefix:
            return letter.id
    raise AssertionError(f"no letter with source {prefix}_*")
