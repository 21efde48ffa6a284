"""Split a growing listing into sub pages so no page grows with the collection.

A listing (the review page, the commitments timeline, a topic's letters, …) stays one
page while it holds at most :data:`LIMIT` rows. Beyond that its items go to sub pages,
one per period (year or quarter) or group, and a period that is still too large is cut
into numbered parts of at most :data:`LIMIT` rows: every page is bounded whatever the
number of letters. The short index page links to the parts with their counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from markupsafe import Markup

from .dates import parse_iso, quarter_key, quarter_label
from .links import md_link, page_name, rel

T = TypeVar("T")

LIMIT = 100  # rows on one listing page (a row: a letter, a commitment, a flag, …)
LATEST = 20  # rows a summary page shows before linking onward
UNDATED = ("zonder-datum", "Zonder datum")


@dataclass(frozen=True)
class Part(Generic[T]):
    key: str  # e.g. "2024-K1" or "2024-K1-2": also the file name
    label: str  # Dutch, e.g. "1e kwartaal 2024 (deel 2 van 3)"
    path: str  # docs-relative page path
    group: str  # the period or group the part belongs to
    items: tuple[T, ...]


def too_long(items: Sequence[T], weight: Callable[[T], int] | None = None) -> bool:
    """Whether ``items`` need sub pages."""
    return _total(items, weight) > LIMIT


def _total(items: Sequence[T], weight: Callable[[T], int] | None) -> int:
    return len(items) if weight is None else sum(weight(x) for x in items)


def split(
    items: Sequence[T],
    group: Callable[[T], tuple[str, str]],
    folder: str,
    weight: Callable[[T], int] | None = None,
) -> list[Part[T]]:
    """Items (in display order) grouped by ``group`` (key, label) in order of first
    appearance, each group cut into parts of at most :data:`LIMIT` rows (weights)."""
    groups: dict[str, tuple[str, list[T]]] = {}
    for item in items:
        key, label = group(item)
        groups.setdefault(key, (label, []))[1].append(item)
    parts: list[Part[T]] = []
    for key, (label, rows) in groups.items():
        chunks = _chunks(rows, weight)
        for n, chunk in enumerate(chunks, 1):
            name = page_name(key if n == 1 else f"{key}-{n}")
            text = label if len(chunks) == 1 else f"{label} (deel {n} van {len(chunks)})"
            parts.append(Part(name, text, f"{folder}/{name}.md", key, tuple(chunk)))
    return parts


def _chunks(rows: list[T], weight: Callable[[T], int] | None) -> list[list[T]]:
    chunks: list[list[T]] = [[]]
    size = 0
    for row in rows:
        w = 1 if weight is None else max(1, weight(row))
        if chunks[-1] and size + w > LIMIT:
            chunks.append([])
            size = 0
        chunks[-1].append(row)
        size += w
    return chunks


def by_quarter(day: dt.date | str | None) -> tuple[str, str]:
    when = parse_iso(day) if isinstance(day, str) or day is None else day
    return (quarter_key(when), quarter_label(when)) if when else UNDATED


def by_year(day: dt.date | str | None) -> tuple[str, str]:
    when = parse_iso(day) if isinstance(day, str) or day is None else day
    return (str(when.year), str(when.year)) if when else UNDATED


def part_links(label: str, paths: list[str], base: str) -> Markup:
    """``[2024](…)``, or ``2024: [deel 1](…), [deel 2](…)`` for a period cut in parts."""
    if len(paths) == 1:
        return md_link(label, rel(paths[0], base))
    links = [md_link(f"deel {n}", rel(path, base)) for n, path in enumerate(paths, 1)]
    return Markup("{}: {}").format(label, Markup(", ").join(links))


def periods(parts: Sequence[Part[T]], base: str) -> list[tuple[Markup, int]]:
    """(links, number of items) per period, in order."""
    rows: dict[str, tuple[str, list[str], int]] = {}
    for part in parts:
        label, paths, n = rows.get(part.group, (part.label.split(" (deel ")[0], [], 0))
        rows[part.group] = (label, [*paths, part.path], n + len(part.items))
    return [(part_links(label, paths, base), n) for label, paths, n in rows.values()]
