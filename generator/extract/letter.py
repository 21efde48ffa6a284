"""SourceDoc -> Letter: runs every extractor and assembles the typed letter."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model import (
    EntityMention,
    Footnote,
    Kamerstuk,
    Letter,
    LetterKind,
    Paragraph,
    Question,
    ReviewFlag,
    Signatory,
    SourceInfo,
    Span,
    Unplaced,
)
from ..sources import BlockKind, SourceDoc
from . import TextUnit
from .body import build_footnotes, citations, extract_sections, unplaced_blocks
from .commitments import extract_commitments
from .deadlines import parse_dutch_date
from .entities import Entity, match_entities
from .header import Header, behalf_in_body, extract_header, kamerstuk_of
from .questions import extract_questions
from .recommendations import extract_recommendations
from .references import extract_references, parse_kamerstuk
from .topics import Topic, match_topics

URL_DATE_RE = re.compile(r"/(20\d{2})/(\d{2})/(\d{2})/")
MARKER_RE = re.compile(r"\[\^(\d+)\]")


@dataclass(frozen=True)
class Catalogues:
    topics: tuple[Topic, ...] = ()
    entities: tuple[Entity, ...] = ()


@dataclass
class _Flags:
    items: list[ReviewFlag] = field(default_factory=list)

    def add(self, code: str, message: str, span: Span | None = None) -> None:
        self.items.append(ReviewFlag(code, message, span))


def extract_letter(doc: SourceDoc, source: SourceInfo, letter_id: str, cat: Catalogues) -> Letter:
    """Everything the letter says, with provenance; what no rule places goes to ``unplaced``."""
    flags = _Flags()
    head = extract_header(doc.blocks)
    skip = set(head.consumed)
    qres = extract_questions(doc.blocks, skip)
    rres = extract_recommendations(doc.blocks, skip)
    sections, para_of = extract_sections(doc.blocks, skip)
    paragraphs = [p for s in sections for p in s.paragraphs]
    units = [TextUnit(p.id, p.text, p.span) for p in paragraphs]
    units += [TextUnit(f"fn{d.number}", d.text, d.span, d.number) for d in doc.footnotes]
    cited = citations([(p.id, p.text) for p in paragraphs] + _answer_texts(qres.questions))
    footnotes = build_footnotes(doc.footnotes, cited)
    _check_footnotes(flags, footnotes, [(p.text, p.span) for p in paragraphs])
    date = head.date or head.date_received
    kind = _kind(head, qres.questions, bool(rres.recommendations), [p.text for p in paragraphs[:4]])
    unplaced = _unplaced(doc, head, flags)
    structured = bool(date or head.title or head.signatories or qres.questions or head.number)
    if not structured:
        unplaced += unplaced_blocks(
            doc.blocks, [i for i in para_of], "no letter structure recognised"
        )
        sections = []
        flags.add(
            "no-structure", "geen datum, titel, ondertekening of vragen gevonden: is dit een brief?"
        )
    for span, problem in qres.problems:
        flags.add("question-incomplete", problem, span)
    for rec in rres.recommendations:
        if rec.stance is None:
            flags.add(
                "stance-unclear", f"geen standpunt gevonden bij '{rec.title}'", rec.appreciatie_span
            )
    if not rres.recommendations and kind is not LetterKind.ANSWERS and _mentions_advice(paragraphs):
        flags.add(
            "recommendations-in-prose",
            "reageert in lopende tekst op aanbevelingen: geen aanbevelingen herkend",
        )
    kamerstuk = kamerstuk_of(head, _footer_kamerstuk(doc.furniture))
    _flag_metadata(flags, date, kamerstuk, head)
    return Letter(
        id=letter_id,
        source=source,
        kind=kind,
        title=head.title,
        date=date,
        date_received=head.date_received,
        date_estimate=None if date else _estimate_date(units),
        ministry=head.ministry,
        addressee=head.addressee,
        kenmerk=head.kenmerk,
        kamerstuk=kamerstuk,
        signatories=_with_behalf(head.signatories, [p.text for p in paragraphs[:3]]),
        sections=tuple(sections),
        footnotes=tuple(footnotes),
        questions=_known_notes(qres.questions, footnotes),
        recommendations=tuple(rres.recommendations),
        commitments=tuple(extract_commitments(units, date)),
        references=tuple(extract_references(units)),
        topics=tuple(match_topics(units, cat.topics)),
        entities=_merge_entities(_dossier_entities(head), match_entities(units, cat.entities)),
        furniture=tuple(sorted([*doc.furniture, *head.furniture], key=lambda u: u.span)),
        unplaced=tuple(unplaced),
        review=tuple(flags.items),
        metadata_lines=tuple(sorted(head.lines.items(), key=lambda kv: kv[1])),
    )


def _dossier_entities(head: Header) -> list[EntityMention]:
    """The dossiers a Kamerstuk is printed under ("32 847 Integrale visie op de woningmarkt")."""
    return [
        EntityMention(f"dossier-{d}", "dossier", f"{d[:2]} {d[2:]} {title}", (span,))
        for d, title, span in head.dossiers
    ]


def _merge_entities(*groups: list[EntityMention]) -> tuple[EntityMention, ...]:
    """One mention per entity id (the first label and kind), with every span, by id."""
    merged: dict[str, EntityMention] = {}
    for mention in (m for group in groups for m in group):
        known = merged.get(mention.id)
        if known is None:
            merged[mention.id] = mention
            continue
        spans = tuple(sorted(set(known.spans) | set(mention.spans)))
        merged[mention.id] = EntityMention(known.id, known.kind, known.label, spans)
    return tuple(merged[k] for k in sorted(merged))


def _known_notes(questions: list[Question], footnotes: list[Footnote]) -> tuple[Question, ...]:
    """A question lists only footnotes the letter has (a marker without its note is flagged)."""
    known = {f.number for f in footnotes}
    return tuple(
        dataclasses.replace(q, footnotes=tuple(n for n in q.footnotes if n in known))
        for q in questions
    )


def _answer_texts(questions: list[Question]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for q in questions:
        out.append((f"q{q.number}", q.question))
        out.append((f"a{q.number}", q.answer))
    return out


def _kind(head: Header, questions: list[Question], recs: bool, opening: list[str]) -> LetterKind:
    if questions or head.answer_line:
        return LetterKind.ANSWERS
    text = " ".join(opening).lower()
    if (
        recs
        or "kabinetsreactie" in text
        or re.search(
            r"reageer (?:ik|wij|het kabinet)\b.{0,60}\bop (?:dit|het|de) (?:advies|rapport)", text
        )
    ):
        return LetterKind.CABINET_RESPONSE
    if "beleidsreactie" in text:
        return LetterKind.POLICY_RESPONSE
    return LetterKind.LETTER


def _mentions_advice(paragraphs: list[Paragraph]) -> bool:
    text = " ".join(p.text for p in paragraphs[:6]).lower()
    return "aanbeveling" in text


def _with_behalf(signatories: list[Signatory], opening: list[str]) -> tuple[Signatory, ...]:
    """``Mede namens …`` in the opening paragraphs belongs to the first signatory."""
    if not signatories or signatories[0].on_behalf_of:
        return tuple(signatories)
    behalf = next((b for b in (behalf_in_body(t) for t in opening) if b), [])
    first = signatories[0]
    return (Signatory(first.name, first.function, tuple(behalf), first.span), *signatories[1:])


def _footer_kamerstuk(furniture: tuple[Unplaced, ...]) -> list[tuple[str, str]]:
    for item in furniture:
        if item.reason == "running page footer":
            for dossier, number, _ in parse_kamerstuk(item.text):
                if number:
                    return [(dossier, number)]
    return []


def _unplaced(doc: SourceDoc, head: Header, flags: _Flags) -> list[Unplaced]:
    """Label blocks that repeat with a different value than the letterhead's."""
    out: list[Unplaced] = []
    used = {u.span for u in head.furniture}
    values: dict[str, str] = {}
    for i, block in enumerate(doc.blocks):
        if block.kind is not BlockKind.LABEL or block.label is None:
            continue
        first = values.setdefault(block.label, block.text)
        if first != block.text and block.span not in used:
            out.append(
                Unplaced(f"{block.label} {block.text}", block.span, "letterhead value differs")
            )
            flags.add(
                "unplaced-text", f"'{block.label}' zegt '{block.text}', niet '{first}'", block.span
            )
        del i
    return out


def _check_footnotes(
    flags: _Flags, footnotes: list[Footnote], texts: list[tuple[str, Span]]
) -> None:
    numbers = {f.number for f in footnotes}
    for text, span in texts:
        for m in MARKER_RE.finditer(text):
            if int(m.group(1)) not in numbers:
                flags.add(
                    "footnote-missing",
                    f"voetnoot {m.group(1)} wordt genoemd maar is niet gevonden",
                    span,
                )
    for f in footnotes:
        if not f.cited_in:
            flags.add("footnote-uncited", f"voetnoot {f.number} wordt nergens genoemd", f.span)


def _flag_metadata(
    flags: _Flags, date: str | None, kamerstuk: Kamerstuk | None, head: Header
) -> None:
    if date is None:
        flags.add("date-missing", "de brief noemt geen datum: vul die in onder editorial.date")
    if kamerstuk is not None and kamerstuk.number and not kamerstuk.dossier:
        flags.add(
            "dossier-missing",
            f"Kamerstuk nr. {kamerstuk.number} zonder dossiernummer",
            kamerstuk.span,
        )
    if not head.signatories:
        flags.add("signature-missing", "geen ondertekening gevonden")


def _estimate_date(units: list[TextUnit]) -> str | None:
    """The latest date the letter mentions: the letter is at least that recent."""
    latest: str | None = None
    for unit in units:
        for m in URL_DATE_RE.finditer(unit.text):
            latest = max(latest or "", f"{m.group(1)}-{m.group(2)}-{m.group(3)}")
        for m in re.finditer(r"\b\d{1,2}\s+[a-z]+\s+(?:19|20)\d{2}\b", unit.text):
            found = parse_dutch_date(m.group(0))
            if found:
                latest = max(latest or "", found)
    return f"niet eerder dan {latest} (jongste datum die de brief noemt)" if latest else None


def load_catalogues(content: Path) -> Catalogues:
    from .entities import load_entities
    from .topics import load_topics

    topics = content / "topics.yml"
    entities = content / "entities.yml"
    return Catalogues(
        tuple(load_topics(topics)) if topics.exists() else (),
        tuple(load_entities(entities)) if entities.exists() else (),
    )
