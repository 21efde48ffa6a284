"""Patterns run in lower case on folded text instead of case-insensitively on the text:
what makes that give the same matches holds for every character (outside FOLD_SPECIAL)."""

from __future__ import annotations

import re
import sys

import pytest

from generator.extract import commitments, deadlines, stance
from generator.extract.text import FOLD_SPECIAL

PAIRS = [
    (deadlines._FIND, deadlines._FIND_FOLDED),
    *((cue.pattern, cue.folded) for cue in (commitments._FIRM, commitments._DATED)),
    *((cue.pattern, cue.folded) for cue in (commitments._PAST, commitments._STILL_FUTURE)),
    *((cue.pattern, cue.folded) for cue in (commitments._NEGATED, commitments._NOT_PROMISE)),
    *((cue.pattern, cue.folded) for cue in stance._ANY_CUE.values()),
]


@pytest.mark.parametrize(("pattern", "lower"), PAIRS)
def test_folded_pattern_is_the_pattern_in_lower_case(
    pattern: re.Pattern[str], lower: re.Pattern[str]
) -> None:
    assert pattern.flags & re.IGNORECASE
    assert not lower.flags & re.IGNORECASE
    assert lower.pattern == pattern.pattern.lower()
    assert not re.search(r"(?<!\\)\\[A-Z]", pattern.pattern), "an upper-case escape"
    ranges = set(re.findall(r"\w-\w", pattern.pattern))
    assert ranges <= {"A-Z", "1-4"}, ranges


def _letters() -> list[str]:
    """The literal characters of all the patterns (escapes left out)."""
    text = "".join(re.sub(r"\\.", "", pattern.pattern) for pattern, _ in PAIRS)
    return sorted({char.lower() for char in text if char.isalnum() or char in "’'"})


def test_lower_casing_keeps_what_the_patterns_test() -> None:
    """Outside FOLD_SPECIAL, ``lower`` keeps a character's length and whether it is a
    ``\\w``, ``\\s`` or ``\\d``; a character matches a letter of the patterns (or ``A-Z``)
    case-insensitively exactly when its lower case is that letter (is in ``a-z``)."""
    letters = _letters()
    any_letter = re.compile("[" + "".join(letters) + "]", re.IGNORECASE)
    capital = re.compile("[A-Z]", re.IGNORECASE)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char in FOLD_SPECIAL:
            continue
        low = char.lower()
        assert len(low) == 1
        for cls in (r"\w", r"\s", r"\d"):
            assert bool(re.match(cls, char)) == bool(re.match(cls, low)), (hex(code), cls)
        assert bool(capital.match(char)) == ("a" <= low <= "z"), hex(code)
        if any_letter.match(char) or low in letters:
            assert [x for x in letters if re.match(re.escape(x), char, re.IGNORECASE)] == (
                [low] if low in letters else []
            ), hex(code)
