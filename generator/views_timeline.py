"""View data for the recommendations tracker and the two visual timelines.

These pages are HTML widgets inside Markdown: letter strings are escaped with
:func:`md_inline` (safe in HTML too) and links use ``.html`` (see :func:`html_href`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from . import paging
from .dates import format_nl, month_label, parse_iso, quarter_key, quarter_label
from .escape import html_attr, md_inline, slug
from .links import (
    EDITOR_DATE,
    KIND_LABELS,
    STANCE_ORDER,
    display_title,
    html_href,
    letter_date,
    letter_page,
    md_link,
    page_name,
    rel,
    stance_badge,
    stance_css,
    stance_label,
    status_badge,
)
from .model import Letter, Recommendation
from .site import STATUS_LABELS, CommitmentItem, Corpus, format_dossier

STATUSES = ("verlopen", "komend", "nagekomen", "zonder-datum")


def _topic_attr(corpus: Corpus, topics: tuple[str, ...]) -> str:
    return " ".join(slug(t) for t in topics if slug(t) in corpus.topics)


TRACKER = "aanbevelingen.md"


def tracker_pages(corpus: Corpus) -> dict[str, dict[str, Any]]:
    """The tracker; with many recommendations a short index of reports with counts and
    one sub page per report (cut in parts), ``aanbevelingen/rapport-3.md``."""
    parts = tracker_plan(corpus)
    pages = {path: tracker_part(corpus, path, period, keys) for path, period, keys in parts}
    return pages if parts[0][0] == TRACKER else {**pages, **tracker_index(corpus)}


RecommendationKey = tuple[str, str]  # letter id, recommendation id
TrackerPart = tuple[str, str, tuple[RecommendationKey, ...]]  # page, period, items


def _recommendations(corpus: Corpus) -> list[tuple[Letter, Recommendation]]:
    return [(letter, r) for letter in corpus.letters for r in letter.recommendations]


def _rec_keys(recs: Sequence[tuple[Letter, Recommendation]]) -> tuple[RecommendationKey, ...]:
    return tuple((letter.id, r.id) for letter, r in recs)


def tracker_plan(corpus: Corpus) -> list[TrackerPart]:
    """The tracker pages that list recommendations (:func:`tracker_part` makes each):
    ``aanbevelingen.md`` itself, or the reports' pages (then :func:`tracker_index` makes
    the index and the overview pages)."""
    recs = _recommendations(corpus)
    if not paging.too_long(recs):
        return [(TRACKER, "", _rec_keys(recs))]
    return [(p.path, p.label, _rec_keys(p.items)) for p in _tracker_split(recs)[1]]


def _tracker_split(
    recs: list[tuple[Letter, Recommendation]],
) -> tuple[
    dict[tuple[str, str], list[tuple[Letter, Recommendation]]],
    list[paging.Part[tuple[Letter, Recommendation]]],
]:
    groups = _report_groups(recs)
    anchors = {key: f"rapport-{i + 1}" for i, key in enumerate(sorted(groups))}
    ordered = [x for key in sorted(groups) for x in groups[key]]
    parts = paging.split(
        ordered, lambda x: (anchors[_report_key(x[1])], _report_label(x[1])), "aanbevelingen"
    )
    return groups, parts


def tracker_part(
    corpus: Corpus, path: str, period: str, keys: tuple[RecommendationKey, ...]
) -> dict[str, Any]:
    recs = []
    for letter_id, rec_id in keys:
        letter = corpus.by_id[letter_id]
        recs.append((letter, next(r for r in letter.recommendations if r.id == rec_id)))
    view = tracker_view(corpus, recs, path)
    return view if path == TRACKER else {**view, "period": period}


def tracker_index(corpus: Corpus) -> dict[str, dict[str, Any]]:
    """The tracker's index and, with many reports, its overview pages."""
    recs = _recommendations(corpus)
    groups, parts = _tracker_split(recs)
    pages: dict[str, dict[str, Any]] = {}
    index = tracker_view(corpus, recs, TRACKER, counts_only=True)  # rows not shown
    paths: dict[str, list[str]] = {}
    for p in parts:
        paths.setdefault(p.group, []).append(p.path)
    for g in index["groups"]:
        g["parts"] = paging.part_links("bekijk", paths[g["anchor"]], TRACKER)
    index["index"] = True
    if len(index["groups"]) > paging.LIMIT:
        pages.update(_report_index_parts(corpus, index, groups, paths))
    return {**pages, TRACKER: index}


def _report_index_parts(
    corpus: Corpus,
    index: dict[str, Any],
    groups: dict[tuple[str, str], list[tuple[Letter, Recommendation]]],
    paths: dict[str, list[str]],
) -> dict[str, dict[str, Any]]:
    """More reports than one page holds: the table of reports goes to overview pages of
    at most :data:`paging.LIMIT` reports (``aanbevelingen/rapporten-2.md``) and the index
    keeps the totals and a table of those pages."""
    keys = sorted(groups)
    rows = index["groups"]
    pages: dict[str, dict[str, Any]] = {}
    overview = []
    for start in range(0, len(rows), paging.LIMIT):
        n = start // paging.LIMIT + 1
        path = f"aanbevelingen/rapporten-{n}.md"
        chunk = keys[start : start + paging.LIMIT]
        recs = [x for key in chunk for x in groups[key]]
        view = tracker_view(corpus, recs, path, counts_only=True)  # rows not shown
        for g, first in zip(view["groups"], rows[start : start + paging.LIMIT], strict=True):
            g["anchor"] = first["anchor"]
            g["parts"] = paging.part_links("bekijk", paths[first["anchor"]], path)
        end = start + len(chunk)
        view.update(index=True, period=f"rapporten {start + 1}-{end} van {len(rows)}")
        pages[path] = view
        overview.append(
            {
                "link": md_link(f"Rapporten {start + 1}-{end}", rel(path, TRACKER)),
                "first": Markup("{}: {}").format(rows[start]["by"], rows[start]["report"]),
                "last": Markup("{}: {}").format(rows[end - 1]["by"], rows[end - 1]["report"]),
                "count": sum(len(g["rows"]) for g in view["groups"]),
            }
        )
    index["overview"] = overview
    return pages


def _report_key(r: Recommendation) -> tuple[str, str]:
    return (r.by or "Onbekende adviseur", r.report or "Onbekend rapport")


def _report_label(r: Recommendation) -> str:
    by, report = _report_key(r)
    return f"{by}: {report}"


def _report_groups(
    recs: list[tuple[Letter, Recommendation]],
) -> dict[tuple[str, str], list[tuple[Letter, Recommendation]]]:
    groups: dict[tuple[str, str], list[tuple[Letter, Recommendation]]] = {}
    for letter, r in recs:
        groups.setdefault(_report_key(r), []).append((letter, r))
    return groups


def tracker_view(
    corpus: Corpus,
    recs: list[tuple[Letter, Recommendation]],
    base: str,
    counts_only: bool = False,
) -> dict[str, Any]:
    """``counts_only``: each row only as its stance (for a page that counts rows)."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    totals = dict.fromkeys((*STANCE_ORDER, None), 0)
    for letter, r in recs:
        totals[r.stance] += 1
        if counts_only:
            groups.setdefault(_report_key(r), []).append({"stance": stance_css(r.stance)})
            continue
        groups.setdefault(_report_key(r), []).append(
            {
                "title": md_inline(r.title),
                "href": html_href(letter_page(letter.id), base) + f"#aanbeveling-{page_name(r.id)}",
                "letter": md_inline(display_title(letter)),
                "date": md_inline(letter_date(letter)),
                "sortdate": letter.effective_date or "",
                "badge": stance_badge(r.stance),
                "stance": stance_css(r.stance),
                "order": (STANCE_ORDER.index(r.stance) if r.stance else len(STANCE_ORDER)),
                "topics": _topic_attr(corpus, letter.topics),
            }
        )
    return {
        "index": False,
        "overview": [],
        "period": "",
        "up": rel(TRACKER, base) if base != TRACKER else "",
        "total": sum(totals.values()),
        "totals": [
            {"badge": stance_badge(s), "label": stance_label(s), "css": stance_css(s), "n": n}
            for s, n in totals.items()
            if n or s is not None
        ],
        "groups": [
            {
                "by": md_inline(by),
                "report": md_inline(report),
                "anchor": f"rapport-{i + 1}",
                "rows": rows,
                "counts": _counts(rows),
                "parts": Markup(""),
            }
            for i, ((by, report), rows) in enumerate(sorted(groups.items()))
        ],
    }


def _counts(rows: list[dict[str, Any]]) -> list[tuple[Markup, int]]:
    out = []
    for s in (*STANCE_ORDER, None):
        n = sum(1 for r in rows if r["stance"] == stance_css(s))
        if n:
            out.append((stance_badge(s), n))
    return out


def _bucket(day: dt.date | None) -> tuple[str, str]:
    if day is None:
        return ("zzzz", "Zonder datum")
    return (quarter_key(day), quarter_label(day))


def _short_quarter(key: str) -> tuple[str, str]:
    year, _, quarter = key.partition("-")
    return (quarter, year) if quarter else ("zonder", "datum")


def _fill_quarters(periods: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Chart columns for every quarter between the first and last one, empty ones too."""
    by_key = {p["key"]: p for p in periods}
    dated = [p["key"] for p in periods if p["key"] != "zzzz"]
    out: list[dict[str, Any]] = []
    if dated:
        year, quarter = int(dated[0][:4]), int(dated[0][-1])
        while f"{year}-K{quarter}" <= dated[-1]:
            key = f"{year}-K{quarter}"
            empty = {"key": key, "anchor": "", "short": _short_quarter(key), "now": False}
            out.append(by_key.get(key, {**empty, "bars": [], "items": []}))
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    if "zzzz" in by_key:
        out.append(by_key["zzzz"])
    return out


COMMITMENTS = "toezeggingen.md"


CommitmentsPart = tuple[str, str, tuple[tuple[str, str], ...]]  # page, period, items


def commitments_plan(corpus: Corpus) -> tuple[dict[str, Any] | None, list[CommitmentsPart]]:
    """The commitments pages to make (:func:`commitments_part` makes each) and the
    index's view (None: ``toezeggingen.md`` itself holds every commitment)."""
    items = list(corpus.commitments)
    if not paging.too_long(items):
        return None, [(COMMITMENTS, "", tuple(_item_key(i) for i in items))]
    parts = paging.split(items, lambda i: _bucket_key(i.due), "toezeggingen")
    plan = [(p.path, p.label, tuple(_item_key(i) for i in p.items)) for p in parts]
    return _commitments_index(corpus, items, parts), plan


def _item_key(item: CommitmentItem) -> tuple[str, str]:
    return (item.letter.id, item.commitment.id)


def commitments_part(
    corpus: Corpus, path: str, period: str, keys: tuple[tuple[str, str], ...]
) -> dict[str, Any]:
    """The commitments page ``path`` with the items ``keys`` (letter id, commitment id)."""
    items = [corpus.commitments_of(letter_id)[c_id] for letter_id, c_id in keys]
    view = commitments_view(corpus, items, path)
    return view if path == COMMITMENTS else {**view, "chart": [], "period": period}


def _commitments_index(
    corpus: Corpus, items: list[CommitmentItem], parts: list[paging.Part[CommitmentItem]]
) -> dict[str, Any]:
    # the index shows the chart and the quarters' counts: each item's status is enough
    index = commitments_view(corpus, items, COMMITMENTS, statuses_only=True)
    first: dict[str, str] = {}
    for p in parts:
        first.setdefault(p.group, html_href(p.path, COMMITMENTS))
    for column in index["chart"]:
        if column["anchor"]:
            column["href"] = first[column["key"]]
    index["parts"] = [
        (links, n, period)
        for (links, n), period in zip(
            paging.periods(parts, COMMITMENTS), index["periods"], strict=True
        )
    ]
    return index


def _bucket_key(day: dt.date | None) -> tuple[str, str]:
    key, label = _bucket(day)
    return (key, label)


def commitments_view(
    corpus: Corpus, commitments: list[CommitmentItem], base: str, statuses_only: bool = False
) -> dict[str, Any]:
    """``statuses_only``: each item only as its status (for a page that lists no items)."""
    buckets: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for item in commitments:
        shown = {"status": item.status} if statuses_only else _commitment(corpus, item, base)
        buckets.setdefault(_bucket(item.due), []).append(shown)
    today_key = quarter_key(corpus.today)
    periods: list[dict[str, Any]] = [
        {
            "key": key,
            "label": label,
            "anchor": f"periode-{slug(key)}",
            "href": f"#periode-{slug(key)}",
            "items": items,
            "short": _short_quarter(key),
            "now": key == today_key,
            "past": key < today_key,
            "bars": [(s, sum(1 for i in items if i["status"] == s)) for s in STATUSES],
        }
        for (key, label), items in sorted(buckets.items())
    ]
    chart = _fill_quarters(periods)
    ministries = sorted({i.letter.ministry for i in commitments if i.letter.ministry})
    return {
        "today": format_nl(corpus.today),
        "today_key": today_key,
        "count": len(commitments),
        "dated": sum(1 for i in commitments if i.due),
        "periods": periods,
        "chart": chart,
        "max": max((len(p["items"]) for p in periods), default=1),
        "statuses": [(s, STATUS_LABELS[s]) for s in STATUSES],
        "topics": [(t.id, md_inline(t.label)) for t in corpus.topics.values()],
        "ministries": [(html_attr(m), md_inline(m)) for m in ministries],
        "parts": [],
        "period": "",
        "up": rel(COMMITMENTS, base) if base != COMMITMENTS else "",
    }


def _commitment(corpus: Corpus, item: CommitmentItem, base: str) -> dict[str, Any]:
    letter = item.letter
    anchor = f"#toezegging-{page_name(item.commitment.id)}"
    return {
        "status": item.status,
        "badge": status_badge(item.status, STATUS_LABELS[item.status]),
        "due": md_inline(format_nl(item.due, "geen datum")),
        "iso": item.due.isoformat() if item.due else "",
        "due_text": md_inline(item.commitment.due_text),
        "text": md_inline(item.commitment.text),
        "href": html_href(letter_page(letter.id), base) + anchor,
        "letter": md_inline(display_title(letter)),
        "ministry": html_attr(letter.ministry),
        "topics": _topic_attr(corpus, letter.topics),
        "fulfilled": html_href(letter_page(item.fulfilled_by), base) if item.fulfilled_by else "",
    }


TIMELINE = "tijdlijn.md"


def _timeline_item(corpus: Corpus, letter: Letter, dossier: str, base: str) -> dict[str, Any]:
    return {
        "href": html_href(letter_page(letter.id), base),
        "title": md_inline(display_title(letter)),
        "date": md_inline(format_nl(letter.effective_date)),
        "iso": letter.effective_date or "",
        "editor_date": EDITOR_DATE if letter.effective_date and not letter.date else "",
        "kind": KIND_LABELS[letter.kind],
        "dossier": dossier,
        "dossier_label": format_dossier(dossier) if dossier else "",
        "topics": _topic_attr(corpus, letter.topics),
        "topic_labels": [
            md_inline(corpus.topics[slug(t)].label)
            for t in letter.topics
            if slug(t) in corpus.topics
        ],
    }


def _month(day: dt.date | None) -> dict[str, Any]:
    key = day.strftime("%Y-%m") if day else "zzzz"
    return {
        "key": key,
        "label": month_label(day) if day else "Zonder datum",
        "short": (month_label(day)[:3], str(day.year)) if day else ("zonder", "datum"),
        "anchor": f"maand-{slug(key)}",
        "href": f"#maand-{slug(key)}",
        "items": [],
    }


TimelinePart = tuple[str, str, tuple[str, ...]]  # page, period, letter ids


def _timeline_letters(corpus: Corpus) -> list[Letter]:
    return sorted(corpus.letters, key=lambda x: (x.effective_date or "9999", x.id))


def timeline_plan(corpus: Corpus) -> list[TimelinePart]:
    """The timeline pages that list letters (:func:`timeline_part` makes each):
    ``tijdlijn.md`` itself, or the years' pages (then :func:`timeline_index` makes the
    index)."""
    letters = _timeline_letters(corpus)
    if not paging.too_long(letters):
        return [(TIMELINE, "", tuple(x.id for x in letters))]
    parts = paging.split(letters, lambda x: paging.by_year(x.effective_date), "tijdlijn")
    return [(p.path, p.label, tuple(x.id for x in p.items)) for p in parts]


def timeline_part(
    corpus: Corpus, path: str, period: str, letter_ids: tuple[str, ...]
) -> dict[str, Any]:
    view = timeline_view(corpus, [corpus.by_id[x] for x in letter_ids], path)
    return view if path == TIMELINE else {**view, "period": period}


def timeline_index(corpus: Corpus) -> dict[str, Any]:
    letters = _timeline_letters(corpus)
    parts = paging.split(letters, lambda x: paging.by_year(x.effective_date), "tijdlijn")
    index = timeline_view(corpus, letters, TIMELINE, counts_only=True)  # items not shown
    first: dict[str, str] = {}
    for p in parts:
        for x in p.items:
            day = parse_iso(x.effective_date)
            first.setdefault(day.strftime("%Y-%m") if day else "zzzz", html_href(p.path, TIMELINE))
    for month in index["months"]:
        month["href"] = first[month["key"]]
    index["parts"] = paging.periods(parts, TIMELINE)
    return index


def timeline_view(
    corpus: Corpus, letters: list[Letter], base: str, counts_only: bool = False
) -> dict[str, Any]:
    """``counts_only``: the months' items left empty (a page that shows only the chart)."""
    months: dict[str, dict[str, Any]] = {}
    dossiers: set[str] = set()
    for letter in letters:
        day = parse_iso(letter.effective_date)
        month = months.setdefault(day.strftime("%Y-%m") if day else "zzzz", _month(day))
        k = letter.kamerstuk
        dossier = k.dossier if k and k.dossier else ""
        if dossier:
            dossiers.add(dossier)
        month["items"].append({} if counts_only else _timeline_item(corpus, letter, dossier, base))
    ordered = [months[k] for k in sorted(months)]
    return {
        "months": ordered,
        "max": max((len(m["items"]) for m in ordered), default=1),
        "topics": [(t.id, md_inline(t.label)) for t in corpus.topics.values()],
        "dossiers": [(d, format_dossier(d)) for d in sorted(dossiers)],
        "parts": [],
        "period": "",
        "up": rel(TIMELINE, base) if base != TIMELINE else "",
    }
