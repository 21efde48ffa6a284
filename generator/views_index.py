"""View data for the home page, the index pages, topic, entity, review and data pages."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from .dates import format_nl
from .escape import md_inline, slug, strip_footnote_marks
from .feeds import feed_name
from .links import (
    ENTITY_KINDS,
    KIND_LABELS,
    display_title,
    entity_page,
    letter_page,
    md_link,
    page_name,
    rel,
    stance_badge,
    status_badge,
    topic_page,
)
from .model import Letter, LetterKind
from .site import STATUS_LABELS, CommitmentItem, Corpus, format_dossier

LATEST = 8


def shorten(text: str, limit: int = 180) -> str:
    text = " ".join(strip_footnote_marks(text).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def letter_row(letter: Letter, base: str) -> dict[str, Any]:
    k = letter.kamerstuk
    dossier = format_dossier(k.dossier) if k and k.dossier else ""
    return {
        "link": md_link(display_title(letter), rel(letter_page(letter.id), base)),
        "date": md_inline(format_nl(letter.effective_date)),
        "kind": KIND_LABELS[letter.kind],
        "kamerstuk": md_inline(f"{dossier} nr. {k.number}".strip() if k and k.number else dossier),
    }


def commitment_row(item: CommitmentItem, base: str) -> dict[str, Any]:
    anchor = f"#toezegging-{page_name(item.commitment.id)}"
    return {
        "badge": status_badge(item.status, STATUS_LABELS[item.status]),
        "due": md_inline(format_nl(item.due, "geen datum")),
        "due_text": md_inline(item.commitment.due_text),
        "text": md_inline(shorten(item.commitment.text, 220)),
        "letter": md_link(
            display_title(item.letter), rel(letter_page(item.letter.id), base) + anchor
        ),
    }


def _letters_in_topic(corpus: Corpus, topic_id: str) -> list[Letter]:
    return [x for x in corpus.letters if topic_id in {slug(t) for t in x.topics}]


def home_view(corpus: Corpus) -> dict[str, Any]:
    base = "index.md"
    due = [i for i in corpus.commitments if i.soon]
    overdue = [i for i in corpus.commitments if i.status == "verlopen"]
    kinds = [
        (KIND_LABELS[k], n, f"brieven/index.md#soort-{k.value}")
        for k in LetterKind
        if (n := sum(1 for x in corpus.letters if x.kind == k))
    ]
    dossiers = [
        (md_inline(e.label), len(corpus.mentions[e.id]), entity_page(e.id))
        for e in corpus.entities.values()
        if e.kind == "dossier"
    ]
    dossiers.sort(key=lambda d: -d[1])
    return {
        "today": format_nl(corpus.today),
        "count": len(corpus.letters),
        "latest": [letter_row(x, base) for x in corpus.letters[:LATEST]],
        "due": [commitment_row(i, base) for i in due],
        "overdue": [commitment_row(i, base) for i in reversed(overdue)][:10],
        "overdue_count": len(overdue),
        "topics": [
            (md_inline(t.label), len(_letters_in_topic(corpus, t.id)), topic_page(t.id))
            for t in corpus.topics.values()
        ],
        "dossiers": dossiers[:12],
        "kinds": kinds,
    }


def letters_view(corpus: Corpus) -> dict[str, Any]:
    base = "brieven/index.md"
    groups = []
    for kind in LetterKind:
        rows = [letter_row(x, base) for x in corpus.letters if x.kind == kind]
        if rows:
            groups.append(
                {"anchor": f"soort-{kind.value}", "label": KIND_LABELS[kind], "rows": rows}
            )
    return {"count": len(corpus.letters), "groups": groups}


def topics_view(corpus: Corpus) -> dict[str, Any]:
    rows = []
    for t in corpus.topics.values():
        letters = _letters_in_topic(corpus, t.id)
        rows.append(
            {
                "link": md_link(t.label, rel(topic_page(t.id), "onderwerpen/index.md")),
                "description": md_inline(t.description),
                "letters": len(letters),
            }
        )
    return {"rows": rows}


def topic_view(corpus: Corpus, topic_id: str) -> dict[str, Any]:
    topic = corpus.topics[topic_id]
    base = topic_page(topic_id)
    letters = _letters_in_topic(corpus, topic_id)
    ids = {x.id for x in letters}
    questions = [
        {
            "link": md_link(
                f"Vraag {q.number}", rel(letter_page(x.id), base) + f"#vraag-{q.number}"
            ),
            "text": md_inline(shorten(q.question)),
            "letter": md_inline(display_title(x)),
        }
        for x in letters
        for q in x.questions
    ]
    recs = [
        {
            "badge": stance_badge(r.stance),
            "link": md_link(
                r.title, rel(letter_page(x.id), base) + f"#aanbeveling-{page_name(r.id)}"
            ),
            "by": md_inline(r.by),
        }
        for x in letters
        for r in x.recommendations
    ]
    return {
        "page_title": topic.label,
        "label": md_inline(topic.label),
        "description": md_inline(topic.description),
        "feed": rel(f"feeds/{feed_name(topic.id)}", base),
        "letters": [letter_row(x, base) for x in letters],
        "questions": questions,
        "recommendations": recs,
        "commitments": [commitment_row(i, base) for i in corpus.commitments if i.letter.id in ids],
    }


def entity_view(corpus: Corpus, entity_id: str) -> dict[str, Any]:
    entity = corpus.entities[entity_id]
    base = entity_page(entity_id)
    letters = [corpus.by_id[x] for x in corpus.mentions.get(entity_id, ())]
    letters.sort(key=lambda x: (x.effective_date or "9999", x.id))
    outside = None
    if entity.kind == "dossier" and entity.id.startswith("dossier-"):
        number = entity.id.removeprefix("dossier-")
        outside = f"https://zoek.officielebekendmakingen.nl/dossier/{number}"
    elif entity.id.startswith("kst-"):
        outside = f"https://zoek.officielebekendmakingen.nl/{entity.id}.html"
    return {
        "page_title": entity.label,
        "label": md_inline(entity.label),
        "kind": ENTITY_KINDS.get(entity.kind, "Overig"),
        "aliases": md_inline(", ".join(a for a in entity.aliases)),
        "outside": outside,
        "letters": [letter_row(x, base) for x in letters],
    }


def entities_view(corpus: Corpus) -> dict[str, Any]:
    groups: dict[str, list[tuple[str, Markup, int]]] = {}
    for e in corpus.entities.values():
        label = ENTITY_KINDS.get(e.kind, "Overig")
        link = md_link(e.label, rel(entity_page(e.id), "entiteiten/index.md"))
        groups.setdefault(label, []).append((e.label.lower(), link, len(corpus.mentions[e.id])))
    return {
        "groups": [
            {
                "label": label,
                "anchor": slug(label),
                "rows": [(link, n) for _, link, n in sorted(rows, key=lambda r: r[0])],
            }
            for label, rows in sorted(groups.items())
        ]
    }


def _raw_letters(corpus: Corpus) -> list[dict[str, Any]]:
    from .store import load_yaml, read_text_file

    out = []
    for path in sorted((corpus.content / "letters").glob("*.yml")):
        data = load_yaml(read_text_file(path), str(path))
        if isinstance(data, dict):
            out.append(data)
    return out


def _editor_work(corpus: Corpus) -> dict[str, Any]:
    """Suggestions to confirm and unreviewed items (data from review_page / suggest)."""
    from .review_page import open_items
    from .suggest import suggest_links

    raw = _raw_letters(corpus)
    suggestions = [
        md_inline(f"brief {s.letter}{' ' + s.item if s.item else ''}: {s.value} — {s.reason}")
        for s in suggest_links(raw)
    ]
    return {"suggestions": suggestions, "unreviewed": len(open_items(raw))}


def review_view(corpus: Corpus) -> dict[str, Any]:
    rows = []
    for x in corpus.letters:
        issues = _review_issues(corpus, x)
        if issues:
            link = md_link(display_title(x), rel(letter_page(x.id), "redactie.md"))
            rows.append({"link": link, "issues": issues})
    return {
        "rows": rows,
        "count": sum(len(r["issues"]) for r in rows),
        **_editor_work(corpus),
    }


def _review_issues(corpus: Corpus, x: Letter) -> list[Markup]:
    issues: list[Markup] = []
    if not x.effective_date:
        issues.append(Markup("brief zonder datum"))
    for u in x.unplaced:
        issues.append(
            Markup("niet geplaatste tekst (regels {}-{}): {}").format(
                u.span.start, u.span.end, md_inline(shorten(u.text, 100))
            )
        )
    for r in x.recommendations:
        if r.stance is None:
            issues.append(Markup("standpunt onduidelijk: {}").format(md_inline(r.title)))
    for ref in x.references:
        if corpus.resolve(ref.id, ref.url, x.id).url is None:
            issues.append(
                Markup("verwijzing niet opgelost: {}").format(md_inline(shorten(ref.text, 100)))
            )
    for flag in x.review:
        issues.append(md_inline(f"{flag.code}: {flag.message}"))
    return issues


def data_view(corpus: Corpus) -> dict[str, Any]:
    return {
        "topics": [
            (md_inline(t.label), f"feeds/{feed_name(t.id)}") for t in corpus.topics.values()
        ],
        "count": len(corpus.letters),
    }


def about_view(corpus: Corpus) -> dict[str, Any]:
    return {"today": format_nl(corpus.today), "count": len(corpus.letters)}
