"""Ingest: letter ids. A stable id derived from what a letter says, made unique in the
content folder; the same letter in another format is recognised by its export record."""

from __future__ import annotations

import contextlib
import dataclasses
import json
from pathlib import Path

from .diagnostics import GeneratorError
from .extract.text import slugify
from .model import Letter
from .store import load_letter_file

FORMAT_SUFFIX = {"pdf": ".pdf", "docx": ".docx", "xml": ".xml", "html": ".html"}


def derive_id(letter: Letter) -> str:
    """A stable, readable, URL-safe id: date + Kamerstuk, title, report or signer."""
    date = letter.date or "ongedateerd"
    k = letter.kamerstuk
    if k is not None and k.id:
        tail = k.id
    elif letter.title:
        tail = slugify(letter.title, 60)
    elif letter.recommendations and letter.recommendations[0].report:
        tail = f"{letter.kind.value}-{slugify(letter.recommendations[0].report or '', 40)}"
    elif k is not None and k.number:
        tail = f"{letter.kind.value}-nr-{k.number}"
    elif letter.signatories:
        tail = f"{letter.kind.value}-{slugify(letter.signatories[0].name.split()[-1], 30)}"
    else:
        tail = f"{letter.kind.value}-{letter.source.sha256[:10]}"
    return slugify(f"{date}-{tail}", 90) or letter.source.sha256[:16]


def with_id(letter: Letter, letter_id: str, path: Path) -> Letter:
    """``letter`` under ``letter_id``, with the name of its kept copy."""
    copy = f"sources/{letter_id}{_suffix(path, letter.source.format)}"
    return dataclasses.replace(
        letter, id=letter_id, source=dataclasses.replace(letter.source, copy=copy)
    )


def _suffix(path: Path, fmt: str) -> str:
    """The kept copy's suffix follows its content (a text keeps ``.md`` if it was one)."""
    if fmt in FORMAT_SUFFIX:
        return FORMAT_SUFFIX[fmt]
    return ".md" if path.suffix.lower() == ".md" else ".txt"


def letter_fingerprint(letter: Letter) -> str:
    """What a letter says (its open-data record without id and file name, whitespace
    normalised): the same for one letter in any format."""
    from .corpus import Corpus
    from .export import export_letter

    record = export_letter(letter, Corpus())
    del record["id"], record["source"]
    return " ".join(json.dumps(record, ensure_ascii=False, sort_keys=True).split())


def same_letter_in_content(base: str, letter: Letter, content: Path) -> tuple[str, str] | None:
    """The id of a letter already in the content (compared as the machine last read it)
    that says exactly what ``letter`` says, among the ids ``base``, ``base-2``, ...;
    with the file it was read from."""
    fingerprint = None  # made when there is a letter to compare with (most have none)
    candidate, n = base, 2
    while (content / "letters" / f"{candidate}.yml").exists():
        snapshot = content / "machine" / f"{candidate}.yml"
        with contextlib.suppress(GeneratorError):
            known = load_letter_file(snapshot) if snapshot.exists() else None
            if known is not None:
                fingerprint = fingerprint or letter_fingerprint(letter)  # raises no GeneratorError
                if letter_fingerprint(known) == fingerprint:
                    return candidate, known.source.file
        candidate, n = f"{base}-{n}", n + 1
    return None


def unique_id(base: str, content: Path) -> str:
    candidate, n = base, 2
    while (content / "letters" / f"{candidate}.yml").exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate
