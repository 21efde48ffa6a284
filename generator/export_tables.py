"""The export as several linked CSV tables (one per item kind) for the site's data page.

Built from :func:`generator.export.export_data`, so the tables say exactly what the JSON
export says; ``brieven.csv`` is the one-row-per-letter table of :func:`export_csv`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from typing import Any

from .corpus import Corpus
from .export import CSV_HEADER, csv_row, export_data


def _csv(header: list[str], rows: Iterable[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


Rows = Callable[[dict[str, Any]], list[list[Any]]]


def _items(field: str, *keys: str) -> Rows:
    """A letter's rows of an item table: its id, then ``keys`` of each item in ``field``."""
    return lambda r: [[r["id"], *(x[key] for key in keys)] for x in r[field]]


# file name -> (header, the rows of one letter's export record), in this order
TABLES: dict[str, tuple[list[str], Rows]] = {
    "brieven.csv": (CSV_HEADER, lambda r: [csv_row(r)]),
    "vragen.csv": (
        ["letter", "number", "question", "answer"],
        _items("questions", "number", "question", "answer"),
    ),
    "aanbevelingen.csv": (
        ["letter", "title", "recommendation", "appreciatie", "stance"],
        _items("recommendations", "title", "recommendation", "appreciatie", "stance"),
    ),
    "toezeggingen.csv": (
        ["letter", "text", "due_text", "due_date"],
        _items("commitments", "text", "due_text", "due_date"),
    ),
    "verwijzingen.csv": (["letter", "id", "text"], _items("references", "id", "text")),
}


def export_tables(corpus: Corpus, data: dict[str, Any] | None = None) -> dict[str, str]:
    """``file name -> CSV text``; item tables are linked to letters by ``letter``.
    ``data``: :func:`export_data` of ``corpus`` when already made."""
    exported = export_data(corpus) if data is None else data
    records = exported["letters"]
    return {
        name: _csv(header, (row for r in records for row in rows(r)))
        for name, (header, rows) in TABLES.items()
    }
