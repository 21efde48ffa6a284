"""Editors' additions that the typed model does not carry, read from the letter YAML.

Per item: ``review`` (machine / reviewed, by whom, when, a note) on questions,
recommendations and commitments, ``stance_override`` on a recommendation and
``fulfilled_by`` on a commitment. Per letter: ``editorial`` (summary, extra topics, a date
for an undated letter and its source). :func:`read_editorial` reads them as typed values;
:func:`apply_editorial` gives the letter as the site shows it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from .escape import slug
from .model import Letter, Stance
from .store import load_yaml, read_text_file

REVIEWED_FIELDS = ("questions", "recommendations", "commitments")
_ITEM_KEY = {"questions": "number", "recommendations": "id", "commitments": "id"}


@dataclasses.dataclass(frozen=True)
class ItemReview:
    """Whether a person checked an item against the source."""

    reviewed: bool
    by: str | None = None
    date: str | None = None  # ISO date
    note: str | None = None


@dataclasses.dataclass(frozen=True)
class StanceOverride:
    stance: Stance
    reason: str
    by: str | None = None
    machine: Stance | None = None  # what the machine read; set by apply_editorial


@dataclasses.dataclass(frozen=True)
class Editorial:
    fulfilled: dict[str, str] = dataclasses.field(default_factory=dict)  # c-id -> letter id
    stances: dict[str, StanceOverride] = dataclasses.field(default_factory=dict)  # r-id ->
    reviews: dict[tuple[str, str], ItemReview] = dataclasses.field(default_factory=dict)
    summary: str | None = None
    extra_topics: tuple[str, ...] = ()
    date: str | None = None
    date_source: str | None = None

    def review(self, field: str, key: object) -> ItemReview | None:
        """The review of ``questions``/``recommendations``/``commitments`` item ``key``."""
        return self.reviews.get((field, str(key)))


NO_EDITORIAL = Editorial()


def _text(value: Any) -> str | None:
    """An editor's scalar as text (YAML may give a date or a number); None when empty."""
    if value is None or isinstance(value, bool):
        return None
    text = " ".join(str(value).split())
    return text or None


def _items(data: Any, key: str) -> list[dict[str, Any]]:
    value = data.get(key) if isinstance(data, dict) else None
    return [x for x in value or () if isinstance(x, dict) and x.get(_ITEM_KEY[key]) is not None]


def _review(value: Any) -> ItemReview | None:
    if not isinstance(value, dict):
        return None
    return ItemReview(
        reviewed=value.get("state") == "reviewed",
        by=_text(value.get("by")),
        date=_text(value.get("date")),
        note=_text(value.get("note")),
    )


def _override(value: Any) -> StanceOverride | None:
    stances = {s.value for s in Stance}
    if not isinstance(value, dict) or value.get("stance") not in stances:
        return None
    return StanceOverride(
        Stance(value["stance"]), _text(value.get("reason")) or "", _text(value.get("by"))
    )


def _read_reviews(data: Any) -> dict[tuple[str, str], ItemReview]:
    reviews: dict[tuple[str, str], ItemReview] = {}
    for field in REVIEWED_FIELDS:
        for item in _items(data, field):
            review = _review(item.get("review"))
            if review is not None:
                reviews[(field, str(item[_ITEM_KEY[field]]))] = review
    return reviews


def _read_stances(data: Any) -> dict[str, StanceOverride]:
    stances: dict[str, StanceOverride] = {}
    for r in _items(data, "recommendations"):
        override = _override(r.get("stance_override"))
        if override is not None:
            stances[str(r["id"])] = override
    return stances


def read_editorial(path: Path) -> Editorial:
    return editorial_from_data(load_yaml(read_text_file(path), str(path)))


def editorial_from_data(data: Any) -> Editorial:
    """The editors' fields of a letter file already parsed (see :func:`read_editorial`)."""
    letter = data.get("editorial") if isinstance(data, dict) else None
    letter = letter if isinstance(letter, dict) else {}
    topics = letter.get("extra_topics")
    return Editorial(
        fulfilled={
            str(c["id"]): str(c["fulfilled_by"])
            for c in _items(data, "commitments")
            if c.get("fulfilled_by")
        },
        stances=_read_stances(data),
        reviews=_read_reviews(data),
        summary=_text(letter.get("summary")),
        extra_topics=tuple(slug(str(t)) for t in topics if t) if isinstance(topics, list) else (),
        date=_text(letter.get("date")),
        date_source=_text(letter.get("date_source")),
    )


def apply_editorial(letter: Letter, editorial: Editorial) -> tuple[Letter, Editorial]:
    """The letter as the site shows it: editors' stances win, extra topics join the
    letter's topics; fulfilments are kept aside. The editorial comes back with the
    machine's stance beside each override."""
    stances = {
        r.id: dataclasses.replace(editorial.stances[r.id], machine=r.stance)
        for r in letter.recommendations
        if r.id in editorial.stances
    }
    recs = tuple(
        dataclasses.replace(r, stance=stances[r.id].stance) if r.id in stances else r
        for r in letter.recommendations
    )
    known = {slug(t) for t in letter.topics}
    topics = letter.topics + tuple(
        t for t in dict.fromkeys(editorial.extra_topics) if t not in known
    )
    extra = dict(letter.editorial)
    if editorial.date:
        extra["date"] = editorial.date
    if editorial.fulfilled:
        merged = dict(editorial.fulfilled)
        old = extra.get("fulfilled_by")
        if isinstance(old, dict):
            merged = {**{str(k): str(v) for k, v in old.items()}, **merged}
        extra["fulfilled_by"] = merged
    shown = dataclasses.replace(letter, recommendations=recs, topics=topics, editorial=extra)
    return shown, dataclasses.replace(editorial, stances=stances)
