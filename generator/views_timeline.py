"""View data for the recommendations tracker and the two visual timelines.

These pages are HTML widgets inside Markdown: letter strings are escaped with
:func:`md_inline` (safe in HTML too) and links use ``.html`` (see :func:`html_href`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import Markup

from .dates import format_nl, month_label, parse_iso, quarter_key, quarter_label
from .escape import html_attr, md_inline, slug
from .links import (
    KIND_LABELS,
    STANCE_ORDER,
    display_title,
    html_href,
    letter_page,
    page_name,
    stance_badge,
    stance_css,
    stance_label,
    status_badge,
)
from .model import Letter
from .site import STATUS_LABELS, CommitmentItem, Corpus, format_dossier

STATUSES = ("verlopen", "komend", "nagekomen", "zonder-datum")


def _topic_attr(corpus: Corpus, topics: tuple[str, ...]) -> str:
    return " ".join(slug(t) for t in topics if slug(t) in corpus.topics)


def tracker_view(corpus: Corpus) -> dict[str, Any]:
    base = "aanbevelingen.md"
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    totals = dict.fromkeys((*STANCE_ORDER, None), 0)
    for letter in corpus.letters:
        for r in letter.recommendations:
            totals[r.stance] += 1
            key = (r.by or "Onbekende adviseur", r.report or "Onbekend rapport")
            groups.setdefault(key, []).append(
                {
                    "title": md_inline(r.title),
                    "href": html_href(letter_page(letter.id), base)
                    + f"#aanbeveling-{page_name(r.id)}",
                    "letter": md_inline(display_title(letter)),
                    "date": md_inline(format_nl(letter.effective_date)),
                    "sortdate": letter.effective_date or "",
                    "badge": stance_badge(r.stance),
                    "stance": stance_css(r.stance),
                    "order": (STANCE_ORDER.index(r.stance) if r.stance else len(STANCE_ORDER)),
                    "topics": _topic_attr(corpus, letter.topics),
                }
            )
    return {
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


def commitments_view(corpus: Corpus) -> dict[str, Any]:
    base = "toezeggingen.md"
    buckets: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for item in corpus.commitments:
        buckets.setdefault(_bucket(item.due), []).append(_commitment(corpus, item, base))
    today_key = quarter_key(corpus.today)
    periods: list[dict[str, Any]] = [
        {
            "key": key,
            "label": label,
            "anchor": f"periode-{slug(key)}",
            "items": items,
            "short": _short_quarter(key),
            "now": key == today_key,
            "past": key < today_key,
            "bars": [(s, sum(1 for i in items if i["status"] == s)) for s in STATUSES],
        }
        for (key, label), items in sorted(buckets.items())
    ]
    chart = _fill_quarters(periods)
    ministries = sorted({i.letter.ministry for i in corpus.commitments if i.letter.ministry})
    return {
        "today": format_nl(corpus.today),
        "today_key": today_key,
        "count": len(corpus.commitments),
        "dated": sum(1 for i in corpus.commitments if i.due),
        "periods": periods,
        "chart": chart,
        "max": max((len(p["items"]) for p in periods), default=1),
        "statuses": [(s, STATUS_LABELS[s]) for s in STATUSES],
        "topics": [(t.id, md_inline(t.label)) for t in corpus.topics.values()],
        "ministries": [(html_attr(m), md_inline(m)) for m in ministries],
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


def _timeline_item(corpus: Corpus, letter: Letter, dossier: str) -> dict[str, Any]:
    return {
        "href": html_href(letter_page(letter.id), "tijdlijn.md"),
        "title": md_inline(display_title(letter)),
        "date": md_inline(format_nl(letter.effective_date)),
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
        "label": month_label(day) if day else "Zonder datum",
        "short": (month_label(day)[:3], str(day.year)) if day else ("zonder", "datum"),
        "anchor": f"maand-{slug(key)}",
        "items": [],
    }


def timeline_view(corpus: Corpus) -> dict[str, Any]:
    months: dict[str, dict[str, Any]] = {}
    dossiers: set[str] = set()
    for letter in sorted(corpus.letters, key=lambda x: (x.effective_date or "9999", x.id)):
        day = parse_iso(letter.effective_date)
        month = months.setdefault(day.strftime("%Y-%m") if day else "zzzz", _month(day))
        k = letter.kamerstuk
        dossier = k.dossier if k and k.dossier else ""
        if dossier:
            dossiers.add(dossier)
        month["items"].append(_timeline_item(corpus, letter, dossier))
    ordered = [months[k] for k in sorted(months)]
    return {
        "months": ordered,
        "max": max((len(m["items"]) for m in ordered), default=1),
        "topics": [(t.id, md_inline(t.label)) for t in corpus.topics.values()],
        "dossiers": [(d, format_dossier(d)) for d in sorted(dossiers)],
    }
