"""The editors' review state on plain letter data (dicts as loaded from the YAML).

Not used by the site build: the site reads the same fields as typed values through
:mod:`generator.editorial` and renders them in :mod:`generator.views_letter` (badges,
override notes) and :mod:`generator.views_review` (the review page). What is here is a
plain-text rendering of the same, kept for tools that work on the raw YAML.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

from .changes import dutch_date, effective_stance, stance_label
from .suggest import Suggestion, suggest_links

BADGE_UNREVIEWED = "nog niet gecontroleerd"
BADGE_REVIEWED = "gecontroleerd"
REVIEWED_ITEMS = {
    "questions": "vraag",
    "recommendations": "aanbeveling",
    "commitments": "toezegging",
}


def review_badge(item: dict[str, Any]) -> str:
    """The badge of a question, recommendation or commitment on the site."""
    review = item.get("review")
    if isinstance(review, dict) and review.get("state") == "reviewed":
        by = f" door {review['by']}" if review.get("by") else ""
        return f"{BADGE_REVIEWED}{by}"
    return BADGE_UNREVIEWED


@dataclass(frozen=True)
class ShownStance:
    stance: str | None
    label: str  # Dutch, e.g. "deels overgenomen"
    corrected: bool  # an editor overrode the machine's reading
    reason: str | None


def shown_stance(rec: dict[str, Any]) -> ShownStance:
    """The stance the site shows: the editor's override if any, with its reason."""
    override = rec.get("stance_override")
    corrected = isinstance(override, dict) and bool(override.get("stance"))
    stance = effective_stance(rec)
    reason = str(override.get("reason")) if corrected and isinstance(override, dict) else None
    return ShownStance(stance, stance_label(stance), corrected, reason)


@dataclass(frozen=True)
class OpenItem:
    letter: str
    kind: str  # vraag, aanbeveling, toezegging
    key: str
    text: str


def open_items(letters: Iterable[dict[str, Any]]) -> list[OpenItem]:
    """Items nobody has reviewed yet, letter by letter."""
    out: list[OpenItem] = []
    for d in letters:
        for field, kind in REVIEWED_ITEMS.items():
            for item in d.get(field) or []:
                if isinstance(item, dict) and review_badge(item) == BADGE_UNREVIEWED:
                    key = item.get("id", item.get("number"))
                    text = item.get("title") or item.get("question") or item.get("text") or ""
                    out.append(OpenItem(str(d.get("id")), kind, str(key), str(text)))
    return out


def render_review_page(letters: list[dict[str, Any]]) -> str:
    """Markdown for the review page: suggestions to confirm, then unreviewed items."""
    parts = ["# Redactie: nakijken\n"]
    parts.append(_suggestions_md(suggest_links(letters)))
    parts.append(_open_items_md(open_items(letters)))
    return "\n".join(parts)


def _suggestions_md(suggestions: list[Suggestion]) -> str:
    lines = ["## Voorstellen om te bevestigen\n"]
    if not suggestions:
        lines.append("Geen openstaande voorstellen.\n")
    for s in suggestions:
        if s.kind == "fulfils":
            what = f"Toezegging {s.item} in brief {s.letter} lijkt nagekomen door brief {s.value}"
            how = f"`fulfilled_by: '{s.value}'` bij {s.item}"
        else:
            low, _, high = s.value.partition("..")
            span = " en ".join(dutch_date(x) for x in (low, high) if x != "?")
            when = (
                f"tussen {span}"
                if "?" not in (low, high)
                else f"{'na' if high == '?' else 'vóór'} {span}"
            )
            what = f"Brief {s.letter} heeft geen datum; waarschijnlijk {when}"
            how = "`editorial.date` met `date_source`"
        lines.append(
            f"- {escape(what)} — {escape(s.reason)}. Bevestigen: {how}. "
            f"Afwijzen: `{s.key}` in `editorial.dismissed_suggestions`."
        )
    return "\n".join(lines) + "\n"


def _open_items_md(items: list[OpenItem]) -> str:
    lines = [f"## {BADGE_UNREVIEWED.capitalize()} ({len(items)})\n"]
    for item in items:
        text = item.text if len(item.text) <= 80 else item.text[:79] + "…"
        lines.append(
            f"- brief {escape(item.letter)}, {item.kind} {escape(item.key)}: {escape(text)}"
        )
    return "\n".join(lines) + "\n"
