"""The export files of the site (``data/kamerbrieven.json`` and the CSV tables), joined
from per-letter pieces that are kept between builds.

A letter's part of every export file depends only on its export record
(:func:`generator.export.export_letter`): the letter as stored in its file and the
dossier the corpus infers for it. Its pieces (its JSON object as ``json.dumps`` with
``indent=2`` writes it inside the list, its rows of each table) are reused when the
digest of the text its data was parsed from (the validation cache's, see
:func:`generator.build.build_site`) and the inferred dossier are the same;
the files are joined from the pieces in export order: byte for byte what
:func:`generator.export.export_json` and :func:`generator.export_tables.export_tables`
write (tested).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from .corpus import corpus_of_letters
from .export import export_letter
from .export_tables import TABLES
from .memo import Memo
from .site import Corpus

JSON_FILE = "kamerbrieven.json"
PIECES = "export/pieces"  # memo: file name -> (key, pieces)

Pieces = tuple[bytes, ...]  # the JSON object, then the rows of each table in TABLES


def export_files(
    corpus: Corpus, digests: Mapping[str, object] | None = None, memo: Memo | None = None
) -> tuple[dict[str, bytes], int]:
    """``data/<name> -> bytes`` of every export file, and how many letters' pieces were
    made (the others reused from ``memo``, when given, by ``digests``: the letter files'
    text digests by file name)."""
    data = corpus_of_letters([f.stored for f in corpus.files])
    names = {id(f.stored): f.path.name for f in corpus.files}
    before = memo.get(PIECES) if memo is not None else None
    old: dict[str, tuple[object, Pieces]] = before if isinstance(before, dict) else {}
    kept: dict[str, tuple[object, Pieces]] = {}
    ordered: list[Pieces] = []
    made = 0
    for letter in sorted(data.letters, key=lambda x: x.id):  # as export_data
        name = names[id(letter)]
        digest = (digests or {}).get(name)
        key = (digest, data.inferred_dossier.get(letter.id))
        hit = old.get(name)
        if digest is not None and hit is not None and hit[0] == key:
            kept[name] = hit  # the very entry kept: the memo writes only what changed
            pieces = hit[1]
        else:
            pieces = letter_pieces(export_letter(letter, data))
            made += 1
            kept[name] = (key, pieces)
        ordered.append(pieces)
    if memo is not None and (made or kept.keys() != old.keys()):
        memo.put(PIECES, kept)
    return join_pieces(ordered), made


def letter_pieces(record: dict[str, Any]) -> Pieces:
    """One letter's parts of the export files."""
    text = json.dumps(record, ensure_ascii=False, indent=2)
    parts = ["    " + text.replace("\n", "\n    ")]  # json escapes newlines in strings
    for _, rows in TABLES.values():
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        for row in rows(record):
            writer.writerow(["" if v is None else v for v in row])
        parts.append(out.getvalue())
    return tuple(part.encode("utf-8") for part in parts)


def join_pieces(letters: list[Pieces]) -> dict[str, bytes]:
    """The export files from the letters' pieces, in export order."""
    body = b",\n".join(pieces[0] for pieces in letters)
    files = {
        f"data/{JSON_FILE}": b'{\n  "letters": [\n' + body + b"\n  ]\n}\n"
        if letters
        else b'{\n  "letters": []\n}\n'
    }
    for n, (name, (header, _)) in enumerate(TABLES.items(), 1):
        head = io.StringIO()
        csv.writer(head, lineterminator="\n").writerow(header)
        files[f"data/{name}"] = head.getvalue().encode("utf-8") + b"".join(p[n] for p in letters)
    return files
