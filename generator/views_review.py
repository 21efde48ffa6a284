"""View data for the review page (``redactie.md``): what an editor still has to look at.

Per letter: the machine's review flags (in Dutch, with a link to the source lines on the
letter page), text no rule placed, unclear stances and unresolved references; flags an
editor has already dealt with (a date supplied, a stance overridden) are left out. Then
the suggestions of :mod:`generator.suggest` with links, and the unreviewed items.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup

from . import paging
from .changes import dutch_date
from .editorial import REVIEWED_FIELDS, Editorial
from .escape import markup_format, md_inline
from .links import display_title, html_href, letter_page, md_link, page_name, rel
from .model import Letter, ReviewFlag, Span
from .site import Corpus
from .suggest import Suggestion, best_suggestions
from .views_letter import LineAnchors, anchor_line, corpus_line_anchors

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
ITEM_LABELS = {  # (one, more)
    "questions": ("vraag", "vragen"),
    "recommendations": ("aanbeveling", "aanbevelingen"),
    "commitments": ("toezegging", "toezeggingen"),
}


SUGGESTIONS_PER_ITEM = 3  # best candidates shown per commitment; the rest are counted


ReviewPart = tuple[str, str, tuple[str, ...]]  # page, period, ids of its letters


def review_plan(
    corpus: Corpus, counts: Callable[[str], tuple[int, int]] | None = None
) -> tuple[dict[str, Any] | None, list[ReviewPart]]:
    """The review pages to make (:func:`review_part` makes each) and the index's view
    (None: one page, ``redactie.md`` itself, holds every row). ``counts``: a letter's
    :func:`review_counts` by its id (for a memo of them)."""
    count = counts or functools.partial(review_counts, corpus)
    rows: list[dict[str, Any]] = []
    for letter in corpus.letters:
        issues, unreviewed = count(letter.id)
        row = {"letter": letter, "issue_count": issues, "unreviewed": unreviewed}
        rows.append({**row, "suggestions": corpus.suggestions_of(letter.id)})
    if not paging.too_long(rows, _weight):
        return None, [(BASE, "", tuple(r["letter"].id for r in rows))]
    parts = paging.split(
        rows, lambda r: paging.by_quarter(r["letter"].effective_date), "redactie", _weight
    )
    # the index shows only counts and the periods (the rows are on the part pages)
    index = _review_view(corpus, [], BASE)
    index.update(_review_view_counts(rows), parts=_periods(parts))
    return index, [(p.path, p.label, tuple(r["letter"].id for r in p.items)) for p in parts]


def review_part(
    corpus: Corpus, path: str, period: str, letter_ids: tuple[str, ...]
) -> dict[str, Any]:
    """The review page ``path`` listing the rows of ``letter_ids``."""
    rows = _rows(corpus, [corpus.letter(x) for x in letter_ids])  # each read nearly all
    return _review_view(corpus, rows, path, period)


def with_suggestions(corpus: Corpus) -> None:
    """Compute the editors' suggestions when the build has not (the review pages show
    them: :meth:`Corpus.suggestions_of`)."""
    if corpus.suggestions is None:
        found = best_suggestions((f.data for f in corpus.files), SUGGESTIONS_PER_ITEM)
        corpus.suggestions = found


def _rows(corpus: Corpus, letters: Sequence[Letter]) -> list[dict[str, Any]]:
    rows = [_letter_rows(corpus, x) for x in letters]
    for row in rows:
        row["suggestions"] = corpus.suggestions_of(row["letter"].id)
    return rows


def review_counts(corpus: Corpus, letter_id: str) -> tuple[int, int]:
    """A letter's open issues and unreviewed items: how many (for the index and paging)."""
    letter = corpus.letter(letter_id)
    return len(review_issues(corpus, letter)), _unreviewed(corpus, letter)[0]


def _weight(row: dict[str, Any]) -> int:
    return int(row["issue_count"]) + len(row["suggestions"]) + 1


def _periods(parts: list[paging.Part[dict[str, Any]]]) -> list[dict[str, Any]]:
    """One row per period with its counts and links to its parts (deel 1, 2, …)."""
    out: dict[str, dict[str, Any]] = {}
    for part in parts:
        row = out.setdefault(part.group, {"label": part.label.split(" (deel ")[0], "rows": []})
        row["rows"].extend(part.items)
        row.setdefault("links", []).append(part.path)
    return [
        {
            "link": paging.part_links(row["label"], row["links"], BASE),
            **_review_view_counts(row["rows"]),
        }
        for row in out.values()
    ]


def _review_view_counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    return {
        "count": sum(r["issue_count"] for r in rows),
        "suggestion_count": sum(len(r["suggestions"]) for r in rows),
        "unreviewed": sum(r["unreviewed"] for r in rows),
    }


def _review_view(
    corpus: Corpus, rows: list[dict[str, Any]], base: str, period: str = ""
) -> dict[str, Any]:
    """The review listing of ``rows`` as page ``base`` (links relative to it)."""
    return {
        **_review_view_counts(rows),
        "period": period,
        "up": rel(BASE, base) if base != BASE else "",
        "parts": [],
        "rows": [
            {
                "link": _letter_link(r["letter"], base=base),
                "issues": r["issues"] if base == BASE else review_issues(corpus, r["letter"], base),
            }
            for r in rows
            if r["issues"]
        ],
        "suggestions": [
            _suggestion(corpus, s, more, base) for r in rows for s, more in r["suggestions"]
        ],
        "unreviewed_rows": [
            (_letter_link(r["letter"], base=base), r["unreviewed"], r["parts"])
            for r in rows
            if r["unreviewed"]
        ],
    }


def _letter_rows(corpus: Corpus, letter: Letter) -> dict[str, Any]:
    n, parts = _unreviewed(corpus, letter)
    issues = review_issues(corpus, letter)
    return {
        "letter": letter,
        "issues": issues,
        "issue_count": len(issues),
        "unreviewed": n,
        "parts": parts,
    }


def _letter_link(letter: Letter, anchor: str = "", base: str = BASE) -> Markup:
    return md_link(display_title(letter), rel(letter_page(letter.id), base) + anchor)


UNLINKED_KINDS = frozenset({"report", "law"})


def _lines(letter: Letter, span: Span | None, anchored: LineAnchors, base: str) -> Markup:
    """``[regels 12-15](brieven/x.md#r12)``, or nothing without a span."""
    if span is None:
        return Markup("")
    line = anchor_line(span, anchored)
    label = f"regel {span.start}" if span.start == span.end else f"regels {span.start}-{span.end}"
    anchor = f"#r{line}" if line is not None else "#volledige-tekst"
    return markup_format(" ({})", md_link(label, rel(letter_page(letter.id), base) + anchor))


def _issue(label: str, detail: str, lines: Markup | None = None) -> Markup:
    return markup_format("**{}**: {}{}", md_inline(label), md_inline(detail), lines or "")


def review_issues(corpus: Corpus, letter: Letter, base: str = BASE) -> list[Markup]:
    ed = corpus.editorial_of(letter.id)
    anchored = corpus_line_anchors(corpus, letter)
    flags = [f for f in letter.review if not _resolved(letter, ed, f)]
    issues = [
        _issue(FLAG_LABELS.get(f.code, f.code), f.message, _lines(letter, f.span, anchored, base))
        for f in flags
    ]
    codes = {f.code for f in letter.review}
    if not letter.effective_date and "date-missing" not in codes:
        issues.append(_issue("datum ontbreekt", "de brief noemt geen datum"))
    flagged = {f.span for f in letter.review if f.code == "unplaced-text"}
    for u in letter.unplaced:
        if u.span not in flagged:
            lines = _lines(letter, u.span, anchored, base)
            issues.append(_issue("niet geplaatste tekst", _shorten(u.text), lines))
    unclear = {f.span for f in letter.review if f.code == "stance-unclear"}
    for r in letter.recommendations:
        if r.stance is None and r.appreciatie_span not in unclear:
            issues.append(
                _issue("standpunt onduidelijk", r.title, _lines(letter, r.span, anchored, base))
            )
    for ref in letter.references:
        # a named report or law is an entity, not a link to make; a paper, ruling, URL or a
        # motion without its Kamerstuk number is something an editor can resolve
        if ref.kind in UNLINKED_KINDS:
            continue
        if corpus.resolve(ref.id, ref.url, letter.id).url is None:
            lines = _lines(letter, ref.span, anchored, base)
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


def _html_link(label: str, target: str, base: str) -> Markup:
    """A link inside finished HTML (the suggestions list: by far the largest block of the
    review pages, 15 MB at 1,000 letters; as Markdown it cost more to convert than all
    the rest of those pages). MkDocs does not check links in raw HTML: the caller links
    only to pages and anchors that the corpus shows to exist (a letter page; a
    commitment of that letter, which the letter page gives an anchor), and
    tests/test_build.py checks every link of the built test site."""
    return markup_format('<a href="{}">{}</a>', html_href(target, base), md_inline(label))


def _html_letter_link(corpus: Corpus, letter_id: str, base: str) -> Markup:
    letter = corpus.by_id.get(letter_id)
    if letter is None:
        return md_inline(letter_id)
    return _html_link(display_title(letter), letter_page(letter.id), base)


def _suggestion(corpus: Corpus, s: Suggestion, more: int, base: str) -> dict[str, Any]:
    """One item of the suggestions list as finished HTML (templates/review.md.j2)."""
    letter = corpus.by_id.get(s.letter)
    about = _html_letter_link(corpus, s.letter, base)
    if s.kind == "fulfils":
        item = s.item or ""
        known = letter is not None and any(c.id == item for c in letter.commitments)
        text = markup_format(
            "Toezegging {} in {} lijkt nagekomen door {}",
            _html_link(item, letter_page(s.letter) + f"#toezegging-{page_name(item)}", base)
            if known
            else md_inline(item),
            about,
            _html_letter_link(corpus, s.value, base),
        )
        how = markup_format(
            "<code>fulfilled_by: {}</code> bij {}", md_inline(repr(s.value)), md_inline(item)
        )
    else:
        text = markup_format("{} heeft geen datum; waarschijnlijk {}", about, _range(s.value))
        how = Markup("<code>editorial.date</code> met <code>date_source</code>")
    return {
        "text": text,
        "reason": md_inline(s.reason),
        "how": how,
        "key": md_inline(s.key),
        "more": more,
    }


def _range(value: str) -> str:
    low, _, high = value.partition("..")
    if "?" not in (low, high):
        return f"tussen {dutch_date(low)} en {dutch_date(high)}"
    return f"na {dutch_date(low)}" if high == "?" else f"vóór {dutch_date(high)}"


def _unreviewed(corpus: Corpus, letter: Letter) -> tuple[int, str]:
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
    return sum(counts.values()), parts


def _reviewed(ed: Editorial, field: str, key: str) -> bool:
    review = ed.review(field, key)
    return review is not None and review.reviewed
