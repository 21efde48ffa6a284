"""The cache of parsed letter files: a build that changed one file writes only that
entry (a delta beside the base file), one that changed nothing writes nothing, and a
delta that is broken or belongs to another base is ignored (the file is parsed again)."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from generator import validate_cache
from generator.validate import validate_content
from generator.validate_cache import CACHE_FILE, DELTA_FILE, LetterCache
from tests.conftest import REAL_CONTENT

ANSWERED = "2025-10-30-antwoord-kamervragen-keijzer.yml"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(REAL_CONTENT, folder)
    return folder


def _check(content: Path, state: Path, reuse: bool = True) -> tuple[LetterCache, list[str]]:
    """One build's validation with the cache; the cache and the findings' messages."""
    cache = LetterCache(state, reuse)
    parsed: dict[Path, dict[str, object]] = {}
    found = [
        f"{Path(d.path).name}:{d.line}: {d.message}"
        for d in validate_content(content, parsed, cache)
    ]
    cache.save()
    assert len(parsed) == 5
    return cache, found


def _answer(content: Path, old: str, new: str) -> None:
    path = content / "letters" / ANSWERED
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def _inode(path: Path) -> int:
    return path.stat().st_ino  # write_atomic replaces the file: a new inode


def test_one_changed_file_writes_only_its_entry(content: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    cache, clean = _check(content, state, reuse=False)
    assert cache.hits == 0 and clean == [] and not (state / DELTA_FILE).exists()
    base = _inode(state / CACHE_FILE)

    cache, again = _check(content, state)  # nothing changed: nothing written
    assert (cache.hits, again) == (5, [])
    assert _inode(state / CACHE_FILE) == base and not (state / DELTA_FILE).exists()

    _answer(content, "  answer: Ja.\n", "  answer: 12\n")
    cache, found = _check(content, state)
    wrong = f"{ANSWERED}:40: questions[1].answer: should be string, not a number (put it in quotes)"
    assert (cache.hits, found) == (4, [wrong])
    assert _inode(state / CACHE_FILE) == base  # the base file is not written again
    _, _, changed, removed = pickle.loads((state / DELTA_FILE).read_bytes())
    assert (sorted(changed), removed) == ([ANSWERED], [])

    cache, found = _check(content, state)  # base + delta: every file a hit, same finding
    assert (cache.hits, found) == (5, [wrong])
    delta = _inode(state / DELTA_FILE)
    assert _inode(state / CACHE_FILE) == base

    _answer(content, "  answer: 12\n", "  answer: Ja.\n")  # back as in the base
    cache, found = _check(content, state)
    assert (cache.hits, found) == (4, [])
    assert pickle.loads((state / DELTA_FILE).read_bytes())[2] == {}
    assert _inode(state / DELTA_FILE) != delta


def test_a_removed_file_and_a_large_delta(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "state"
    _check(content, state, reuse=False)
    gone = content / "letters" / ANSWERED
    kept = gone.read_bytes()
    gone.unlink()
    cache = LetterCache(state)
    validate_content(content, None, cache)
    cache.save()
    assert pickle.loads((state / DELTA_FILE).read_bytes())[3] == [ANSWERED]
    assert ANSWERED not in LetterCache(state).entries
    gone.write_bytes(kept.replace(b"  answer: Ja.\n", b"  answer: Nee.\n"))
    monkeypatch.setattr(validate_cache, "DELTA_MIN", 0)  # 5 files: any change is too many
    base = _inode(state / CACHE_FILE)
    cache, _ = _check(content, state)
    assert cache.hits == 4 and _inode(state / CACHE_FILE) != base
    assert not (state / DELTA_FILE).exists()
    assert _check(content, state)[0].hits == 5


def test_a_broken_or_foreign_delta_or_base_is_ignored(content: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    _check(content, state, reuse=False)
    _answer(content, "  answer: Ja.\n", "  answer: Nee.\n")
    _check(content, state)
    delta = (state / DELTA_FILE).read_bytes()
    (state / DELTA_FILE).write_bytes(delta[:-20])  # cut short
    assert _check(content, state)[0].hits == 4  # the base alone: the file parsed again
    key, _, changed, removed = pickle.loads(delta)
    (state / DELTA_FILE).write_bytes(pickle.dumps((key, b"another base", changed, removed)))
    assert _check(content, state)[0].hits == 4
    (state / DELTA_FILE).write_bytes(delta)
    assert _check(content, state)[0].hits == 5
    (state / CACHE_FILE).write_bytes(b"\x80garbage")  # the delta alone is never used
    cache, found = _check(content, state)
    assert (cache.hits, found) == (0, [])
    assert not (state / DELTA_FILE).exists()  # a new base was written
    (state / CACHE_FILE).write_bytes(pickle.dumps(("other code", b"t", cache.seen)))
    assert _check(content, state)[0].hits == 0
    assert _check(content, state)[0].hits == 5
