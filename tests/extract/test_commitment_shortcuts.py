"""The commitment test's shortcuts (hints, first letters, the order of the tests) change
no result: checked against the plain rule on text made of the words the rules look for.
Also: every pattern made by ``first_letter_pattern`` names all its first letters."""

from __future__ import annotations

import re
from re import _parser as sre_parser  # type: ignore[attr-defined]

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.extract import commitments as c
from generator.extract import stance
from generator.extract.deadlines import find_deadlines, resolve_deadline
from generator.extract.text import folded

CUES = {
    "firm": c._FIRM.pattern,
    "dated": c._DATED.pattern,
    "past": c._PAST.pattern,
    "still_future": c._STILL_FUTURE.pattern,
    "negated": c._NEGATED.pattern,
    "not_promise": c._NOT_PROMISE.pattern,
}
_PREFIX = re.compile(r"\\b\(\?=\[(\w+)\]\)")

WORDS = st.sampled_from(
    [
        "Het kabinet", "het Kabinet", "ik", "IK", "We", "wij", "de minister van Financiën", "zal",
        "ZAL", "zullen", "ga", "gaat", "Gaan", "streef", "ernaar", "informeren", "Uw Kamer",
        "wordt", "geïnformeerd", "GEÏNFORMEERD", "ingelicht", "stuur", "zend", "bericht", "voor",
        "ben", "is", "voornemens", "verwacht", "naar verwachting", "aangeboden", "gestuurd",
        "internetconsultatie", "streven is", "mijn doel is", "wil", "van plan", "verzoekt",
        "de regering", "jl.", "j.l.", "jongstleden", "afgelopen", "vorige week", "heeft", "te",
        "had", "was", "werden", "niet", "geen", "reden", "in deze brief", "hieronder", "om met",
        "in op", "verder", "voor de zomer", "in 2020", "medio 2030", "dit jaar", "ſtuur", "İk",
        "K", "x", ",", ".", "-", "\n", "(", "’",
    ]
)  # fmt: skip
SENTENCES = st.lists(WORDS, min_size=1, max_size=16).map(" ".join) | st.text(max_size=60)


def _plain(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern without its first-letter test."""
    assert _PREFIX.match(pattern.pattern)
    return re.compile(_PREFIX.sub("", pattern.pattern, count=1), re.IGNORECASE)


def _first_letters(items: object) -> set[str]:
    """The characters a match of the parsed pattern ``items`` can start with."""
    for op, arg in items:  # type: ignore[attr-defined]
        kind = str(op)
        if kind in ("AT", "ASSERT", "ASSERT_NOT"):  # zero width: look further
            continue
        if kind == "SUBPATTERN":
            return _first_letters(arg[-1])
        if kind == "BRANCH":
            return set().union(*(_first_letters(branch) for branch in arg[1]))
        if kind == "LITERAL":
            return {chr(arg)}
        if kind == "IN" and all(str(o) == "LITERAL" for o, _ in arg):
            return {chr(a) for _, a in arg}
        raise AssertionError(f"a first letter after {kind} cannot be told")
    raise AssertionError("an empty alternative")


FIRST_LETTER_PATTERNS = {
    **CUES,
    **{f"stance {s.value}": p.pattern for s, p in stance._ANY_CUE.items()},
}


@pytest.mark.parametrize("name", FIRST_LETTER_PATTERNS)
def test_every_alternative_starts_with_a_first_letter(name: str) -> None:
    pattern = FIRST_LETTER_PATTERNS[name]
    first = _PREFIX.match(pattern.pattern)
    assert first is not None
    body = _PREFIX.sub("", pattern.pattern, count=1)
    assert _first_letters(sre_parser.parse(body)) <= set(first.group(1))


@settings(max_examples=400, deadline=None)
@given(SENTENCES)
def test_cues_match_as_their_alternatives(sentence: str) -> None:
    low = folded(sentence)
    for cue in (c._FIRM, c._DATED, c._PAST, c._STILL_FUTURE, c._NEGATED, c._NOT_PROMISE):
        plain = [m.span() for m in _plain(cue.pattern).finditer(sentence)]
        assert [m.span() for m in cue.pattern.finditer(sentence)] == plain
        if low is not None:
            assert [m.span() for m in cue.folded.finditer(low)] == plain


def _commitment_by_the_rule(sentence: str, letter_date: str | None) -> object:
    """The rule of the module docstring, every test run in full on every sentence."""
    if sentence.rstrip().endswith("?"):
        return None
    found = find_deadlines(sentence)
    dates = [resolve_deadline(written, letter_date) for written, _s, _e in found]
    past_only = bool(found and letter_date) and all(
        d is not None and letter_date is not None and d < letter_date for d in dates
    )
    rejected = (
        _plain(c._NEGATED.pattern).search(sentence)
        or (
            _plain(c._PAST.pattern).search(sentence)
            and not _plain(c._STILL_FUTURE.pattern).search(sentence)
        )
        or _plain(c._NOT_PROMISE.pattern).search(sentence)
        or past_only
    )
    due = next(
        (
            (written, d)
            for (written, _s, _e), d in zip(found, dates, strict=True)
            if not (letter_date and d and d < letter_date)
        ),
        (None, None),
    )
    if rejected:
        return None
    if _plain(c._FIRM.pattern).search(sentence):
        return due
    if due[0] and _plain(c._DATED.pattern).search(sentence):
        return due
    return None


@settings(max_examples=600, deadline=None)
@given(SENTENCES, st.sampled_from([None, "2019-05-01", "2025-06-01", "2031-01-01"]))
def test_commitment_as_by_the_rule(sentence: str, letter_date: str | None) -> None:
    assert c.commitment_in(sentence, letter_date) == _commitment_by_the_rule(sentence, letter_date)
