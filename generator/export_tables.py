"""The export as several linked CSV tables (one per item kind) for the site's data page.

Built from :func:`generator.export.export_data`, so the tables say exactly what the JSON
export says; ``brieven.csv`` is the one-row-per-letter table of :func:`export_csv`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from .corpus import Corpus
from .export import export_csv, export_data


def _csv(header: list[str], rows: Iterable[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def export_tables(corpus: Corpus, data: dict[str, Any] | None = None) -> dict[str, str]:
    """``file name -> CSV text``; item tables are linked to letters by ``letter``.
    ``data``: :func:`export_data` of ``corpus`` when already made."""
    exported = export_data(corpus) if data is None else data
    records = exported["letters"]
    return {
        "brieven.csv": export_csv(corpus, exported),
        "vragen.csv": _csv(
            ["letter", "number", "question", "answer"],
            (
                [r["id"], q["number"], q["question"], q["answer"]]
                for r in records
                for q in r["questions"]
            ),
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
            (
                [r["id"], c["text"], c["due_text"], c["due_date"]]
                for r in records
                for c in r["commitments"]
            ),
        ),
        "verwijzingen.csv": _csv(
            ["letter", "id", "text"],
            ([r["id"], x["id"], x["text"]] for r in records for x in r["references"]),
        ),
    }
