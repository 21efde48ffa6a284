"""The open-data export (``../shared/DATA-CONTRACT.md``): JSON that outside tools rely on."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from .corpus import Corpus
from .model import Letter

_MARKER_RE = re.compile(r"\s?\[\^\d+\]")


def clean(text: str | None) -> str:
    """Running text without footnote markup."""
    return _MARKER_RE.sub("", text or "").strip()


def export_letter(letter: Letter, corpus: Corpus) -> dict[str, Any]:
    k = letter.kamerstuk
    dossier = k.dossier if k else None
    if k is not None and not dossier and letter.id in corpus.inferred_dossier:
        dossier = corpus.inferred_dossier[letter.id][0]
    return {
        "id": letter.id,
        "source": letter.source.file,
        "kind": letter.kind.value,
        "title": letter.title,
        "date": letter.effective_date,
        "kamerstuk": None if k is None else {"dossier": dossier, "number": k.number},
        "signatories": [s.name for s in letter.signatories],
        "questions": [
            {"number": q.number, "question": clean(q.question), "answer": clean(q.answer)}
            for q in letter.questions
        ],
        "recommendations": [
            {
                "title": clean(r.title),
                "recommendation": clean(r.recommendation),
                "appreciatie": clean(r.appreciatie),
                "stance": r.stance.value if r.stance else None,
            }
            for r in letter.recommendations
        ],
        "commitments": [
            {"text": clean(c.text), "due_text": c.due_text, "due_date": c.due_date}
            for c in letter.commitments
        ],
        "references": [{"id": r.id, "text": r.text} for r in letter.references],
        "topics": list(letter.topics),
    }


def export_data(corpus: Corpus) -> dict[str, Any]:
    return {
        "letters": [export_letter(x, corpus) for x in sorted(corpus.letters, key=lambda x: x.id)]
    }


def export_json(corpus: Corpus, data: dict[str, Any] | None = None) -> str:
    """``data``: :func:`export_data` of ``corpus`` when already made."""
    exported = export_data(corpus) if data is None else data
    return json.dumps(exported, ensure_ascii=False, indent=2) + "\n"


CSV_HEADER = [
    "id",
    "source",
    "kind",
    "title",
    "date",
    "dossier",
    "number",
    "signatories",
    "questions",
    "recommendations",
    "commitments",
    "references",
    "topics",
]


def export_csv(corpus: Corpus, data: dict[str, Any] | None = None) -> str:
    """One row per letter: the flat part of the export, for spreadsheets."""
    exported = export_data(corpus) if data is None else data
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for item in exported["letters"]:
        writer.writerow(csv_row(item))
    return out.getvalue()


def csv_row(item: dict[str, Any]) -> list[Any]:
    """A letter's row of :func:`export_csv`, from its export record."""
    k = item["kamerstuk"] or {}
    return [
        item["id"],
        item["source"],
        item["kind"],
        item["title"] or "",
        item["date"] or "",
        k.get("dossier") or "",
        k.get("number") or "",
        "; ".join(item["signatories"]),
        len(item["questions"]),
        len(item["recommendations"]),
        len(item["commitments"]),
        len(item["references"]),
        "; ".join(item["topics"]),
    ]
