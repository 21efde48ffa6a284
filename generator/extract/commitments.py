"""Commitments (toezeggingen): sentences where the government says it will do or send something.

A sentence is a commitment when it is not a question, not in the past and not negated,
and either

- has a *firm* cue: a government actor with a future auxiliary ("het kabinet zal",
  "zal ik", "we gaan"), an aim to inform ("streef ernaar ... te informeren"), or
  "uw Kamer zal ... worden geïnformeerd"; or
- has a *dated* cue (present-tense sending, "wordt ... verwacht", "naar verwachting",
  "internetconsultatie", "mijn doel is", a motion that "verzoekt de regering" ...) and a
  time expression that does not lie before the letter's date.

Precision over recall: a sentence with only a vague intention ("het kabinet wil ...")
and no date is left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Commitment
from . import TextUnit
from .deadlines import find_deadlines_folded, resolve_deadline
from .text import (
    first_letter_cue,
    folded,
    has_markers_or_spaces,
    no_fold_special,
    split_sentences,
    strip_markers,
)

_ACTOR = (
    r"(?:ik|wij|we|het\s+kabinet|de\s+regering|het\s+rijk|"
    r"de\s+(?:minister|staatssecretaris|ministeries?)(?:\s+van\s+[A-Z][\w-]*(?:\s+(?:en\s+)?[A-Z][\w-]*)*)?|"
    r"het\s+ministerie(?:\s+van\s+[A-Z][\w-]*(?:\s+(?:en\s+)?[A-Z][\w-]*)*)?|"
    r"de\s+ministeries\s+van\s+[\w ,]+?)"
)
_FUTURE = r"(?:zal|zullen|ga|gaat|gaan)"
# Each pattern with the letters its alternatives start with (see first_letter_cue).
_FIRM = first_letter_cue(
    "bdghisuwz",
    rf"\b{_ACTOR}\s+{_FUTURE}\b",
    rf"\b{_FUTURE}\s+{_ACTOR}\b",
    r"\bstreef(?:t|en)?\s+(?:\w+\s+){0,2}ernaar\b.*\b(?:informeren|sturen|toesturen|aanbieden|rapporteren)\b",
    r"\b(?:uw|de)\s+(?:Tweede\s+)?Kamer\s+(?:zal|wordt)\b.*\b(?:geïnformeerd|ingelicht)\b",
    r"\b(?:stuur|zend|informeer|bericht)\s+(?:ik|wij|we)\b.*\b(?:voor|vóór|in|na)\b",
    r"\bben\s+(?:ik\s+)?voornemens\b|\bis\s+(?:het\s+kabinet\s+)?voornemens\b",
)
_DATED = first_letter_cue(
    "bghimnosvwz",
    r"\b(?:stuur|stuurt|sturen|zend|zendt|informeer|informeert|bied|biedt|start|starten|ontvangt\s+u)\b",
    r"\b(?:wordt|worden)\b.*\b(?:verwacht|gestuurd|verstuurd|toegestuurd|aangeboden|opgeleverd|"
    r"gepubliceerd|afgerond|ingediend|geïnformeerd|gestart|uitgebracht|voorgelegd)\b",
    r"\bnaar\s+verwachting\b|\bverwacht(?:en)?\b",
    r"\binternetconsultatie\b|\bstreven\s+is\b|\bstreef(?:t|en)?\b|\b(?:mijn|ons|het)\s+doel\s+is\b",
    r"\bwil(?:len)?\b|\bgaan\b|\bgaat\b|\bzal\b|\bzullen\b|\bvoornemens\b|\bvan\s+plan\b",
    r"\bverzoekt\s+de\s+regering\b",
)
_PAST = first_letter_cue(
    "ahjvw",
    r"\b(?:jl|j\.l)\.|\bjongstleden\b|\bafgelopen\b|\bvorig(?:e)?\s+(?:jaar|maand|week)\b",
    r"(?<!\bte\s)\b(?:heeft|hebben|had|hadden|was|waren|werd|werden)\b",
)
_STILL_FUTURE = first_letter_cue(
    "gsvz", r"\b(?:zal|zullen|gaat|gaan|streef\w*|verwacht\w*|voornemens)\b"
)
_NEGATED = first_letter_cue(
    "gnz",
    r"\bniet\s+(?:voornemens|van\s+plan)\b|\bgeen\s+(?:reden|aanleiding|noodzaak|voornemen)\b",
    r"\b(?:zal|zullen|ga|gaat|gaan)\s+(?:\w+\s+){0,2}(?:niet|geen)\b",
)
# Not a promise: narration about this letter, and separable verbs with "gaan"
# ("gaan we selectiever om met", "ga ik in op", "ga ik langs twee sporen verder").
_NOT_PROMISE = first_letter_cue(
    "ghi",
    r"\bin\s+deze\s+brief\b|\bhieronder\b",
    r"\bga(?:at|an)?\b(?:\s+[\w'’()-]+){0,8}?\s+(?:om\s+met|in\s+op|verder)(?=[\s.,;:]|$)",
)
_QUESTION_UNIT = re.compile(r"q\d")

# Literals that each regex needs (every alternative holds one of them, case-insensitive):
# a sentence whose folded text holds none of them cannot match, so its scan is skipped.
_FIRM_HINTS = (
    "zal", "zullen", "ga", "streef", "geïnformeerd", "ingelicht", "stuur", "zend", "informeer",
    "bericht", "voornemens",
)  # fmt: skip
_PAST_HINTS = ("jl", "j.l", "jongstleden", "afgelopen", "vorig", "heeft", "hebben", "had", "was", "waren", "werd")  # fmt: skip
_NEGATED_HINTS = ("niet", "geen")
_NOT_PROMISE_HINTS = ("brief", "hieronder", "ga")
# "wordt ... verwacht/gestuurd/...": the participle is the rarer literal ("stuur" and
# "start" are in "gestuurd", "verstuurd", "toegestuurd", "gestart").
_DATED_HINTS = (
    "stuur", "sturen", "zend", "informeer", "bied", "start", "ontvangt", "verwacht",
    "aangeboden", "opgeleverd", "gepubliceerd", "afgerond", "ingediend", "geïnformeerd",
    "uitgebracht", "voorgelegd", "internetconsultatie", "streven", "streef", "doel", "wil",
    "gaan", "gaat", "zal", "zullen", "voornemens", "plan", "verzoekt",
)  # fmt: skip
# The dated hints to look for in a text without firm hints: not those that hold one.
_DATED_ONLY_HINTS = tuple(h for h in _DATED_HINTS if not any(f in h for f in _FIRM_HINTS))


def _may(low: str | None, hints: tuple[str, ...]) -> bool:
    if low is None:
        return True
    for hint in hints:  # noqa: SIM110 - a loop: faster than any() over a generator here
        if hint in low:
            return True
    return False


def _is_past(sentence: str, low: str | None = None) -> bool:
    if low is not None and not _may(low, _PAST_HINTS):
        return False
    return _PAST.in_text(sentence, low) and not _STILL_FUTURE.in_text(sentence, low)


Found = list[tuple[str, int, int]]


def _due(found: Found, letter_date: str | None) -> tuple[str | None, str | None]:
    """The first time expression that does not lie before the letter date; ``(None,
    None)`` when there is none, or every one lies before it."""
    for written, _start, _end in found:
        due_date = resolve_deadline(written, letter_date)
        if letter_date and due_date and due_date < letter_date:
            continue
        return written, due_date
    return None, None


def commitment_in(sentence: str, letter_date: str | None) -> tuple[str | None, str | None] | None:
    """``(due_text, due_date)`` when ``sentence`` is a commitment, else ``None``.

    The tests are pure, so they run cheapest first: a sentence without a firm cue and
    without a time expression is no commitment, whatever the other tests say."""
    if is_question(sentence):
        return None
    return _commitment(sentence, folded(sentence), letter_date)


_CLOSERS = "\"'”’»)] \t\n"  # what may close a question after its mark: `?”`, `?)`, `? ”`


def is_question(sentence: str) -> bool:
    """A sentence that asks: its last mark, before closing quotes or brackets, is "?"."""
    return sentence.rstrip(_CLOSERS).endswith("?")


def _commitment(
    sentence: str, low: str | None, letter_date: str | None
) -> tuple[str | None, str | None] | None:
    """:func:`commitment_in` for a sentence that is no question (``low``: its folded text).

    What makes a commitment is tested first, the rarer exceptions only then."""
    may_be_firm = _may(low, _FIRM_HINTS)
    firm = may_be_firm and _FIRM.in_text(sentence, low)
    if not firm and not _may(low, _DATED_HINTS if may_be_firm else _DATED_ONLY_HINTS):
        return None
    found = find_deadlines_folded(sentence, low)
    if not firm and not found:
        return None
    due_text, due_date = _due(found, letter_date)
    if found and letter_date and due_text is None:
        return None  # every time expression lies before the letter date
    if not firm and not (due_text and _DATED.in_text(sentence, low)):
        return None
    if _may(low, _NEGATED_HINTS) and _NEGATED.in_text(sentence, low):
        return None
    if _is_past(sentence, low):
        return None
    if _may(low, _NOT_PROMISE_HINTS) and _NOT_PROMISE.in_text(sentence, low):
        return None
    return due_text, due_date


def extract_commitments(units: Sequence[TextUnit], letter_date: str | None) -> list[Commitment]:
    """Commitments in text order, ids ``c1``, ``c2``, ...; questions and footnotes skipped."""
    found: list[Commitment] = []
    for unit in units:
        if unit.footnote is not None or _QUESTION_UNIT.fullmatch(unit.id):
            continue
        text = unit.text
        # Without markers or spaces to tidy in the unit, none in its sentences either (a
        # match in a slice is one in the text): the sentence is the slice, already trimmed.
        tidy = not has_markers_or_spaces(text)
        # No special case characters in the unit, none in a sentence (tidying only takes
        # characters out or makes spaces): ``folded`` is ``lower``.
        plain = no_fold_special(text)
        for start, end in split_sentences(text):
            sentence = text[start:end]
            if not tidy and has_markers_or_spaces(sentence):
                sentence = strip_markers(sentence)
            if is_question(sentence):
                continue
            low = sentence.lower() if plain else folded(sentence)
            result = _commitment(sentence, low, letter_date)
            if result is not None:
                due_text, due_date = result
                found.append(
                    Commitment(f"c{len(found) + 1}", sentence, due_text, due_date, unit.span)
                )
    return found
