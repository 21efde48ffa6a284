"""The suggestions of the previous build, computed again only where an edit can change
them: per letter (the fields read) and per due commitment (its letter and the letters
that are or were its candidates); always exactly ``best_suggestions`` of the letters."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path
from typing import Any

import pytest

from generator import memo as memo_module
from generator.memo import MEMO_FILE, Memo, traced_call
from generator.site import load_letter_files
from generator.suggest import best_suggestions, letter_facts
from generator.suggest_memo import Stats, memo_suggestions
from generator.views_review import SUGGESTIONS_PER_ITEM
from tests.conftest import REAL_CONTENT

ADVICE = "2024-11-14-naar-een-selectiever-en-gericht-arbeidsmigratiebeleid.yml"
ANSWER = "2025-10-30-antwoord-kamervragen-keijzer.yml"
ADVICE_ID = ADVICE.removesuffix(".yml")
ANSWER_ID = ANSWER.removesuffix(".yml")
# the commitment of ADVICE that ANSWER can fulfil once its title has the word
C15 = f"fulfils:{ADVICE_ID}:c15:{ANSWER_ID}"
DUE = 12 + 1 + 1 + 2  # open commitments with a deadline in the five real letters


class _Letters:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.letters = [
            (f.path.name, copy.deepcopy(f.data)) for f in load_letter_files(REAL_CONTENT)
        ]

    def __getitem__(self, name: str) -> dict[str, Any]:
        return next(data for file, data in self.letters if file == name)

    def build(self) -> tuple[list[str], Stats]:
        """One build's suggestions (their keys) and what it reused; always the same as
        computing them from scratch."""
        memo = Memo(self.folder)
        found, stats = memo_suggestions(memo, self.letters, SUGGESTIONS_PER_ITEM)
        memo.save()
        assert found == best_suggestions([d for _, d in self.letters], SUGGESTIONS_PER_ITEM)
        return [s.key for s, _ in found], stats


def test_an_edit_recomputes_only_the_commitments_it_can_touch(tmp_path: Path) -> None:
    letters = _Letters(tmp_path)
    first, stats = letters.build()
    assert stats == Stats(0, 5, 0, DUE) and C15 not in first
    assert letters.build() == (first, Stats(5, 0, DUE, 0))
    letters[ANSWER]["questions"][0]["answer"] = "Nee."  # not read by the suggestions
    assert letters.build() == (first, Stats(5, 0, DUE, 0))

    # the answer's title gets a word of c15 and c16 (shared topics): it is their
    # candidate now; only they and the answer's own commitment are computed again
    letters[ANSWER]["title"] = "Voorlichting aan arbeidsmigranten"
    keys, stats = letters.build()
    assert stats == Stats(4, 1, DUE - 3, 3)
    assert C15 in keys and f"fulfils:{ADVICE_ID}:c16:{ANSWER_ID}" in keys
    assert letters.build() == (keys, Stats(5, 0, DUE, 0))

    # dated after the deadline: no candidate any more (c15, c16 again: it was one; and
    # the answer's own commitment, its letter changed)
    letters[ANSWER]["date"] = "2026-03-01"
    later, stats = letters.build()
    assert stats == Stats(4, 1, DUE - 3, 3) and later == first

    # a later deadline for c15: the advice's twelve commitments again, and the answer
    # is a candidate again
    letters[ANSWER]["date"] = "2025-10-30"
    letters.build()
    (c15,) = (c for c in letters[ADVICE]["commitments"] if c["id"] == "c15")
    c15["due_date"] = "2024-12-31"  # the answer comes too late now
    keys, stats = letters.build()
    assert stats == Stats(4, 1, DUE - 12, 12) and C15 not in keys


def test_a_dismissed_suggestion_or_a_removed_letter(tmp_path: Path) -> None:
    letters = _Letters(tmp_path)
    letters[ANSWER]["title"] = "Voorlichting aan arbeidsmigranten"
    keys, _ = letters.build()
    assert C15 in keys
    letters[ADVICE]["editorial"] = {"dismissed_suggestions": [C15]}
    keys, stats = letters.build()
    assert C15 not in keys and stats == Stats(4, 1, 0, DUE)  # every commitment again
    letters.letters = [(name, d) for name, d in letters.letters if name != ANSWER]
    keys, stats = letters.build()  # its own commitment goes, c15 and c16 again
    assert stats == Stats(4, 0, DUE - 3, 2) and not any(ANSWER_ID in key for key in keys)


def test_a_broken_or_foreign_memo_means_computing_everything(tmp_path: Path) -> None:
    letters = _Letters(tmp_path)
    first, _ = letters.build()
    (tmp_path / MEMO_FILE).write_bytes(b"\x80garbage")
    assert letters.build() == (first, Stats(0, 5, 0, DUE))
    (tmp_path / MEMO_FILE).write_bytes(pickle.dumps(("other code", Memo(tmp_path).values)))
    assert letters.build() == (first, Stats(0, 5, 0, DUE))
    assert letters.build() == (first, Stats(5, 0, DUE, 0))


def test_a_letter_is_reused_only_when_the_fields_read_are_the_same() -> None:
    (data,) = (f.data for f in load_letter_files(REAL_CONTENT) if f.path.name == ADVICE)
    data = copy.deepcopy(data)
    facts, trace, reused = traced_call(letter_facts, data, None)
    assert not reused and facts == letter_facts(data)
    assert {"id", "date", "commitments", "kamerstuk", "topics", "title"} <= trace.read
    assert "questions" not in trace.read and "sections" not in trace.read
    data["sections"] = []  # not read: reused
    assert traced_call(letter_facts, data, trace)[1:] == (trace, True)
    data["commitments"][4]["due_date"] = "2026-01-01"
    again, _, reused = traced_call(letter_facts, data, trace)
    assert not reused and again != facts and again == letter_facts(data)


def test_the_same_file_digest_means_the_same_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the digest of the text a letter was parsed from, an unchanged file's facts
    are reused without comparing its fields; another digest compares them."""
    (data,) = (f.data for f in load_letter_files(REAL_CONTENT) if f.path.name == ADVICE)
    facts, trace, _ = traced_call(letter_facts, data, None, b"text 1")
    assert trace.source == b"text 1"
    with monkeypatch.context() as m:
        m.setattr(memo_module, "_digest", _no_digest)
        assert traced_call(letter_facts, data, trace, b"text 1") == (facts, trace, True)
    again, moved, reused = traced_call(letter_facts, data, trace, b"text 2")  # fields: same
    assert (again, reused, moved.source, moved.digest) == (facts, True, b"text 2", trace.digest)


def _no_digest(*_: object) -> bytes:
    raise AssertionError("fields compared although the file is the same")


def test_memo_writes_only_what_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A save after a few entries of a named dict changed writes them into the delta file
    (the whole file untouched); reading gives every value as put. Past the share, or with
    a value gone, the whole file is written again and the delta removed; a delta of
    another whole file is ignored, an unreadable one empties the memo."""
    first = Memo(tmp_path)
    first.put("pieces", {f"brief-{n}": ("key", n) for n in range(20)})
    first.put("groups", ["a", "b"])
    first.save()
    whole = (tmp_path / MEMO_FILE).read_bytes()
    delta = tmp_path / memo_module.DELTA_FILE
    assert not delta.exists()

    second = Memo(tmp_path)
    pieces = dict(second.get("pieces"))
    pieces["brief-3"] = ("key", "nieuw")
    del pieces["brief-4"]
    pieces["brief-20"] = ("key", 20)
    second.put("pieces", pieces)
    second.put("groups", ["c"])
    second.save()
    assert (tmp_path / MEMO_FILE).read_bytes() == whole and delta.exists()
    _, _, changes = pickle.loads(delta.read_bytes())
    assert changes["pieces"] == (
        "dict",
        {"brief-3": ("key", "nieuw"), "brief-20": ("key", 20)},
        ("brief-4",),
    )
    assert changes["groups"] == ("value", ["c"])
    third = Memo(tmp_path)
    assert third.get("pieces") == pieces and third.get("groups") == ["c"]

    monkeypatch.setattr(memo_module, "DELTA_SHARE", 0.1)  # 3 of 20 entries: too many now
    third.put("pieces", dict(third.get("pieces")))
    third.save()
    assert (tmp_path / MEMO_FILE).read_bytes() != whole and not delta.exists()
    assert Memo(tmp_path).get("pieces") == pieces

    stale = tmp_path / "stale"
    stale.write_bytes(pickle.dumps((Memo(tmp_path).key, b"other token", {"groups": ("value", 1)})))
    stale.replace(delta)
    assert Memo(tmp_path).get("groups") == ["c"]  # the delta of another file: ignored
    delta.write_bytes(b"not a pickle")
    assert Memo(tmp_path).values == {}
