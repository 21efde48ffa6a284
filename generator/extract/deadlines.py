"""Dutch dates and deadlines: "14 november 2024", "voor de zomer 2025", "dit jaar nog".

:func:`resolve_deadline` gives the **last day** of the period a phrase names (the data
contract's ``due_date``). Choices where Dutch usage is vague, all documented here:

- *voor de zomer* / *voor het zomerreces*: 1 July (the summer recess starts early July).
- *zomer*, *in de zomer*: 22 September (astronomical end of summer).
- *na de zomer*, *najaar*, *herfst*, *kerstreces*: 20 December (before the Christmas recess).
- *voorjaar*, *lente*: 20 June (astronomical end of spring).
- *medio*, *halverwege*: 1 July; *begin*: 31 March; *eind*/*einde*: 31 December.
- a month ("juni 2025"): the month's last day; "begin/eind juni": the same.
- *in 2025*, *dit jaar*, *komend jaar*: 31 December of that year.
- *voor 1 januari 2026*: the day before (2025-12-31); *uiterlijk/op/per 1 januari 2026*:
  the date itself. *voor 2026*: 2025-12-31.
- No year given ("voor de zomer"): the letter's year, or the next year when that
  period has already ended on the letter's date. Without a letter date: ``None``.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable
from datetime import date, timedelta

from ..dates import MONTH_NUMBERS
from .names import finditer_at
from .text import folded

MONTHS = MONTH_NUMBERS
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")

_MONTH = "(?:" + "|".join(MONTHS) + ")"
_YEAR = r"(?:19|20)\d{2}"
_DATE = re.compile(
    rf"(?:(?:{'|'.join(WEEKDAYS)})\s+)?(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\s+(?P<year>{_YEAR})\b",
    re.IGNORECASE,
)

# Time expressions as they are written in commitments, preposition included.
_PREP = (
    r"(?:(?:nog|uiterlijk|naar\s+verwachting|ergens)\s+)?"
    r"(?:in|voor|vóór|rond|tegen|na|tijdens|per|op|uiterlijk)"
)
_REL = r"(?:dit|deze|het|de|volgend|volgende|komend|komende|aankomend|aankomende)"
_JAAR = (
    rf"(?:(?:het\s+jaar\s+)?{_YEAR}|(?:dit|het|volgend|komend|het\s+volgende|het\s+komende)\s+jaar)"
)
_SEASON = r"(?:voorjaar|najaar|zomerreces|kerstreces|zomer|winter|lente|herfst)"
_ORDINAL = r"(?:eerste|tweede|derde|vierde|laatste|[1-4]e)"
_QUARTER = rf"(?:{_ORDINAL}\s+(?:kwartaal|helft|halfjaar))"
_PERIOD = rf"(?:{_QUARTER}|{_SEASON}|{_MONTH})"
_EDGE = r"(?:medio|halverwege|begin|eind|einde)"
_FIND = re.compile(
    r"(?<![\w-])(?:"
    rf"(?:{_PREP}\s+)?(?:(?:het|de)\s+)?{_EDGE}\s+(?:van\s+)?(?:{_JAAR}|{_MONTH}(?:\s+{_YEAR})?)(?:\s+nog)?"
    rf"|{_PREP}\s+(?:{_REL}\s+)?{_PERIOD}(?:\s+(?:van\s+)?{_JAAR})?"
    rf"|(?:(?:{_REL})\s+)?{_PERIOD}\s+(?:van\s+)?{_JAAR}"
    rf"|(?:dit|deze|volgende?|komende?|aankomende?)\s+{_PERIOD}"
    rf"|(?:{_PREP}\s+)?(?:dit|volgend|komend|het\s+komende|het\s+volgende)\s+jaar(?:\s+nog)?"
    rf"|{_PREP}\s+(?:\d{{1,2}}\s+{_MONTH}\s+)?{_YEAR}"
    r")(?![\w-])",
    re.IGNORECASE,
)


def parse_dutch_date(text: str) -> str | None:
    """First Dutch date in ``text`` as ISO (``"14 november 2024"`` -> ``"2024-11-14"``)."""
    match = _DATE.search(text)
    if not match:
        return None
    try:
        day = date(int(match["year"]), MONTHS[match["month"].lower()], int(match["day"]))
    except ValueError:
        return None
    return day.isoformat()


_DAY_BEFORE = re.compile(r"\d\s*$")
_MONTH_FIRST = re.compile(_MONTH, re.IGNORECASE)
# Every alternative of _FIND contains one of these (a year, "jaar", a period or an edge):
# a sentence without any of them has no time expression.
_FIND_HINTS = (
    "jaar", "kwartaal", "helft", "reces", "zomer", "winter", "lente", "herfst",
    "medio", "halverwege", "begin", "eind", *MONTHS,
)  # fmt: skip
_YEAR_RE = re.compile(_YEAR)


def _may_have_deadline(sentence: str, low: str | None) -> bool:
    if low is None:
        return True
    for hint in _FIND_HINTS:  # a loop: faster than any() over a generator here
        if hint in low:
            return True
    return bool(_YEAR_RE.search(sentence))


def find_deadlines(sentence: str) -> list[tuple[str, int, int]]:
    """All time expressions in ``sentence`` as written, with their offsets.

    A month right after a day number ("14 november 2024") is a date, not a period.
    """
    return find_deadlines_folded(sentence, folded(sentence))


# Where a _FIND match may start: its first word is a word of what its alternatives begin
# with (a preposition, an article, an edge, a relative word, a period's first word; or "1e"
# ... "4e"), a whole run of word characters after no word character or hyphen. Found in
# the folded sentence (same length, and no character changes whether it is one of
# ``[\w-]`` by lower-casing); _FIND itself is then tried only there.
_FIRST = (_PREP, "het|de", _EDGE, _REL, _ORDINAL, _SEASON, _MONTH)
_FIND_WORDS = sorted(
    set(re.findall(r"[a-zà-ÿ]+", re.sub(r"\\.", " ", "|".join(_FIRST)))) | {"1e", "2e", "3e", "4e"},
    key=lambda word: (-len(word), word),
)
_FIND_START = re.compile(r"(?<![\w-])(?:" + "|".join(_FIND_WORDS) + r")(?!\w)")
# _FIND for the folded sentence, twice as fast: the same matches, as its literals are in
# lower case and no character outside FOLD_SPECIAL changes by lower-casing whether it is a
# ``\w``, ``\s`` or ``\d`` or whether it matches a literal case-insensitively.
_FIND_FOLDED = re.compile(_FIND.pattern)


def find_deadlines_folded(sentence: str, low: str | None) -> list[tuple[str, int, int]]:
    """:func:`find_deadlines` for a caller that has the :func:`~.text.folded` sentence."""
    if not _may_have_deadline(sentence, low):
        return []
    if low is None:
        spans = [m.span() for m in _FIND.finditer(sentence)]
    else:
        starts = [m.start() for m in _FIND_START.finditer(low)]
        spans = [m.span() for m in finditer_at(_FIND_FOLDED, low, starts)]
    return [
        (sentence[start:end], start, end)
        for start, end in spans
        if not (_MONTH_FIRST.match(sentence, start, end) and _DAY_BEFORE.search(sentence[:start]))
    ]


def find_deadline(sentence: str) -> tuple[str, int, int] | None:
    """The first time expression in ``sentence`` as written, with its offsets."""
    found = find_deadlines(sentence)
    return found[0] if found else None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _fixed(month: int, day: int) -> Callable[[int, str], date]:
    return lambda year, _phrase: date(year, month, day)


def _quarter(year: int, phrase: str) -> date:
    found = re.search(
        r"(eerste|tweede|derde|vierde|laatste|[1-4]e)\s+(kwartaal|helft|halfjaar)", phrase
    )
    assert found is not None
    order = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "laatste": 4}
    word = found.group(1)
    index = order.get(word) or int(word[0])
    if found.group(2) != "kwartaal":
        return _month_end(year, 6 if index == 1 else 12)
    return _month_end(year, index * 3)


def _month(year: int, phrase: str) -> date:
    found = re.search(_MONTH, phrase)
    assert found is not None
    return _month_end(year, MONTHS[found.group(0)])


# Period rules, tried in order: (pattern on the lower-cased phrase, end of that period).
_PERIODS: tuple[tuple[re.Pattern[str], Callable[[int, str], date]], ...] = (
    (re.compile(_QUARTER), _quarter),
    (re.compile(r"\b(?:voor|vóór|tegen)\s+(?:de\s+zomer|het\s+zomerreces)\b"), _fixed(7, 1)),
    (re.compile(r"\bzomerreces\b"), _fixed(7, 1)),
    (re.compile(r"\bna\s+de\s+zomer\b|\bnajaar\b|\bherfst\b|\bkerstreces\b"), _fixed(12, 20)),
    (re.compile(r"\bzomer\b"), _fixed(9, 22)),
    (re.compile(r"\bvoorjaar\b|\blente\b"), _fixed(6, 20)),
    (re.compile(r"\bwinter\b"), _fixed(3, 20)),
    (re.compile(_MONTH), _month),
    (re.compile(r"\b(?:medio|halverwege)\b"), _fixed(7, 1)),
    (re.compile(r"\bbegin\b"), _fixed(3, 31)),
    (re.compile(r"\beinde?\b"), _fixed(12, 31)),
)


def _year_of(phrase: str, letter: date | None) -> tuple[int | None, bool]:
    """The year the phrase names, and whether it was explicit (not implied)."""
    found = re.search(rf"\b({_YEAR})\b", phrase)
    if found:
        return int(found.group(1)), True
    if letter is None:
        return None, False
    if re.search(r"\b(?:volgend|volgende|komend|komende|aankomend|aankomende)\b", phrase):
        return letter.year + 1, True
    if re.search(r"\b(?:dit|deze|het)\s+jaar\b|\bdit\b|\bdeze\b", phrase):
        return letter.year, True
    return letter.year, False


def _exact_date(phrase: str) -> date | None:
    iso = parse_dutch_date(phrase)
    if iso is None:
        return None
    day = date.fromisoformat(iso)
    if re.match(r"\s*(?:nog\s+)?(?:voor|vóór)\b", phrase):
        return day - timedelta(days=1)
    return day


@functools.lru_cache(maxsize=1024)  # pure; a commitment's phrases are resolved twice
def resolve_deadline(phrase: str, letter_date: str | None) -> str | None:
    """Last day (ISO) of the period ``phrase`` names; ``None`` when it cannot be told."""
    text = " ".join(phrase.lower().split())
    try:
        letter = date.fromisoformat(letter_date) if letter_date else None
    except ValueError:
        letter = None
    exact = _exact_date(text)
    if exact is not None:
        return exact.isoformat()
    year, explicit = _year_of(text, letter)
    if year is None:
        return None
    end = _period_end(text, year)
    if end is None:
        return None
    if not explicit and letter is not None and end < letter:
        end = _period_end(text, year + 1) or end
    return end.isoformat()


def _period_end(text: str, year: int) -> date | None:
    for pattern, end_of in _PERIODS:
        if pattern.search(text):
            return end_of(year, text)
    if re.search(rf"\b{_YEAR}\b|\bjaar\b", text):
        if re.match(r"(?:nog\s+)?(?:voor|vóór)\s+(?:19|20)\d{2}\b", text):
            return date(year - 1, 12, 31)
        return date(year, 12, 31)
    return None
