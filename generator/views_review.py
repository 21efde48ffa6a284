"""View data for the review page (``redactie.md``): what an editor still has to look at.

Per letter: the machine's review flags (in Dutch, with a link to the source lines on the
letter page), text no rule placed, unclear stances and unresolved references; flags an
editor has already dealt with (a date supplied, a stance overridden) are left out. Then
the suggestions of :mod:`generator.suggest` with links, and the unreviewed items.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from .changes import dutch_date
from .editorial import REVIEWED_FIELDS, Editorial
from .escape import md_inline
from .links import display_title, letter_page, md_link, page_name, rel
from .model import Letter, ReviewFlag, Span
from .site import Corpus
from .store import load_yaml, read_text_file
from .suggest import Suggestion, suggest_links
from .views_letter import line_anchors

BASE = "redactie.md"
FLAG_LABELS = {
    "date-missing": "datum ontbreekt",
    "dossier-missing": "dossiernummer ontbreekt",
    "signature-missing": "ondertekening ontbreekt",
    "stance-unclear": "standpunt onduidelijk",
    "recommendations-in-prose": "aanbevelingen in lopende tekst",
    "unplaced-text": "niet geplaatste tekst",
    "footnote-missing": "voetnoot ontbreekt",
    "footnote-uncited": "voetnoot zonder verwijzing",
    "question-incomplete": "vraag onvolledig",
    "no-structure": "geen briefstructuur herkend",
}
ITEM_LABELS = {
    "questions": "vragen",
    "recommendations": "aanbevelingen",
    "commitments": "toezeggingen",
}


def review_view(corpus: Corpus) -> dict[str, Any]:
    rows = []
    for letter in corpus.letters:
        issues = review_issues(corpus, letter)
        if issues:
            rows.append({"link": _letter_link(letter), "issues": issues})
    unreviewed = [_unreviewed(corpus, x) for x in corpus.letters]
    return {
        "rows": rows,
        "count": sum(len(r["issues"]) for r in rows),
        "suggestions": [_suggestion(corpus, s) for s in suggest_links(_raw_letters(corpus))],
        "unreviewed": sum(n for _, n, _ in unreviewed),
        "unreviewed_rows": [(link, n, parts) for link, n, parts in unreviewed if n],
    }


def _letter_link(letter: Letter, anchor: str = "") -> Markup:
    return md_link(display_title(letter), rel(letter_page(letter.id), BASE) + anchor)


def _lines(letter: Letter, span: Span | None, anchored: frozenset[int]) -> Markup:
    """``[regels 12-15](brieven/x.md#r12)``, or nothing without a span."""
    if span is None:
        return Markup("")
    inside = [n for n in span.lines() if n in anchored]
    before = [n for n in anchored if n <= span.start]
    line = inside[0] if inside else max(before, default=None)
    label = f"regel {span.start}" if span.start == span.end else f"regels {span.start}-{span.end}"
    anchor = f"#r{line}" if line is not None else "#volledige-tekst"
    return Markup(" ({})").format(md_link(label, rel(letter_page(letter.id), BASE) + anchor))


def _issue(label: str, detail: str, lines: Markup | None = None) -> Markup:
    return Markup("**{}**: {}{}").format(md_inline(label), md_inline(detail), lines or "")


def review_issues(corpus: Corpus, letter: Letter) -> list[Markup]:
    ed = corpus.editorial_of(letter.id)
    anchored = line_anchors(letter)
    flags = [f for f in letter.review if not _resolved(letter, ed, f)]
    issues = [
        _issue(FLAG_LABELS.get(f.code, f.code), f.message, _lines(letter, f.span, anchored))
        for f in flags
    ]
    codes = {f.code for f in letter.review}
    if not letter.effective_date and "date-missing" not in codes:
        issues.append(_issue("datum ontbreekt", "de brief noemt geen datum"))
    flagged = {f.span for f in letter.review if f.code == "unplaced-text"}
    for u in letter.unplaced:
        if u.span not in flagged:
            lines = _lines(letter, u.span, anchored)
            issues.append(_issue("niet geplaatste tekst", _shorten(u.text), lines))
    unclear = {f.span for f in letter.review if f.code == "stance-unclear"}
    for r in letter.recommendations:
        if r.stance is None and r.appreciatie_span not in unclear:
            issues.append(
                _issue("standpunt onduidelijk", r.title, _lines(letter, r.span, anchored))
            )
    for ref in letter.references:
        if corpus.resolve(ref.id, ref.url, letter.id).url is None:
            lines = _lines(letter, ref.span, anchored)
            issues.append(_issue("verwijzing niet opgelost", _shorten(ref.text), lines))
    return issues


def _resolved(letter: Letter, ed: Editorial, flag: ReviewFlag) -> bool:
    """A machine flag an editor has already dealt with."""
    if flag.code == "date-missing":
        return letter.effective_date is not None
    if flag.code == "stance-unclear":
        return any(
            r.appreciatie_span == flag.span and r.id in ed.stances for r in letter.recommendations
        )
    return False


def _shorten(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _raw_letters(corpus: Corpus) -> list[dict[str, Any]]:
    out = []
    for path in sorted((corpus.content / "letters").glob("*.yml")):
        data = load_yaml(read_text_file(path), str(path))
        if isinstance(data, dict):
            out.append(data)
    return out


def _suggestion(corpus: Corpus, s: Suggestion) -> dict[str, Markup]:
    letter = corpus.by_id.get(s.letter)
    about = _letter_link(letter) if letter else md_inline(s.letter)
    if s.kind == "fulfils":
        item = s.item or ""
        anchor = f"#toezegging-{page_name(item)}"
        other = corpus.by_id.get(s.value)
        text = Markup("Toezegging {} in {} lijkt nagekomen door {}").format(
            md_link(item, rel(letter_page(s.letter), BASE) + anchor) if letter else md_inline(item),
            about,
            _letter_link(other) if other else md_inline(s.value),
        )
        how = Markup("<code>fulfilled_by: {}</code> bij {}").format(
            md_inline(repr(s.value)), md_inline(item)
        )
    else:
        text = Markup("{} heeft geen datum; waarschijnlijk {}").format(about, _range(s.value))
        how = Markup("<code>editorial.date</code> met <code>date_source</code>")
    return {"text": text, "reason": md_inline(s.reason), "how": how, "key": md_inline(s.key)}


def _range(value: str) -> str:
    low, _, high = value.partition("..")
    if "?" not in (low, high):
        return f"tussen {dutch_date(low)} en {dutch_date(high)}"
    return f"na {dutch_date(low)}" if high == "?" else f"vóór {dutch_date(high)}"


def _unreviewed(corpus: Corpus, letter: Letter) -> tuple[Markup, int, str]:
    ed = corpus.editorial_of(letter.id)
    keys = {
        "questions": [str(q.number) for q in letter.questions],
        "recommendations": [r.id for r in letter.recommendations],
        "commitments": [c.id for c in letter.commitments],
    }
    counts = {
        field: sum(1 for k in keys[field] if not _reviewed(ed, field, k))
        for field in REVIEWED_FIELDS
    }
    parts = ", ".join(f"{n} {ITEM_LABELS[f][n != 1]}" for f, n in counts.items() if n)
    return _letter_link(letter), sum(counts.values()), parts


def _reviewed(ed: Editorial, field: str, key: str) -> bool:
    review = ed.review(field, key)
    return review is not None and review.reviewed
