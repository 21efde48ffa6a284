"""Letters as plain data and back: the typed model <-> the mappings and lists in the YAML.

:func:`letter_to_data` fixes the key order of the YAML that editors review (the text
itself is written by :mod:`generator.store`); :func:`letter_from_data` reads it back.
Each item kind has one small function each way.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from .model import (
    SCHEMA_VERSION,
    Commitment,
    EntityMention,
    Footnote,
    Kamerstuk,
    Letter,
    LetterKind,
    Paragraph,
    Question,
    Recommendation,
    Reference,
    ReviewFlag,
    Section,
    Signatory,
    SourceInfo,
    Span,
    Stance,
    Unplaced,
)

T = TypeVar("T")


# --------------------------------------------------------------------------- spans


def span_str(span: Span | None) -> str | None:
    if span is None:
        return None
    return str(span.start) if span.start == span.end else f"{span.start}-{span.end}"


def parse_span(value: Any) -> Span | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return Span(value, value)
    if isinstance(value, str):
        return _span_of_text(value)
    raise ValueError(f"line range must look like '12' or '12-15', not {value!r}")


@functools.lru_cache(maxsize=1 << 16)
def _span_of_text(value: str) -> Span:
    """Spans are immutable: letters share one per text (a hundred thousand at 1,000
    letters, a fraction of them distinct)."""
    start, _, end = value.partition("-")
    if start.strip().isdigit() and (not end or end.strip().isdigit()):
        return Span(int(start), int(end or start))
    raise ValueError(f"line range must look like '12' or '12-15', not {value!r}")


# --------------------------------------------------------------------------- to data


def letter_to_data(letter: Letter) -> dict[str, Any]:
    """The letter as plain data in the YAML's key order."""
    data: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "id": letter.id,
        "kind": letter.kind.value,
        "title": letter.title,
        "date": letter.date,
        "date_received": letter.date_received,
        "date_estimate": letter.date_estimate,
        "ministry": letter.ministry,
        "addressee": letter.addressee,
        "kenmerk": letter.kenmerk,
        "kamerstuk": _kamerstuk(letter.kamerstuk),
        "signatories": [_signatory(s) for s in letter.signatories],
        "source": _source(letter.source),
        "topics": list(letter.topics),
        "review": [_flag(f) for f in letter.review],
        "questions": [_question(q) for q in letter.questions],
        "recommendations": [_recommendation(r) for r in letter.recommendations],
        "commitments": [_commitment(c) for c in letter.commitments],
        "references": [_reference(r) for r in letter.references],
        "entities": [_entity(e) for e in letter.entities],
        "footnotes": [_footnote(f) for f in letter.footnotes],
        "sections": [_section(s) for s in letter.sections],
        "unplaced": [_unplaced(u) for u in letter.unplaced],
        "furniture": [_unplaced(u) for u in letter.furniture],
        "metadata_lines": {name: span_str(span) for name, span in letter.metadata_lines},
    }
    if letter.editorial:
        data["editorial"] = dict(letter.editorial)
    return data


def _kamerstuk(k: Kamerstuk | None) -> dict[str, Any] | None:
    if k is None:
        return None
    return {
        "dossier": k.dossier,
        "number": k.number,
        "other_dossiers": list(k.other_dossiers),
        "lines": span_str(k.span),
    }


def _signatory(s: Signatory) -> dict[str, Any]:
    return {
        "name": s.name,
        "function": s.function,
        "on_behalf_of": list(s.on_behalf_of),
        "lines": span_str(s.span),
    }


def _source(s: SourceInfo) -> dict[str, Any]:
    return {
        "file": s.file,
        "sha256": s.sha256,
        "format": s.format,
        "flavour": s.flavour,
        "copy": s.copy,
        "lines": s.lines,
    }


def _flag(f: ReviewFlag) -> dict[str, Any]:
    return {"code": f.code, "message": f.message, "lines": span_str(f.span)}


def _question(q: Question) -> dict[str, Any]:
    return {
        "number": q.number,
        "group": list(q.group),
        "question": q.question,
        "answer": q.answer,
        "footnotes": list(q.footnotes),
        "lines": {"question": span_str(q.question_span), "answer": span_str(q.answer_span)},
    }


def _recommendation(r: Recommendation) -> dict[str, Any]:
    return {
        "id": r.id,
        "title": r.title,
        "by": r.by,
        "report": r.report,
        "recommendation": r.recommendation,
        "appreciatie": r.appreciatie,
        "stance": r.stance.value if r.stance else None,
        "stance_phrase": r.stance_phrase,
        "lines": {
            "recommendation": span_str(r.span),
            "appreciatie": span_str(r.appreciatie_span),
        },
    }


def _commitment(c: Commitment) -> dict[str, Any]:
    return {
        "id": c.id,
        "text": c.text,
        "due_text": c.due_text,
        "due_date": c.due_date,
        "lines": span_str(c.span),
    }


def _reference(r: Reference) -> dict[str, Any]:
    return {
        "id": r.id,
        "kind": r.kind,
        "text": r.text,
        "url": r.url,
        "footnote": r.footnote,
        "lines": span_str(r.span),
    }


def _entity(e: EntityMention) -> dict[str, Any]:
    return {
        "id": e.id,
        "kind": e.kind,
        "label": e.label,
        "lines": [span_str(s) for s in e.spans],
    }


def _footnote(f: Footnote) -> dict[str, Any]:
    return {
        "number": f.number,
        "text": f.text,
        "cited_in": list(f.cited_in),
        "lines": span_str(f.span),
    }


def _section(s: Section) -> dict[str, Any]:
    return {
        "id": s.id,
        "heading": s.heading,
        "level": s.level,
        "lines": span_str(s.span),
        "paragraphs": [
            {"id": p.id, "text": p.text, "lines": span_str(p.span)} for p in s.paragraphs
        ],
    }


def _unplaced(u: Unplaced) -> dict[str, Any]:
    return {"text": u.text, "reason": u.reason, "lines": span_str(u.span)}


# --------------------------------------------------------------------------- from data


def letter_from_data(d: dict[str, Any]) -> Letter:
    """Build a Letter from plain data. Raises KeyError/ValueError/TypeError on bad shapes;
    :mod:`generator.validate` turns those into ``file:line`` diagnostics."""
    return Letter(
        id=str(d["id"]),
        source=SourceInfo(**{**d["source"]}),
        kind=LetterKind(d["kind"]),
        title=d.get("title"),
        date=_iso(d.get("date")),
        date_received=_iso(d.get("date_received")),
        date_estimate=d.get("date_estimate"),
        ministry=d.get("ministry"),
        addressee=d.get("addressee"),
        kenmerk=_opt_str(d.get("kenmerk")),
        kamerstuk=_kamerstuk_from(d.get("kamerstuk")),
        signatories=_each(d, "signatories", _signatory_from),
        topics=tuple(d.get("topics") or ()),
        review=_each(d, "review", _flag_from),
        questions=_each(d, "questions", _question_from),
        recommendations=_each(d, "recommendations", _recommendation_from),
        commitments=_each(d, "commitments", _commitment_from),
        references=_each(d, "references", _reference_from),
        entities=_each(d, "entities", _entity_from),
        footnotes=_each(d, "footnotes", _footnote_from),
        sections=_each(d, "sections", _section_from),
        unplaced=_each(d, "unplaced", _unplaced_from),
        furniture=_each(d, "furniture", _unplaced_from),
        metadata_lines=tuple(
            (str(name), _req_span(value)) for name, value in (d.get("metadata_lines") or {}).items()
        ),
        editorial=dict(d.get("editorial") or {}),
    )


def _each(d: dict[str, Any], key: str, read: Callable[[Any], T]) -> tuple[T, ...]:
    """Every item of list ``key`` (absent or null: none), read by ``read``."""
    return tuple(read(x) for x in d.get(key) or ())


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _req_span(value: Any) -> Span:
    span = parse_span(value)
    if span is None:
        raise ValueError("line range missing")
    return span


def _kamerstuk_from(k: Any) -> Kamerstuk | None:
    if k is None:
        return None
    return Kamerstuk(
        dossier=_opt_str(k.get("dossier")),
        number=_opt_str(k.get("number")),
        other_dossiers=tuple(str(x) for x in k.get("other_dossiers") or ()),
        span=parse_span(k.get("lines")),
    )


def _signatory_from(s: dict[str, Any]) -> Signatory:
    return Signatory(
        name=s["name"],
        function=s.get("function"),
        on_behalf_of=tuple(s.get("on_behalf_of") or ()),
        span=parse_span(s.get("lines")),
    )


def _flag_from(f: dict[str, Any]) -> ReviewFlag:
    return ReviewFlag(f["code"], f["message"], parse_span(f.get("lines")))


def _question_from(q: dict[str, Any]) -> Question:
    lines = q.get("lines") or {}
    return Question(
        number=int(q["number"]),
        question=q["question"],
        answer=q["answer"],
        question_span=_req_span(lines.get("question")),
        answer_span=parse_span(lines.get("answer")),
        group=tuple(int(n) for n in q.get("group") or ()),
        footnotes=tuple(int(n) for n in q.get("footnotes") or ()),
    )


def _recommendation_from(r: dict[str, Any]) -> Recommendation:
    lines = r.get("lines") or {}
    stance = r.get("stance")
    return Recommendation(
        id=r["id"],
        title=r["title"],
        recommendation=r["recommendation"],
        appreciatie=r["appreciatie"],
        stance=Stance(stance) if stance else None,
        stance_phrase=r.get("stance_phrase"),
        by=r.get("by"),
        report=r.get("report"),
        span=_req_span(lines.get("recommendation")),
        appreciatie_span=parse_span(lines.get("appreciatie")),
    )


def _commitment_from(c: dict[str, Any]) -> Commitment:
    return Commitment(
        id=c["id"],
        text=c["text"],
        due_text=c.get("due_text"),
        due_date=_iso(c.get("due_date")),
        span=_req_span(c.get("lines")),
    )


def _reference_from(r: dict[str, Any]) -> Reference:
    return Reference(
        id=r["id"],
        kind=r["kind"],
        text=r["text"],
        span=_req_span(r.get("lines")),
        url=r.get("url"),
        footnote=r.get("footnote"),
    )


def _entity_from(e: dict[str, Any]) -> EntityMention:
    spans = tuple(_req_span(s) for s in e.get("lines") or ())
    return EntityMention(id=e["id"], kind=e["kind"], label=e["label"], spans=spans)


def _footnote_from(f: dict[str, Any]) -> Footnote:
    return Footnote(
        number=int(f["number"]),
        text=f["text"],
        span=_req_span(f.get("lines")),
        cited_in=tuple(f.get("cited_in") or ()),
    )


def _section_from(s: dict[str, Any]) -> Section:
    return Section(
        id=s["id"],
        heading=s.get("heading"),
        level=int(s.get("level") or 0),
        span=_req_span(s.get("lines")),
        paragraphs=tuple(
            Paragraph(p["id"], p["text"], _req_span(p.get("lines")))
            for p in s.get("paragraphs") or ()
        ),
    )


def _unplaced_from(u: dict[str, Any]) -> Unplaced:
    return Unplaced(text=u["text"], span=_req_span(u.get("lines")), reason=u.get("reason") or "")
