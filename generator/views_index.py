"""View data for the home page, the index pages, topic, entity, review and data pages."""

from __future__ import annotations

import functools
from typing import Any

from markupsafe import Markup

from . import paging
from .dates import format_nl
from .escape import md_inline, slug, strip_footnote_marks
from .feeds import feed_name
from .links import (
    ENTITY_KINDS,
    KIND_LABELS,
    display_title,
    entity_page,
    letter_date,
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
        "date": md_inline(letter_date(letter)),
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
        "due": [commitment_row(i, base) for i in due[: paging.LATEST]],
        "due_count": len(due),
        "overdue": [commitment_row(i, base) for i in overdue[::-1][:10]],
        "overdue_count": len(overdue),
        "topics": [
            (md_inline(t.label), len(_letters_in_topic(corpus, t.id)), topic_page(t.id))
            for t in corpus.topics.values()
        ],
        "dossiers": dossiers[:12],
        "kinds": kinds,
    }


LETTERS = "brieven/index.md"


def letters_pages(corpus: Corpus) -> dict[str, tuple[str, dict[str, Any]]]:
    """All letters by kind; with many letters each kind shows its newest and all letters
    are listed per year on sub pages (``brieven/per-jaar/2024.md``)."""
    view = letters_view(corpus)
    pages: dict[str, tuple[str, dict[str, Any]]] = {LETTERS: ("letters.md.j2", view)}
    if not view["more"]:
        return pages
    parts = paging.split(
        corpus.letters, lambda x: paging.by_year(x.effective_date), "brieven/per-jaar"
    )
    view["parts"] = paging.periods(parts, LETTERS)
    for p in parts:
        sub = {
            "page_title": f"Brieven uit {p.label}",
            "label": Markup("Brieven uit {}").format(p.label),
            "up": rel(LETTERS, p.path),
            "up_label": Markup("Terug naar alle brieven"),
            "intro": Markup("Nieuwste eerst."),
            "letters": [letter_row(x, p.path) for x in p.items],
        }
        pages[p.path] = ("listing.md.j2", sub)
    return pages


def letters_view(corpus: Corpus) -> dict[str, Any]:
    base = LETTERS
    more = paging.too_long(corpus.letters)
    groups = []
    for kind in LetterKind:
        letters = [x for x in corpus.letters if x.kind == kind]
        shown = letters[: paging.LATEST // 2] if more else letters
        if letters:
            groups.append(
                {
                    "anchor": f"soort-{kind.value}",
                    "label": KIND_LABELS[kind],
                    "rows": [letter_row(x, base) for x in shown],
                    "count": len(letters),
                }
            )
    return {"count": len(corpus.letters), "groups": groups, "more": more, "parts": []}


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


def topic_pages(corpus: Corpus) -> dict[str, tuple[str, dict[str, Any]]]:
    """Every topic page; a topic with many items shows counts, its latest letters with
    their items, and links to its letters per year (``onderwerpen/<id>/<jaar>.md``)."""
    pages: dict[str, tuple[str, dict[str, Any]]] = {}
    for topic_id in corpus.topics:
        pages.update(topic_family(corpus, topic_id))
    return pages


def topic_family(corpus: Corpus, topic_id: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """One topic's page and its per-year sub pages."""
    view = topic_view(corpus, topic_id)
    pages = {topic_page(topic_id): ("topic.md.j2", view)}
    pages.update(_letter_parts(corpus, view, topic_page(topic_id)))
    return pages


def _letter_parts(
    corpus: Corpus, view: dict[str, Any], base: str
) -> dict[str, tuple[str, dict[str, Any]]]:
    """Sub pages listing ``view["all"]`` per year when the page shows only the latest."""
    letters: list[Letter] = view.pop("all")
    if not view["more"]:
        return {}
    parts = paging.split(letters, lambda x: paging.by_year(x.effective_date), base[:-3])
    view["parts"] = paging.periods(parts, base)
    pages = {}
    for p in parts:
        sub = {
            "page_title": f"{view['page_title']}: {p.label}",
            "label": Markup("{}: brieven uit {}").format(view["label"], p.label),
            "up": rel(base, p.path),
            "up_label": Markup("Terug naar {}").format(view["label"]),
            "intro": Markup(""),
            "letters": [letter_row(x, p.path) for x in p.items],
        }
        pages[p.path] = ("listing.md.j2", sub)
    return pages


def topic_view(corpus: Corpus, topic_id: str) -> dict[str, Any]:
    topic = corpus.topics[topic_id]
    base = topic_page(topic_id)
    everything = _letters_in_topic(corpus, topic_id)
    letters = everything
    ids = {x.id for x in letters}
    total = {
        "letters": len(everything),
        "questions": sum(len(x.questions) for x in everything),
        "recommendations": sum(len(x.recommendations) for x in everything),
        "commitments": sum(len(x.commitments) for x in everything),
    }
    more = paging.too_long(everything, lambda x: 1 + _items(x))
    if more:  # newest first: the latest letters and their items
        letters = everything[: paging.LATEST]
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
    commitments = [commitment_row(i, base) for i in corpus.commitments if i.letter.id in ids]
    return {
        "page_title": topic.label,
        "label": md_inline(topic.label),
        "description": md_inline(topic.description),
        "feed": rel(f"feeds/{feed_name(topic.id)}", base),
        "letters": [letter_row(x, base) for x in letters],
        "questions": questions[: paging.LATEST] if more else questions,
        "recommendations": recs[: paging.LATEST] if more else recs,
        "commitments": commitments[: paging.LATEST] if more else commitments,
        "more": more,
        "total": total,
        "parts": [],
        "all": everything,
    }


def _items(letter: Letter) -> int:
    return len(letter.questions) + len(letter.recommendations) + len(letter.commitments)


def entity_pages(corpus: Corpus) -> dict[str, tuple[str, dict[str, Any]]]:
    pages: dict[str, tuple[str, dict[str, Any]]] = {}
    for entity_id in corpus.entities:
        pages.update(entity_family(corpus, entity_id))
    return pages


def entity_family(corpus: Corpus, entity_id: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """One entity's page and its per-year sub pages."""
    view = entity_view(corpus, entity_id)
    pages = {entity_page(entity_id): ("entity.md.j2", view)}
    pages.update(_letter_parts(corpus, view, entity_page(entity_id)))
    return pages


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
    more = paging.too_long(letters)
    shown = letters[-paging.LATEST :] if more else letters
    return {
        "page_title": entity.label,
        "label": md_inline(entity.label),
        "kind": ENTITY_KINDS.get(entity.kind, "Overig"),
        "aliases": md_inline(", ".join(a for a in entity.aliases)),
        "outside": outside,
        "letters": [letter_row(x, base) for x in shown],
        "more": more,
        "total": {"letters": len(letters)},
        "parts": [],
        "all": letters,
    }


ENTITIES = "entiteiten/index.md"


def entity_index_pages(corpus: Corpus) -> dict[str, tuple[str, dict[str, Any]]]:
    """``entiteiten/index.md`` with every entity per kind; a kind with more entities than
    one page holds shows its :data:`paging.LATEST` most mentioned on the index and all of
    them, alphabetically, on ``entiteiten/soort/<kind>.md`` (cut in parts)."""
    groups: dict[str, list[tuple[str, str, int]]] = {}
    for e in corpus.entities.values():
        label = ENTITY_KINDS.get(e.kind, "Overig")
        groups.setdefault(label, []).append((e.label.lower(), e.id, len(corpus.mentions[e.id])))
    pages: dict[str, tuple[str, dict[str, Any]]] = {}
    index = []
    for label, rows in sorted(groups.items()):
        rows.sort(key=lambda r: r[0])
        anchor = slug(label)
        group = {"label": label, "anchor": anchor, "count": len(rows), "parts": Markup("")}
        if len(rows) <= paging.LIMIT:
            index.append({**group, "rows": _entity_rows(corpus, rows, ENTITIES)})
            continue
        parts = paging.split(
            rows, functools.partial(_constant, (anchor, label)), "entiteiten/soort"
        )
        for part in parts:
            view = {
                "page_title": f"Genoemd: {part.label}",
                "label": part.label,
                "up": rel(ENTITIES, part.path),
                "rows": _entity_rows(corpus, list(part.items), part.path),
            }
            pages[part.path] = ("entities_part.md.j2", view)
        top = sorted(rows, key=lambda r: (-r[2], r[0]))[: paging.LATEST]
        links = paging.part_links("alle", [x.path for x in parts], ENTITIES)
        index.append({**group, "rows": _entity_rows(corpus, top, ENTITIES), "parts": links})
    pages[ENTITIES] = ("entities.md.j2", {"groups": index})
    return pages


def _constant(value: tuple[str, str], _: object) -> tuple[str, str]:
    return value


def _entity_rows(
    corpus: Corpus, rows: list[tuple[str, str, int]], base: str
) -> list[tuple[Markup, int]]:
    return [(md_link(corpus.entities[e].label, rel(entity_page(e), base)), n) for _, e, n in rows]


def data_view(corpus: Corpus) -> dict[str, Any]:
    return {
        "topics": [
            (md_inline(t.label), f"feeds/{feed_name(t.id)}") for t in corpus.topics.values()
        ],
        "count": len(corpus.letters),
    }


def about_view(corpus: Corpus) -> dict[str, Any]:
    return {"today": format_nl(corpus.today), "count": len(corpus.letters)}
