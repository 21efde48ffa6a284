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
import re
from collections.abc import Iterable, Iterator, Mapping
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


def suggest_links(letters: Iterable[Mapping[str, Any]]) -> list[Suggestion]:
    """All open suggestions for a collection of letters (plain data), best first."""
    return [s for s, _ in best_suggestions(letters, None)]


Shown = tuple[Suggestion, int]  # a suggestion kept, and how many weaker ones were left out


def best_suggestions(letters: Iterable[Mapping[str, Any]], per_item: int | None) -> list[Shown]:
    """The open suggestions, best first, at most ``per_item`` per item (commitment, or
    the date of a letter); each comes with how many weaker ones for its item were left
    out (on the last one kept; 0 elsewhere). ``None`` keeps all.

    Candidates are scored first and only the kept ones get their Dutch reason: at 1,000
    letters there are about 60,000 candidates for a few thousand shown.
    """
    facts = [f for d in letters if (f := letter_facts(d)) is not None]
    dismissed = dismissed_of(facts)
    return combine(facts, fulfilment_groups(facts, per_item, dismissed), per_item, dismissed)


def letter_facts(d: Mapping[str, Any]) -> Facts | None:
    """All the suggestions read of one letter (None: a letter without an id, left out)."""
    return Facts.of(d) if isinstance(d.get("id"), str) else None


def dismissed_of(facts: Iterable[Facts]) -> frozenset[Any]:
    return frozenset(key for f in facts for key in f.dismissed)


def combine(
    facts: list[Facts],
    groups: Mapping[tuple[int, int], list[Shown]],
    per_item: int | None,
    dismissed: frozenset[Any],
) -> list[Shown]:
    """The suggestions of every item in corpus order (``groups``: the kept *fulfils*
    suggestions by letter and due commitment, see :func:`fulfilment_groups`; then the
    date ranges), best first."""
    kept: list[Shown] = []
    for n, d in enumerate(facts):
        for k in range(len(d.due)):
            kept.extend(groups[n, k])
    for found in _date_ranges(facts):
        kept.extend(_shown([_Ready(found)], per_item, dismissed))
    kept.sort(key=lambda pair: (-pair[0].score, pair[0].letter, pair[0].item or "", pair[0].value))
    return kept


def fulfilment_groups(
    facts: list[Facts],
    per_item: int | None,
    dismissed: frozenset[Any],
    todo: Iterable[tuple[int, int]] | None = None,
) -> dict[tuple[int, int], list[Shown]]:
    """Per due commitment (letter position, position among its due commitments) the
    kept *fulfils* suggestions; only the commitments in ``todo`` when given."""
    keys = [(n, k) for n, d in enumerate(facts) for k in range(len(d.due))]
    wanted = keys if todo is None else list(todo)
    if not wanted:
        return {}
    index = _Index(facts)
    out: dict[tuple[int, int], list[Shown]] = {}
    for n, k in wanted:  # one item's candidates at a time: memory stays small
        candidates = list(_candidates(index, facts, n, facts[n].due[k]))
        out[n, k] = _shown(candidates, per_item, dismissed)
    return out


def _shown(
    candidates: list[_Candidate] | list[_Ready], per_item: int | None, dismissed: frozenset[Any]
) -> list[Shown]:
    open_ = sorted((c for c in candidates if c.key not in dismissed), key=lambda c: c.order())
    limit = len(open_) if per_item is None else per_item
    return [
        (shown.suggestion(), len(open_) - limit if rank == limit - 1 else 0)
        for rank, shown in enumerate(open_[:limit])
    ]


def _editorial(d: Mapping[str, Any]) -> dict[str, Any]:
    value = d.get("editorial")
    return value if isinstance(value, dict) else {}


def _items(d: Mapping[str, Any], field: str) -> list[dict[str, Any]]:
    value = d.get(field)
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


# --------------------------------------------------------------------------- fulfilment


def dossiers(d: Mapping[str, Any]) -> set[str]:
    k = d.get("kamerstuk")
    if not isinstance(k, dict):
        return set()
    return {str(x) for x in [k.get("dossier"), *(k.get("other_dossiers") or [])] if x}


def topics(d: Mapping[str, Any]) -> set[str]:
    return {str(t) for t in [*(d.get("topics") or []), *(_editorial(d).get("extra_topics") or [])]}


def _kst(d: Mapping[str, Any]) -> str | None:
    k = d.get("kamerstuk")
    return f"kst-{k.get('dossier')}-{k.get('number')}" if isinstance(k, dict) else None


class _Index:
    """Dated letters by dossier, by cited paper and by (topic, word of the title), each
    sorted by date: a commitment is matched only against the letters that can match it
    and fall in its window (instead of every letter against every other, or every
    letter sharing a broad topic)."""

    def __init__(self, facts: list[Facts]) -> None:
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

    def candidates(self, d: Facts, words: frozenset[str], start: str, end: str) -> set[int]:
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
class Due:
    """An open commitment with a deadline, of a dated letter: what its match reads."""

    id: str
    shown: str  # the deadline as the letter words it (else its date)
    deadline: str  # the due date plus the grace period
    words: frozenset[str]  # the long words of its text

    @classmethod
    def of(cls, c: dict[str, Any]) -> Due:
        deadline = str(date.fromisoformat(str(c["due_date"])) + GRACE)
        shown = c.get("due_text") or c["due_date"]
        return cls(
            str(c.get("id")), f"{shown}", deadline, frozenset(_words(str(c.get("text") or "")))
        )


@dataclass(frozen=True)
class Facts:
    """What the suggestions read of one letter, computed once per letter (not once per
    commitment and candidate pair): plain values, compared and kept between builds."""

    id: str
    when: str | None
    dossiers: frozenset[str]
    topics: frozenset[str]
    kst: str | None
    cited: frozenset[str]
    title_words: frozenset[str]
    due: tuple[Due, ...]  # open commitments with a deadline (dated letters only)
    dismissed: tuple[Any, ...]  # editorial.dismissed_suggestions
    after: tuple[str, str] | None  # undated letters: the latest dated document cited

    @classmethod
    def of(cls, d: Mapping[str, Any]) -> Facts:
        when = effective_date(d)
        due = tuple(
            Due.of(c)
            for c in _items(d, "commitments")
            if when and not c.get("fulfilled_by") and c.get("due_date")
        )
        return cls(
            str(d["id"]),
            str(when) if when else None,
            frozenset(dossiers(d)),
            frozenset(topics(d)),
            _kst(d),
            frozenset(str(r.get("id")) for r in _items(d, "references")),
            frozenset(_words(str(d.get("title") or ""))),
            due,
            tuple(_editorial(d).get("dismissed_suggestions") or []),
            None if when else max(cited_dates(d), default=None),
        )


class _Candidate:
    """A scored *fulfils* candidate; its reason text is made only if it is shown."""

    __slots__ = ("c", "cites", "d", "dossiers", "other", "score", "topics", "when")

    def __init__(self, d: Facts, c: Due, other: Facts, when: str, shared: _Shared) -> None:
        self.d, self.c, self.other, self.when = d, c, other, when
        self.dossiers, self.topics, self.cites = shared
        self.score = 2 * len(self.dossiers) + len(self.topics) + (3 if self.cites else 0)

    @property
    def key(self) -> str:
        return f"fulfils:{self.d.id}:{self.c.id}:{self.other.id}"

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
        reasons.append(f"{dutch_date(self.when)}, binnen de termijn '{self.c.shown}'")
        return Suggestion(
            "fulfils", self.d.id, self.c.id, self.other.id, "; ".join(reasons), self.score
        )


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


def _candidates(index: _Index, facts: list[Facts], n: int, c: Due) -> Iterator[_Candidate]:
    d = facts[n]
    start = d.when
    assert start is not None  # only dated letters have due commitments
    for i in sorted(index.candidates(d, c.words, start, c.deadline)):
        other = facts[i]
        when = other.when
        if i == n or not when or not start < when <= c.deadline:
            continue
        shared = _fulfilment_match(d, c.words, other)
        if shared is not None:
            yield _Candidate(d, c, other, when, shared)


def could_fulfil(d: Facts, c: Due, other: Facts) -> bool:
    """``other`` is a *fulfils* candidate for the due commitment ``c`` of letter ``d``
    (unless it is ``d`` itself): dated in its window and matching (as :func:`_candidates`)."""
    when, start = other.when, d.when
    if not when or not start or not start < when <= c.deadline:
        return False
    return _fulfilment_match(d, c.words, other) is not None


def _fulfilment_match(d: Facts, words: frozenset[str], other: Facts) -> _Shared | None:
    shared_dossiers = d.dossiers & other.dossiers
    shared_topics = d.topics & other.topics
    cites = d.kst is not None and d.kst in other.cited
    if not shared_dossiers and not cites and not (shared_topics and words & other.title_words):
        return None  # a shared topic alone is too weak: the commitment's words must be in the title
    return shared_dossiers, shared_topics, cites


def _words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


# --------------------------------------------------------------------------- dates


def cited_dates(d: Mapping[str, Any]) -> list[tuple[str, str]]:
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


def _date_ranges(facts: list[Facts]) -> Iterator[Suggestion]:
    citing: dict[str, list[tuple[str, str]]] = {}  # paper -> (date, id) of dated letters citing it
    for o in facts:
        if o.when:
            for ref in o.cited:
                citing.setdefault(ref, []).append((o.when, o.id))
    for d in facts:
        if d.when:
            continue
        after = d.after
        before = min(citing.get(d.kst, ()), default=None) if d.kst else None
        if not after and not before:
            continue
        low = after[0] if after else "?"
        high = before[0] if before else "?"
        reasons = []
        if after:
            reasons.append(f"niet vóór {dutch_date(after[0])}: citeert '{after[1]}'")
        if before:
            reasons.append(f"niet na {dutch_date(before[0])}: geciteerd door brief {before[1]}")
        yield Suggestion("date-range", d.id, None, f"{low}..{high}", "; ".join(reasons), 1)
