"""The words of a document, for the line-end hyphens of wrapped text: is "gezame- / nlijke"
written as one word elsewhere in the letter, "sociaal- / economisch" with its hyphen?

The words are those :data:`WORD_RE` finds, in lower case. A letter has a few line-end
hyphens to decide and thousands of words, so the words without a hyphen are looked up in
the text when asked; the hyphenated ones (few) are collected from the hyphens."""

from __future__ import annotations

import itertools
import re

from .lines import Ln

WORD_RE = re.compile(r"[A-Za-zÀ-ÿ]+(?:-[A-Za-zÀ-ÿ]+)*")
_LETTERS_RE = re.compile(r"[A-Za-zÀ-ÿ]+")


def vocabulary(lines: list[Ln]) -> tuple[Words, Words]:
    """Words of the document and its hyphenated compounds written inside a line."""
    # One text for all lines: a token cannot run on over the newline between two lines,
    # so a hyphen at a line end stays out of it, as when the lines are scanned one by one.
    text = _LowerText("\n".join([line.text for line in lines]))
    return Words(text, compounds=False), Words(text, compounds=True)


class Words:
    """The words of a document without a hyphen, or its hyphenated compounds; ``in``
    answers as the set of them would."""

    def __init__(self, text: _LowerText, compounds: bool) -> None:
        self._text, self._compounds = text, compounds

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or ("-" in word) != self._compounds:
            return False
        if self._compounds:
            return word in self._text.compounds()
        return self._text.has_token(word)


class _LowerText:
    """A text in lower case (made when first asked) and what has been looked up in it."""

    def __init__(self, text: str) -> None:
        self._text: str | None = text
        self._lower = ""
        self._compounds: set[str] | None = None
        self._looked_up: dict[str, bool] = {}

    def has_token(self, word: str) -> bool:
        """Whether ``word`` is one of the lower-cased tokens of ``WORD_RE.findall(text)``."""
        if word not in self._looked_up:
            self._looked_up[word] = bool(WORD_RE.fullmatch(word)) and self._find(word)
        return self._looked_up[word]

    def _find(self, word: str) -> bool:
        text = self._lowered()
        i = text.find(word)
        while i != -1:
            if _token_starts(text, i) and _token_ends(text, i + len(word)):
                return True
            i = text.find(word, i + 1)
        return False

    def compounds(self) -> set[str]:
        """The lower-cased tokens of ``WORD_RE.findall(text)`` that hold a hyphen."""
        if self._compounds is None:
            self._compounds = _compounds(self._lowered())
        return self._compounds

    def _lowered(self) -> str:
        if self._text is not None:
            text, self._text = self._text, None
            for char in _LOWERS_INTO_LETTERS:  # not a letter of WORD_RE: stays a separator
                if char in text:
                    text = text.replace(char, " ")
            self._lower = text.lower()
        return self._lower


def _compounds(text: str) -> set[str]:
    """WORD_RE's tokens with a hyphen, from the pieces of the text between hyphens: a
    hyphen with a letter on either side joins the letters around it into one token, which
    runs on over the next hyphen when the piece between is letters only."""
    found: set[str] = set()
    current = ""  # the token up to the hyphen looked at, when one runs up to it
    for left, right in itertools.pairwise(text.split("-")):
        current = current or _trailing_letters(left)
        lead = m.group(0) if (m := _LETTERS_RE.match(right)) else ""
        if current and lead and lead == right:
            current = f"{current}-{lead}"  # on to the next hyphen, if any
            continue
        if current and lead:
            found.add(f"{current}-{lead}")
        elif "-" in current:
            found.add(current)
        current = ""
    if "-" in current:
        found.add(current)
    return found


def _trailing_letters(text: str) -> str:
    start = len(text)
    while start and text[start - 1] in _LETTERS:
        start -= 1
    return text[start:]


# WORD_RE's letters (the same in lower case), and the characters outside them whose lower
# case is one of them (İ, Ÿ, ẞ, the Kelvin and Ångström signs).
_LETTERS = frozenset(
    [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    + [chr(c) for c in range(ord("a"), ord("z") + 1)]
    + [chr(c) for c in range(0xC0, 0x100)]
)
_LOWERS_INTO_LETTERS = ("\u0130", "\u0178", "\u1e9e", "\u212a", "\u212b")


def _token_starts(text: str, i: int) -> bool:
    """A WORD_RE token starts at letter i: no letter, nor a letter and a hyphen, before it."""
    if i == 0:
        return True
    before = text[i - 1]
    if before in _LETTERS:
        return False
    return not (before == "-" and i >= 2 and text[i - 2] in _LETTERS)


def _token_ends(text: str, j: int) -> bool:
    """A WORD_RE token ends before j: no letter, nor a hyphen and a letter, at j."""
    if j == len(text):
        return True
    after = text[j]
    if after in _LETTERS:
        return False
    return not (after == "-" and j + 1 < len(text) and text[j + 1] in _LETTERS)
