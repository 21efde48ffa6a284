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


# A sub page listing letters: its path, page title, label, link up and its label, intro
# (label, link label and intro as Markup text) and the ids of its letters.
ListingPart = tuple[str, str, str, str, str, str, tuple[str, ...]]


def listing_view(
    corpus: Corpus,
    path: str,
    page_title: str,
    label: str,
    up: str,
    up_label: str,
    intro: str,
    letter_ids: tuple[str, ...],
) -> dict[str, Any]:
    """The view of a :data:`ListingPart` (``listing.md.j2``)."""
    return {
        "page_title": page_title,
        "label": Markup(label),
        "up": up,
        "up_label": Markup(up_label),
        "intro": Markup(intro),
        # one key per letter for a memo (corpus.letter): any edit of a letter makes its
        # few listing parts again, and recording them costs nothing per field
        "letters": [letter_row(corpus.letter(x), path) for x in letter_ids],
    }


def letters_plan(corpus: Corpus) -> tuple[dict[str, Any], list[ListingPart]]:
    """The view of ``brieven/index.md`` and its sub pages per year."""
    view = letters_view(corpus)
    if not view["more"]:
        return view, []
    parts = paging.split(
        corpus.letters, lambda x: paging.by_year(x.effective_date), "brieven/per-jaar"
    )
    view["parts"] = paging.periods(parts, LETTERS)
    return view, [
        (
            p.path,
            f"Brieven uit {p.label}",
            str(Markup("Brieven uit {}").format(p.label)),
            rel(LETTERS, p.path),
            "Terug naar alle brieven",
            "Nieuwste eerst.",
            tuple(x.id for x in p.items),
        )
        for p in parts
    ]


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


def topic_parts(corpus: Corpus, topic_id: str) -> list[ListingPart]:
    """The topic's sub pages per year (see :func:`letter_parts`), from its letters alone."""
    return letter_parts(_topic_head(corpus, topic_id), topic_page(topic_id))


def letter_parts(view: dict[str, Any], base: str) -> list[ListingPart]:
    """Sub pages listing ``view["all"]`` per year when the page shows only the latest (the
    page's view gets their links)."""
    letters: list[Letter] = view.pop("all")
    if not view["more"]:
        return []
    parts = paging.split(letters, lambda x: paging.by_year(x.effective_date), base[:-3])
    view["parts"] = paging.periods(parts, base)
    return [
        (
            p.path,
            f"{view['page_title']}: {p.label}",
            str(Markup("{}: brieven uit {}").format(view["label"], p.label)),
            rel(base, p.path),
            str(Markup("Terug naar {}").format(view["label"])),
            "",
            tuple(x.id for x in p.items),
        )
        for p in parts
    ]


def _topic_head(corpus: Corpus, topic_id: str) -> dict[str, Any]:
    """What a topic page and its sub pages share: title, label, its letters (``all``)
    and whether they need sub pages (``more``)."""
    topic = corpus.topics[topic_id]
    everything = _letters_in_topic(corpus, topic_id)
    return {
        "page_title": topic.label,
        "label": md_inline(topic.label),
        "more": paging.too_long(everything, lambda x: 1 + _items(x)),
        "parts": [],
        "all": everything,
    }


def topic_view(corpus: Corpus, topic_id: str) -> dict[str, Any]:
    topic = corpus.topics[topic_id]
    base = topic_page(topic_id)
    head = _topic_head(corpus, topic_id)
    everything, more = head["all"], head["more"]
    letters = everything[: paging.LATEST] if more else everything  # newest first
    ids = {x.id for x in letters}
    total = {
        "letters": len(everything),
        "questions": sum(len(x.questions) for x in everything),
        "recommendations": sum(len(x.recommendations) for x in everything),
        "commitments": sum(len(x.commitments) for x in everything),
    }
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
        **head,
        "description": md_inline(topic.description),
        "feed": rel(f"feeds/{feed_name(topic.id)}", base),
        "letters": [letter_row(x, base) for x in letters],
        "questions": questions[: paging.LATEST] if more else questions,
        "recommendations": recs[: paging.LATEST] if more else recs,
        "commitments": commitments[: paging.LATEST] if more else commitments,
        "total": total,
    }


def _items(letter: Letter) -> int:
    return len(letter.questions) + len(letter.recommendations) + len(letter.commitments)


def entity_parts(corpus: Corpus, entity_id: str) -> list[ListingPart]:
    """The entity's sub pages per year (see :func:`letter_parts`), from its letters."""
    return letter_parts(_entity_head(corpus, entity_id), entity_page(entity_id))


def _entity_head(corpus: Corpus, entity_id: str) -> dict[str, Any]:
    """What an entity page and its sub pages share (see :func:`_topic_head`)."""
    entity = corpus.entities[entity_id]
    letters = [corpus.by_id[x] for x in corpus.mentions.get(entity_id, ())]
    letters.sort(key=lambda x: (x.effective_date or "9999", x.id))
    return {
        "page_title": entity.label,
        "label": md_inline(entity.label),
        "more": paging.too_long(letters),
        "parts": [],
        "all": letters,
    }


def entity_view(corpus: Corpus, entity_id: str) -> dict[str, Any]:
    entity = corpus.entities[entity_id]
    base = entity_page(entity_id)
    head = _entity_head(corpus, entity_id)
    letters = head["all"]
    outside = None
    if entity.kind == "dossier" and entity.id.startswith("dossier-"):
        number = entity.id.removeprefix("dossier-")
        outside = f"https://zoek.officielebekendmakingen.nl/dossier/{number}"
    elif entity.id.startswith("kst-"):
        outside = f"https://zoek.officielebekendmakingen.nl/{entity.id}.html"
    shown = letters[-paging.LATEST :] if head["more"] else letters
    return {
        **head,
        "kind": ENTITY_KINDS.get(entity.kind, "Overig"),
        "aliases": md_inline(", ".join(a for a in entity.aliases)),
        "outside": outside,
        "letters": [letter_row(x, base) for x in shown],
        "total": {"letters": len(letters)},
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
