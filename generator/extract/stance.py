"""The gist of an appreciatie: does the cabinet adopt, partly adopt, reject, study or only
note a recommendation? Decided from the cue phrases of the response's opening sentences,
where Dutch cabinet responses state their position; the phrase is kept as evidence."""

from __future__ import annotations

import re

from ..model import Stance
from .text import first_letter_cue, folded

_WHO = r"(?:het kabinet|de regering|ik|wij|we|zij)"

CUES: dict[Stance, tuple[str, ...]] = {
    Stance.REJECTS: (
        r"\bmaakt\s+(?:hierin|hier|daarin|op dit punt)\s+andere\s+keuzes\b",
        r"\bandere\s+keuzes?\s+(?:maakt|maken)\b",
        r"\bziet\s+(?:\w+\s+){0,4}geen\s+(?:noodzaak|aanleiding|reden|meerwaarde|ruimte)\b",
        r"\b(?:is|zijn|ben)\s+(?:\w+\s+){0,4}niet\s+voornemens\b",
        r"\bneemt?\s+(?:de(?:ze)?\s+aanbeveling|het\s+advies)\s+niet\s+over\b",
        r"\bwijst?\s+(?:de(?:ze)?\s+aanbeveling|het\s+advies|dit)\s+af\b",
        r"\bgeen\s+voorstander\b",
        r"\bniet\s+(?:over\s+te\s+nemen|overgenomen)\b",
        r"\bkiest\s+(?:\w+\s+){0,3}niet\s+voor\b",
        r"\b(?:is|zijn|ben)\s+(?:het\s+)?(?:\w+\s+){0,4}niet\s+(?:\w+\s+){0,2}eens\b",
        r"\bacht\s+(?:\w+\s+){0,4}niet\s+(?:wenselijk|haalbaar|opportuun|nodig|zinvol)\b",
        r"\bvolgt?\s+(?:de(?:ze)?\s+aanbeveling|het\s+advies)\s+niet\s+op\b",
    ),
    Stance.PARTLY: (
        r"\b(?:deels|gedeeltelijk|ten\s+dele|op\s+onderdelen)\s+(?:over|eens|tegemoet|in\s+lijn)",
        r"\bin\s+(?:aangepaste|gewijzigde|andere)\s+vorm\b",
        r"\bneemt?\s+(?:de(?:ze)?\s+aanbeveling|het\s+advies)\s+(?:deels|gedeeltelijk)\s+over\b",
    ),
    Stance.AGREES: (
        r"\bis\s+(?:het\s+)?(?:\w+\s+){0,4}eens\b",
        r"\bneemt?\s+(?:de(?:ze)?\s+aanbeveling(?:en)?|het\s+advies)\s+over\b",
        r"\b(?:onderschrijft|beaamt|omarmt|steunt|deelt)\b",
        r"\bherkent\s+zich\b",
        r"\bvoelt\s+zich\s+gesteund\b",
        r"\bgaat\s+(?:de(?:ze)?\s+aanbeveling|het\s+advies)\s+(?:uitvoeren|opvolgen)\b",
        r"\bvolgt?\s+(?:de(?:ze)?\s+aanbeveling(?:en)?|het\s+advies)\s+op\b",
        r"\bneemt?\s+(?:de(?:ze)?\s+aanbeveling(?:en)?|het\s+advies)\s+ter\s+harte\b",
        r"\bkan\s+zich\s+(?:goed\s+|volledig\s+)?vinden\s+in\b",
    ),
    Stance.STUDYING: (
        rf"\b{_WHO}\s+(?:\w+\s+){{0,2}}(?:onderzoekt|verkent|bestudeert|bekijkt|analyseert)\b",
        rf"\b(?:onderzoekt|verkent|bestudeert|bekijkt)\s+{_WHO}\b",
        r"\bkomt?\s+(?:hier|daar)\s*op\s+terug\b",
        r"\bnader\s+(?:bezien|onderzoeken|uitwerken|bestuderen|verkennen|bekijken)\b",
        r"\bneemt?\s+(?:de(?:ze)?\s+aanbeveling|het\s+advies|dit)\s+mee\s+(?:in|bij)\b",
        r"\bbetrekt?\s+(?:\w+\s+){0,4}bij\s+(?:de\s+)?(?:verdere|nadere)\b",
    ),
    Stance.NOTED: (
        r"\bneemt?\s+(?:\w+\s+){0,3}kennis\s+van\b",
        r"\bheeft\s+kennisgenomen\b",
    ),
}
# The letters a stance's cues start with (after a ``\b``).
FIRST_LETTERS: dict[Stance, str] = {
    Stance.REJECTS: "abgikmnvwz",
    Stance.PARTLY: "dginot",
    Stance.AGREES: "bdghiknosv",
    Stance.STUDYING: "bdhiknovwz",
    Stance.NOTED: "hn",
}
# A stance's cues as one alternation: it matches a sentence exactly when one of them does
# (one scan of the sentence instead of one per cue).
_ANY_CUE = {
    stance: first_letter_cue(FIRST_LETTERS[stance], *(f"(?:{p})" for p in ps))
    for stance, ps in CUES.items()
}
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(“\"'‘])")
OPENING_SENTENCES = 4


def classify_stance(text: str) -> tuple[Stance | None, str | None]:
    """(stance, the sentence(s) that show it); (None, None) when no cue is found."""
    sentences = [s.strip() for s in _SENTENCE_RE.split(re.sub(r"\[\^\d+\]", "", text)) if s.strip()]
    for window in (sentences[:OPENING_SENTENCES], sentences[OPENING_SENTENCES:]):
        hits = _hits(window)
        if hits:
            return _decide(hits)
    return None, None


def _hits(sentences: list[str]) -> list[tuple[Stance, str]]:
    hits: list[tuple[Stance, str]] = []
    for sentence in sentences:
        low = folded(sentence)
        for stance, cues in _ANY_CUE.items():  # REJECTS is tried before AGREES
            if cues.in_text(sentence, low):
                hits.append((stance, sentence))
                break
    return hits


def _decide(hits: list[tuple[Stance, str]]) -> tuple[Stance, str]:
    kinds = {s for s, _ in hits}
    first = {s: text for s, text in reversed(hits)}

    def with_phrase(stance: Stance, *shown: Stance) -> tuple[Stance, str]:
        return stance, " … ".join(first[s] for s in shown if s in first)

    if Stance.PARTLY in kinds:
        return with_phrase(Stance.PARTLY, Stance.PARTLY)
    if Stance.REJECTS in kinds:
        if Stance.AGREES in kinds and _index(hits, Stance.AGREES) < _index(hits, Stance.REJECTS):
            return with_phrase(Stance.PARTLY, Stance.AGREES, Stance.REJECTS)
        return with_phrase(Stance.REJECTS, Stance.REJECTS)
    if Stance.AGREES in kinds and Stance.STUDYING in kinds:
        return with_phrase(Stance.PARTLY, Stance.AGREES, Stance.STUDYING)
    for stance in (Stance.AGREES, Stance.STUDYING, Stance.NOTED):
        if stance in kinds:
            return with_phrase(stance, stance)
    raise AssertionError("unreachable: hits is never empty")


def _index(hits: list[tuple[Stance, str]], stance: Stance) -> int:
    return next(k for k, (s, _) in enumerate(hits) if s is stance)
