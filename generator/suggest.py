"""Suggestions for editors to confirm: never written into the letters by the machine.

- *fulfils*: a later letter that seems to deliver a commitment (same dossier or topic,
  dated after the commitment's letter and no later than its deadline plus a grace period).
- *date-range*: for a letter without a date, the range its citations allow: not before
  the latest dated document it cites, not after the earliest letter that cites it.

An editor confirms a *fulfils* suggestion by writing ``fulfilled_by`` on the commitment,
a date by writing ``editorial.date`` (with ``date_source``); a suggestion whose key is in
``editorial.dismissed_suggestions`` is not shown again.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .changes import MONTHS, dutch_date
from .validate import effective_date

GRACE = timedelta(days=31)  # letters often arrive a little after the promised moment
URL_DATE = re.compile(r"/(20\d\d)/(\d\d)/(\d\d)/")
WORD = re.compile(r"[^\W\d_]{7,}")  # long words: content, not function words
TEXT_DATE = re.compile(rf"\b(\d{{1,2}}) ({MONTHS.replace(' ', '|')}) (20\d\d)\b")


@dataclass(frozen=True)
class Suggestion:
    kind: str  # fulfils | date-range
    letter: str  # the letter the suggestion is about
    item: str | None  # commitment id for "fulfils"
    value: str  # the proposed letter id, or "YYYY-MM-DD..YYYY-MM-DD"
    reason: str  # Dutch, for the review page
    score: int = 0

    @property
    def key(self) -> str:
        """Stable name, for ``editorial.dismissed_suggestions``."""
        return f"{self.kind}:{self.letter}:{self.item or ''}:{self.value}"


def suggest_links(letters: Iterable[dict[str, Any]]) -> list[Suggestion]:
    """All open suggestions for a collection of letters (plain data), best first."""
    return [s for s, _ in best_suggestions(letters, None)]


def best_suggestions(
    letters: Iterable[dict[str, Any]], per_item: int | None
) -> list[tuple[Suggestion, int]]:
    """The open suggestions, best first, at most ``per_item`` per item (commitment, or
    the date of a letter); each comes with how many weaker ones for its item were left
    out (on the last one kept; 0 elsewhere). ``None`` keeps all.

    Candidates are scored first and only the kept ones get their Dutch reason: at 1,000
    letters there are about 60,000 candidates for a few thousand shown.
    """
    corpus = [d for d in letters if isinstance(d.get("id"), str)]
    dismissed = {key for d in corpus for key in _editorial(d).get("dismissed_suggestions") or []}
    groups: Iterator[list[_Candidate] | list[_Ready]] = itertools.chain(
        _fulfilment(corpus), ([_Ready(found)] for found in _date_ranges(corpus))
    )
    kept: list[tuple[Suggestion, int]] = []
    for candidates in groups:  # one item's candidates at a time: memory stays small
        open_ = sorted((c for c in candidates if c.key not in dismissed), key=lambda c: c.order())
        limit = len(open_) if per_item is None else per_item
        for rank, shown in enumerate(open_[:limit]):
            more = len(open_) - limit if rank == limit - 1 else 0
            kept.append((shown.suggestion(), more))
    kept.sort(key=lambda pair: (-pair[0].score, pair[0].letter, pair[0].item or "", pair[0].value))
    return kept


def _editorial(d: dict[str, Any]) -> dict[str, Any]:
    value = d.get("editorial")
    return value if isinstance(value, dict) else {}


def _items(d: dict[str, Any], field: str) -> list[dict[str, Any]]:
    value = d.get(field)
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


# --------------------------------------------------------------------------- fulfilment


def dossiers(d: dict[str, Any]) -> set[str]:
    k = d.get("kamerstuk")
    if not isinstance(k, dict):
        return set()
    return {str(x) for x in [k.get("dossier"), *(k.get("other_dossiers") or [])] if x}


def topics(d: dict[str, Any]) -> set[str]:
    return {str(t) for t in [*(d.get("topics") or []), *(_editorial(d).get("extra_topics") or [])]}


def _cites(later: dict[str, Any], earlier: dict[str, Any]) -> bool:
    kst = _kst(earlier)
    return any(r.get("id") == kst for r in _items(later, "references")) if kst else False


def _kst(d: dict[str, Any]) -> str | None:
    k = d.get("kamerstuk")
    return f"kst-{k.get('dossier')}-{k.get('number')}" if isinstance(k, dict) else None


class _Index:
    """Dated letters by dossier, by cited paper and by (topic, word of the title), each
    sorted by date: a commitment is matched only against the letters that can match it
    and fall in its window (instead of every letter against every other, or every
    letter sharing a broad topic)."""

    def __init__(self, facts: list[_Facts]) -> None:
        groups: dict[tuple[str, ...], list[tuple[str, int]]] = {}
        for i, f in enumerate(facts):
            if not f.when:
                continue
            keys: set[tuple[str, ...]] = {("dossier", x) for x in f.dossiers}
            keys |= {("cites", r) for r in f.cited}
            keys |= {("topic-word", t, w) for t in f.topics for w in f.title_words}
            for key in keys:
                groups.setdefault(key, []).append((f.when, i))
        self.dates: dict[tuple[str, ...], list[str]] = {}
        self.ids: dict[tuple[str, ...], list[int]] = {}
        for key, rows in groups.items():
            rows.sort()
            self.dates[key] = [when for when, _ in rows]
            self.ids[key] = [i for _, i in rows]

    def candidates(self, d: _Facts, words: frozenset[str], start: str, end: str) -> set[int]:
        """Letters dated after ``start`` up to ``end`` that share a dossier with d, cite
        it, or share a topic and have one of ``words`` in their title."""
        keys: list[tuple[str, ...]] = [("dossier", x) for x in d.dossiers]
        if d.kst:
            keys.append(("cites", d.kst))
        keys.extend(("topic-word", t, w) for t in d.topics for w in words)
        found: set[int] = set()
        for key in keys:
            dates = self.dates.get(key)
            if dates:
                low = bisect.bisect_right(dates, start)
                found.update(self.ids[key][low : bisect.bisect_right(dates, end)])
        return found


@dataclass(frozen=True)
class _Facts:
    """What the fulfilment match reads of one letter, computed once per letter (not once
    per commitment and candidate pair)."""

    id: str
    when: str | None
    dossiers: frozenset[str]
    topics: frozenset[str]
    kst: str | None
    cited: frozenset[str]
    title: str

    @classmethod
    def of(cls, d: dict[str, Any]) -> _Facts:
        when = effective_date(d)
        return cls(
            str(d["id"]),
            str(when) if when else None,
            frozenset(dossiers(d)),
            frozenset(topics(d)),
            _kst(d),
            frozenset(str(r.get("id")) for r in _items(d, "references")),
            str(d.get("title") or ""),
        )

    @functools.cached_property
    def title_words(self) -> frozenset[str]:
        return frozenset(_words(self.title))


class _Candidate:
    """A scored *fulfils* candidate; its reason text is made only if it is shown."""

    __slots__ = ("c", "cites", "d", "dossiers", "other", "score", "topics", "when")

    def __init__(
        self, d: _Facts, c: dict[str, Any], other: _Facts, when: str, shared: _Shared
    ) -> None:
        self.d, self.c, self.other, self.when = d, c, other, when
        self.dossiers, self.topics, self.cites = shared
        self.score = 2 * len(self.dossiers) + len(self.topics) + (3 if self.cites else 0)

    @property
    def group(self) -> tuple[str, str, str]:
        return (self.d.id, "fulfils", str(self.c.get("id")))

    @property
    def key(self) -> str:
        return f"fulfils:{self.d.id}:{self.c.get('id')}:{self.other.id}"

    def order(self) -> tuple[int, str]:
        return (-self.score, self.other.id)

    def suggestion(self) -> Suggestion:
        reasons = []
        if self.dossiers:
            reasons.append(f"zelfde dossier {', '.join(sorted(self.dossiers))}")
        if self.topics:
            reasons.append(f"zelfde onderwerp {', '.join(sorted(self.topics))}")
        if self.cites:
            reasons.append(f"verwijst naar brief {self.d.id}")
        due = self.c.get("due_text") or self.c["due_date"]
        reasons.append(f"{dutch_date(self.when)}, binnen de termijn '{due}'")
        item = str(self.c.get("id"))
        return Suggestion("fulfils", self.d.id, item, self.other.id, "; ".join(reasons), self.score)


class _Ready:
    """A suggestion already made (date ranges: one per letter)."""

    def __init__(self, found: Suggestion) -> None:
        self.found = found
        self.score = found.score

    @property
    def key(self) -> str:
        return self.found.key

    def order(self) -> tuple[int, str]:
        return (-self.score, self.found.value)

    def suggestion(self) -> Suggestion:
        return self.found


_Shared = tuple[frozenset[str], frozenset[str], bool]


def _fulfilment(corpus: list[dict[str, Any]]) -> Iterator[list[_Candidate]]:
    """Per open commitment with a deadline, its scored candidates."""
    facts = [_Facts.of(d) for d in corpus]
    index = _Index(facts)
    for n, d in enumerate(corpus):
        start = facts[n].when
        for c in _items(d, "commitments"):
            if c.get("fulfilled_by") or not c.get("due_date") or not start:
                continue
            yield list(_candidates(index, facts, n, c, start))


def _candidates(
    index: _Index, facts: list[_Facts], n: int, c: dict[str, Any], start: str
) -> Iterator[_Candidate]:
    d = facts[n]
    deadline = str(date.fromisoformat(str(c["due_date"])) + GRACE)
    words = frozenset(_words(str(c.get("text") or "")))
    for i in sorted(index.candidates(d, words, start, deadline)):
        other = facts[i]
        when = other.when
        if i == n or not when or not start < when <= deadline:
            continue
        shared = _fulfilment_match(d, words, other)
        if shared is not None:
            yield _Candidate(d, c, other, when, shared)


def _fulfilment_match(d: _Facts, words: frozenset[str], other: _Facts) -> _Shared | None:
    shared_dossiers = d.dossiers & other.dossiers
    shared_topics = d.topics & other.topics
    cites = d.kst is not None and d.kst in other.cited
    if not shared_dossiers and not cites and not (shared_topics and words & other.title_words):
        return None  # a shared topic alone is too weak: the commitment's words must be in the title
    return shared_dossiers, shared_topics, cites


def _words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


def _words_match(c: dict[str, Any], other: dict[str, Any]) -> bool:
    return bool(_words(str(c.get("text") or "")) & _words(str(other.get("title") or "")))


# --------------------------------------------------------------------------- dates


def cited_dates(d: dict[str, Any]) -> list[tuple[str, str]]:
    """(ISO date, what) for every dated document the letter cites."""
    found: list[tuple[str, str]] = []
    for r in _items(d, "references"):
        for text in (str(r.get("url") or ""), str(r.get("text") or "")):
            found.extend((iso, str(r.get("text") or r.get("id"))) for iso in _dates_in(text))
    return found


def _dates_in(text: str) -> Iterator[str]:
    for y, m, dd in URL_DATE.findall(text):
        yield from _valid(int(y), int(m), int(dd))
    for dd, month, y in TEXT_DATE.findall(text):
        yield from _valid(int(y), MONTHS.split().index(month) + 1, int(dd))


def _valid(y: int, m: int, d: int) -> Iterator[str]:
    try:
        yield date(y, m, d).isoformat()
    except ValueError:
        return


def _date_ranges(corpus: list[dict[str, Any]]) -> Iterator[Suggestion]:
    for d in corpus:
        if effective_date(d):
            continue
        after = max(cited_dates(d), default=None)
        citing = [
            (str(effective_date(o)), str(o["id"]))
            for o in corpus
            if effective_date(o) and _cites(o, d)
        ]
        before = min(citing, default=None)
        if not after and not before:
            continue
        low = after[0] if after else "?"
        high = before[0] if before else "?"
        reasons = []
        if after:
            reasons.append(f"niet vóór {dutch_date(after[0])}: citeert '{after[1]}'")
        if before:
            reasons.append(f"niet na {dutch_date(before[0])}: geciteerd door brief {before[1]}")
        yield Suggestion("date-range", str(d["id"]), None, f"{low}..{high}", "; ".join(reasons), 1)
