"""View data for one letter page: every letter string escaped, every link generated."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .dates import format_nl
from .editorial import Editorial
from .escape import html_paragraphs, md_block, md_inline, slug
from .links import (
    EDITOR_DATE,
    KIND_LABELS,
    STANCE_ORDER,
    display_title,
    entity_page,
    letter_page,
    md_link,
    override_note,
    page_name,
    rel,
    review_badge,
    safe_url,
    stance_badge,
    stance_label,
    status_badge,
    topic_page,
)
from .model import Commitment, Letter, Question, Recommendation, Span
from .site import STATUS_LABELS, CommitmentItem, Corpus, format_dossier

_MARK = re.compile(r"\[\^(\d+)\]")


@dataclass(frozen=True)
class Block:
    """A piece of the cleaned full text with anchors for each of its source lines.

    ``heading`` and ``text`` are escaped Markdown (:func:`md_inline`, :func:`md_block`).
    """

    start: int
    anchors: tuple[int, ...]
    heading: Markup
    text: Markup
    note: str

    @property
    def html(self) -> Markup:
        """The block as finished HTML, the same markup Python-Markdown makes of
        ``heading`` and ``text``; empty when the text has a footnote reference (those stay
        Markdown: the footnotes extension numbers them and links them back).

        The full text is the largest part of a letter page and has no links to check:
        handing it to Python-Markdown as an HTML block skips its inline patterns, which
        try every escaped character on its own (see bench/notes/websearch.md). The text
        is the escaped ``text`` itself (only character references, no markup), so the
        HTML holds no letter text that is not escaped.
        """
        if "[^" in self.text:
            return Markup("")
        out = []
        if self.heading:
            out.append(f"<p><strong>{self.heading}</strong></p>")
        lead = ""
        if self.anchors:
            n = self.anchors[0]
            lead = f'<span class="kb-ln" id="r{n}" aria-hidden="true">{n}</span>'
        if self.note:
            lead += f'<span class="kb-badge kb-stance-unclear">{Markup.escape(self.note)}</span> '
        paragraphs = str(self.text).split("\n\n") if self.text else [""]
        for i, paragraph in enumerate(paragraphs):
            body = (lead if i == 0 else "") + paragraph.replace("  \n", "<br />\n")
            if body.strip():
                out.append(f"<p>{body}</p>")
        return Markup("\n\n".join(out))


# Covered source line -> the line whose ``#rN`` anchor starts its block: one anchor per
# block of the full text (not one empty element per source line, which made the letter
# pages several times slower to build; every line of a block scrolled to the same place).
LineAnchors = dict[int, int]


def line_anchors(letter: Letter) -> LineAnchors:
    """Source lines shown on the letter page, each mapped to its block's ``#rN`` anchor
    (from the blocks' spans alone: no text is escaped for it)."""
    anchored: LineAnchors = {}
    for span, *_ in _pieces(letter, _marked_footnotes(letter)):
        fresh = [n for n in span.lines() if n not in anchored]
        for n in fresh:
            anchored[n] = fresh[0]
    return anchored


def corpus_line_anchors(corpus: Corpus, letter: Letter) -> LineAnchors:
    """:func:`line_anchors`, computed once per letter of ``corpus``."""
    key = ("line_anchors", letter.id)
    found: LineAnchors | None = corpus.memo.get(key)
    if found is None:
        found = corpus.memo[key] = line_anchors(letter)
    return found


def anchor_line(span: Span, anchored: LineAnchors) -> int | None:
    """The anchor nearest to ``span``: that of its first shown line, else of the last shown
    line before it (None when no line before it is shown)."""
    for n in span.lines():
        if n in anchored:
            return anchored[n]
    before = [n for n in anchored if n <= span.start]
    return anchored[max(before)] if before else None


def line_anchor(letter: Letter, span: Span | None) -> str:
    """The anchor on the letter page nearest to ``span`` (for links from other pages)."""
    return _anchor_for(span, line_anchors(letter))


def letter_view(corpus: Corpus, letter: Letter) -> dict[str, Any]:
    base = letter_page(letter.id)
    marked = _marked_footnotes(letter)
    blocks = _blocks(letter, marked)
    anchored = corpus_line_anchors(corpus, letter)
    ed = corpus.editorial_of(letter.id)

    def src(span: Span | None) -> Markup:
        return _source_link(span, anchored)

    return {
        "page_title": display_title(letter),
        "id": letter.id,
        "title": md_inline(display_title(letter)),
        "editor_summary": md_inline(ed.summary),
        "card": _card(corpus, letter, base),
        "summary": _summary(letter),
        "questions": [_question(q, marked, src, ed) for q in letter.questions],
        "recommendations": [_recommendation(r, src, marked, ed) for r in letter.recommendations],
        "commitments": _commitments(corpus, letter, base, src),
        "references": _references(corpus, letter, base),
        "entities": [
            md_link(corpus.entities[e].label, rel(entity_page(e), base))
            for e in corpus.letter_entities.get(letter.id, ())
            if e in corpus.entities
        ],
        "topics": _topics(corpus, letter, base),
        "blocks": blocks,
        "footnotes": [
            (f.number, md_inline(f.text)) for f in letter.footnotes if f.number in marked
        ],
        "loose_footnotes": [
            (f.number, md_inline(f.text), _anchor_for(f.span, anchored))
            for f in letter.footnotes
            if f.number not in marked
        ],
        "review": [md_inline(f"{f.code}: {f.message}") for f in letter.review],
        "unplaced_count": len(letter.unplaced),
    }


def _card(corpus: Corpus, letter: Letter, base: str) -> list[tuple[str, Markup]]:
    rows: list[tuple[str, Markup]] = [
        ("Soort", Markup(KIND_LABELS[letter.kind])),
        ("Datum", _date(letter, corpus.editorial_of(letter.id))),
    ]
    if letter.date_received:
        rows.append(("Ontvangen", md_inline(format_nl(letter.date_received))))
    if letter.ministry:
        rows.append(("Ministerie", md_inline(letter.ministry)))
    if letter.signatories:
        rows.append(("Ondertekening", _signatories(letter)))
    rows.append(("Kamerstuk", _kamerstuk(letter)))
    if letter.kenmerk:
        rows.append(("Kenmerk", md_inline(letter.kenmerk)))
    source = f"bronnen/{page_name(letter.id)}{_suffix(letter.source.file)}"
    rows.append(("Bronbestand", md_link(letter.source.file, rel(source, base))))
    return rows


def _date(letter: Letter, ed: Editorial) -> Markup:
    if letter.date:
        return md_inline(format_nl(letter.date))
    if letter.effective_date:
        note = EDITOR_DATE + (f"; bron: {ed.date_source}" if ed.date_source else "")
        return Markup('{} <span class="kb-badge kb-editor-date">{}</span>').format(
            md_inline(format_nl(letter.effective_date)), md_inline(note)
        )
    return Markup("niet vermeld in de brief")


def source_download_name(letter: Letter) -> str:
    return f"bronnen/{page_name(letter.id)}{_suffix(letter.source.file)}"


# MkDocs would render a Markdown source as a page (untrusted text, not in the nav):
# it is offered as text.
_PAGE_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkdn", ".mkd"})


def _suffix(name: str) -> str:
    match = re.search(r"\.[A-Za-z0-9]{1,8}$", name)
    suffix = match.group(0).lower() if match else ".txt"
    return f"{suffix}.txt" if suffix in _PAGE_SUFFIXES else suffix


def _signatories(letter: Letter) -> Markup:
    parts = []
    for s in letter.signatories:
        text = s.name + (f" ({s.function})" if s.function else "")
        if s.on_behalf_of:
            text += ", mede namens " + "; ".join(s.on_behalf_of)
        parts.append(str(md_inline(text)))
    return Markup("; ".join(parts))


def _kamerstuk(letter: Letter) -> Markup:
    k = letter.kamerstuk
    if k is None or not (k.dossier or k.number):
        return Markup("onbekend")
    label = ", ".join(
        x
        for x in (
            format_dossier(k.dossier) if k.dossier else "",
            f"nr. {k.number}" if k.number else "",
        )
        if x
    )
    if k.id:
        return Markup(f"[{md_inline(label)}](https://zoek.officielebekendmakingen.nl/{k.id}.html)")
    return Markup(f"{md_inline(label)} (dossier niet vermeld in de brief)")


def _summary(letter: Letter) -> dict[str, Any]:
    counts = []
    for stance in (*STANCE_ORDER, None):
        n = sum(1 for r in letter.recommendations if r.stance == stance)
        if n:
            counts.append((stance_badge(stance), n))
    return {
        "questions": len(letter.questions),
        "recommendations": len(letter.recommendations),
        "stances": counts,
        "commitments": len(letter.commitments),
    }


def _anchor_for(span: Span | None, anchored: LineAnchors) -> str:
    line = anchor_line(span, anchored) if span is not None else None
    return "volledige-tekst" if line is None else f"r{line}"


def _source_link(span: Span | None, anchored: LineAnchors) -> Markup:
    if span is None:
        return Markup("")
    label = f"regel {span.start}" if span.start == span.end else f"regels {span.start}-{span.end}"
    return Markup(f"[bron: {label}](#{_anchor_for(span, anchored)})")


def _marked_footnotes(letter: Letter) -> frozenset[int]:
    """Footnotes with a marker somewhere in the rendered text: these become real footnotes."""
    known = {f.number for f in letter.footnotes}
    texts = [q.question + q.answer for q in letter.questions]
    texts += [p.text for s in letter.sections for p in s.paragraphs]
    texts += [r.recommendation + r.appreciatie for r in letter.recommendations]
    found = {int(m) for t in texts for m in _MARK.findall(t)}
    found |= {n for q in letter.questions for n in q.footnotes}
    return frozenset(found & known)


def _question(q: Question, marked: frozenset[int], src: Any, ed: Editorial) -> dict[str, Any]:
    missing = [n for n in q.footnotes if n in marked and f"[^{n}]" not in q.question + q.answer]
    answer = q.answer + "".join(f"[^{n}]" for n in missing)
    group = [n for n in q.group if n != q.number]
    return {
        "anchor": f"vraag-{q.number}",
        "number": q.number,
        "question": html_paragraphs(md_block(q.question, marked)),
        "answer": html_paragraphs(md_block(answer, marked))
        if answer.strip()
        else Markup("*Geen antwoord gevonden.*"),
        "group": ", ".join(str(n) for n in group),
        "src_q": src(q.question_span),
        "src_a": src(q.answer_span),
        "review": review_badge(ed.review("questions", q.number)),
    }


def _recommendation(
    r: Recommendation, src: Any, marked: frozenset[int], ed: Editorial
) -> dict[str, Any]:
    return {
        "anchor": f"aanbeveling-{page_name(r.id)}",
        "title": md_inline(r.title),
        "by": md_inline(r.by),
        "report": md_inline(r.report),
        "text": html_paragraphs(md_block(r.recommendation, marked)),
        "appreciatie": html_paragraphs(md_block(r.appreciatie, marked)),
        "badge": stance_badge(r.stance),
        "label": stance_label(r.stance),
        "phrase": Markup("") if r.id in ed.stances else md_inline(r.stance_phrase),
        "src": src(r.span),
        "src_a": src(r.appreciatie_span),
        "review": review_badge(ed.review("recommendations", r.id)),
        "override": override_note(ed.stances.get(r.id), r.stance_phrase),
    }


def _commitments(corpus: Corpus, letter: Letter, base: str, src: Any) -> list[dict[str, Any]]:
    items = corpus.commitments_of(letter.id)
    ed = corpus.editorial_of(letter.id)
    return [_commitment(corpus, c, items[c.id], base, src, ed) for c in letter.commitments]


def _commitment(
    corpus: Corpus, c: Commitment, item: CommitmentItem, base: str, src: Any, ed: Editorial
) -> dict[str, Any]:
    done = item.fulfilled_by
    return {
        "anchor": f"toezegging-{page_name(c.id)}",
        "text": md_inline(c.text),
        "due_text": md_inline(c.due_text),
        "due": md_inline(format_nl(c.due_date, "")),
        "badge": status_badge(item.status, STATUS_LABELS[item.status]),
        "fulfilled": md_link(display_title(corpus.by_id[done]), rel(letter_page(done), base))
        if done
        else Markup(""),
        "src": src(c.span),
        "review": review_badge(ed.review("commitments", c.id)),
    }


def _references(corpus: Corpus, letter: Letter, base: str) -> list[dict[str, Any]]:
    out = []
    for ref in letter.references:
        res = corpus.resolve(ref.id, ref.url, letter.id)
        if res.letter_id:
            target = corpus.by_id[res.letter_id]
            link = md_link(display_title(target), rel(letter_page(target.id), base))
        else:
            url = safe_url(res.url)
            link = Markup(f"[{md_inline(ref.id)}]({url})") if url else Markup("")
        out.append(
            {
                "text": md_inline(ref.text),
                "link": link,
                "internal": res.letter_id is not None,
                "inferred": res.inferred,
            }
        )
    return out


def _topics(corpus: Corpus, letter: Letter, base: str) -> list[Markup]:
    return [
        md_link(corpus.topics[slug(t)].label, rel(topic_page(slug(t)), base))
        for t in letter.topics
        if slug(t) in corpus.topics
    ]


# What a block of the full text is made of: its span, heading and text (both unescaped),
# the footnotes its markers may link to, and its note.
_Piece = tuple[Span, str, str, frozenset[int], str]


def _pieces(letter: Letter, marked: frozenset[int]) -> list[_Piece]:
    """The full text's blocks before escaping, in page order (by first line)."""
    pieces: list[_Piece] = []
    for section in letter.sections:
        heading = section.heading or ""
        for i, p in enumerate(section.paragraphs):
            pieces.append((p.span, heading if i == 0 else "", p.text, marked, ""))
        if not section.paragraphs and section.heading:
            pieces.append((section.span, heading, "", marked, ""))
    covered = {n for piece in pieces for n in piece[0].lines()}
    for q in letter.questions:
        if q.question_span.start not in covered:
            pieces.append((q.question_span, "", f"Vraag {q.number}: {q.question}", marked, ""))
        if q.answer_span and q.answer_span.start not in covered:
            pieces.append((q.answer_span, "", f"Antwoord: {q.answer}", marked, ""))
    for r in letter.recommendations:
        if r.span.start not in covered:
            pieces.append((r.span, "", r.recommendation, marked, ""))
        if r.appreciatie_span and r.appreciatie_span.start not in covered:
            pieces.append((r.appreciatie_span, "", r.appreciatie, marked, ""))
    for u in letter.unplaced:
        pieces.append((u.span, "", u.text, frozenset(), "niet geplaatst"))
    pieces.sort(key=lambda piece: piece[0].start)
    return pieces


def _blocks(letter: Letter, marked: frozenset[int]) -> list[Block]:
    return _dedupe([_block(*piece) for piece in _pieces(letter, marked)])


def _block(span: Span, heading: str, text: str, marked: frozenset[int], note: str) -> Block:
    return Block(span.start, tuple(span.lines()), md_inline(heading), md_block(text, marked), note)


def _dedupe(blocks: list[Block]) -> list[Block]:
    """Each line anchor exists once, on the first block that covers it."""
    seen: set[int] = set()
    out = []
    for b in blocks:
        fresh = tuple(n for n in b.anchors if n not in seen)
        seen.update(fresh)
        out.append(Block(b.start, fresh, b.heading, b.text, b.note))
    return out
