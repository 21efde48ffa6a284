"""The open-data export (JSON and CSV) as fixed in DATA-CONTRACT.md.

Texts are clean running text: footnote markers (``[^N]``) are removed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from .escape import strip_footnote_marks
from .model import Letter


def _clean(text: str | None) -> str:
    return " ".join(strip_footnote_marks(text).split())


def letter_record(letter: Letter) -> dict[str, Any]:
    k = letter.kamerstuk
    return {
        "id": letter.id,
        "source": letter.source.file,
        "kind": letter.kind.value,
        "title": letter.title,
        "date": letter.date,
        "kamerstuk": None
        if k is None or not (k.dossier or k.number)
        else {"dossier": k.dossier, "number": k.number},
        "signatories": [s.name for s in letter.signatories],
        "questions": [
            {"number": q.number, "question": _clean(q.question), "answer": _clean(q.answer)}
            for q in letter.questions
        ],
        "recommendations": [
            {
                "title": _clean(r.title),
                "recommendation": _clean(r.recommendation),
                "appreciatie": _clean(r.appreciatie),
                "stance": r.stance.value if r.stance else None,
            }
            for r in letter.recommendations
        ],
        "commitments": [
            {"text": _clean(c.text), "due_text": c.due_text, "due_date": c.due_date}
            for c in letter.commitments
        ],
        "references": [{"id": r.id, "text": _clean(r.text)} for r in letter.references],
        "topics": list(letter.topics),
    }


def build_export(letters: Iterable[Letter]) -> dict[str, Any]:
    """The export document: letters in id order."""
    return {"letters": [letter_record(x) for x in sorted(letters, key=lambda x: x.id)]}


def export_json(letters: Iterable[Letter]) -> str:
    return json.dumps(build_export(letters), ensure_ascii=False, indent=2) + "\n"


def _csv(header: list[str], rows: Iterable[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def export_csv_files(letters: Iterable[Letter]) -> dict[str, str]:
    """One CSV per table, linked by ``letter`` (the letter id)."""
    records = build_export(letters)["letters"]
    return {
        "brieven.csv": _csv(
            ["id", "source", "kind", "title", "date", "dossier", "number", "signatories", "topics"],
            (
                [
                    r["id"],
                    r["source"],
                    r["kind"],
                    r["title"],
                    r["date"],
                    (r["kamerstuk"] or {}).get("dossier"),
                    (r["kamerstuk"] or {}).get("number"),
                    "; ".join(r["signatories"]),
                    "; ".join(r["topics"]),
                ]
                for r in records
            ),
        ),
        "vragen.csv": _csv(
            ["letter", "number", "question", "answer"],
            ([r["id"], q["number"], q["question"], q["answer"]] for r in records for q in r["questions"]),
        ),
        "aanbevelingen.csv": _csv(
            ["letter", "title", "recommendation", "appreciatie", "stance"],
            (
                [r["id"], x["title"], x["recommendation"], x["appreciatie"], x["stance"]]
                for r in records
                for x in r["recommendations"]
            ),
        ),
        "toezeggingen.csv": _csv(
            ["letter", "text", "due_text", "due_date"],
            ([r["id"], c["text"], c["due_text"], c["due_date"]] for r in records for c in r["commitments"]),
        ),
        "verwijzingen.csv": _csv(
            ["letter", "id", "text"],
            ([r["id"], x["id"], x["text"]] for r in records for x in r["references"]),
        ),
    }
