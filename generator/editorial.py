"""Editors' additions that the typed model does not carry, read from the letter YAML:
``fulfilled_by`` on a commitment and ``stance_override`` on a recommendation."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from .model import Letter, Stance
from .store import load_yaml, read_text_file


@dataclasses.dataclass(frozen=True)
class Editorial:
    fulfilled: dict[str, str]  # commitment id -> id of the letter that fulfilled it
    stances: dict[str, Stance]  # recommendation id -> the editor's stance


def _items(data: Any, key: str) -> list[dict[str, Any]]:
    value = data.get(key) if isinstance(data, dict) else None
    return [x for x in value or () if isinstance(x, dict) and x.get("id")]


def read_editorial(path: Path) -> Editorial:
    data = load_yaml(read_text_file(path), str(path))
    fulfilled = {
        str(c["id"]): str(c["fulfilled_by"])
        for c in _items(data, "commitments")
        if c.get("fulfilled_by")
    }
    stances: dict[str, Stance] = {}
    for r in _items(data, "recommendations"):
        override = r.get("stance_override")
        if isinstance(override, dict) and override.get("stance") in {s.value for s in Stance}:
            stances[str(r["id"])] = Stance(override["stance"])
    return Editorial(fulfilled, stances)


def apply_editorial(letter: Letter, editorial: Editorial) -> Letter:
    """The letter as the site shows it: editors' stances win; fulfilments kept aside."""
    recs = tuple(
        dataclasses.replace(r, stance=editorial.stances[r.id]) if r.id in editorial.stances else r
        for r in letter.recommendations
    )
    extra = dict(letter.editorial)
    if editorial.fulfilled:
        merged = dict(editorial.fulfilled)
        old = extra.get("fulfilled_by")
        if isinstance(old, dict):
            merged = {**{str(k): str(v) for k, v in old.items()}, **merged}
        extra["fulfilled_by"] = merged
    return dataclasses.replace(letter, recommendations=recs, editorial=extra)
