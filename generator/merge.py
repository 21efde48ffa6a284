"""Three-way merge of a letter's YAML, so that editors' corrections survive re-ingest.

``base`` is the last machine output (the snapshot in ``content/machine/<id>.yml``),
``ours`` the current YAML (machine output plus editors' changes), ``theirs`` the new
machine output. Per value:

- the same in ours and theirs: kept;
- only the machine changed it (ours == base): the machine's new value;
- only the editor changed it (theirs == base): the editor's value;
- both changed it: mappings and lists are merged one level deeper; anything else is a
  :class:`Conflict`, and the editor's value is kept for the editor to resolve.

Lists of items merge per item, matched by their key (:data:`ITEM_KEYS`); other lists
(topics, flags, line lists) merge as sets that keep their order.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .atomic import write_atomic
from .diagnostics import Diagnostic, error
from .store import dump_yaml, read_text_file
from .yamlpath import PathKey, line_of, load_with_lines

MACHINE_DIR = "machine"
LETTERS_DIR = "letters"

# How items of a list (by the list's key in its parent) are matched across versions.
ITEM_KEYS: dict[str, tuple[str, ...]] = {
    "questions": ("number",),
    "recommendations": ("id",),
    "commitments": ("id",),
    "references": ("id", "lines"),
    "footnotes": ("number",),
    "sections": ("id",),
    "paragraphs": ("id",),
    "entities": ("id",),
    "signatories": ("name",),
}


class _Missing:
    """A key that a version does not have (distinct from an explicit null)."""

    def __repr__(self) -> str:
        return "<absent>"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Conflict:
    """A value both the editor and the machine changed, differently.

    ``path`` names items by their key (``recommendations[r2].stance``); ``location`` is the
    same place as keys and list indices in the merged data, for finding its line there.
    """

    path: str
    location: tuple[PathKey, ...]
    base: Any
    ours: Any
    theirs: Any

    def message(self) -> str:
        return (
            f"conflict in {self.path}: editor has {describe(self.ours)}, "
            f"machine now says {describe(self.theirs)}"
        )


def describe(value: Any, limit: int = 60) -> str:
    """A short, one-line rendering of a value for a message."""
    if value is MISSING:
        return "nothing (removed)"
    if isinstance(value, str):
        text = " ".join(value.split())
        return repr(text if len(text) <= limit else text[: limit - 1] + "…")
    if isinstance(value, dict) and _item_label(value):
        return f"item {_item_label(value)}"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- merge


def merge_letter(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]
) -> tuple[dict[str, Any], list[Conflict]]:
    """Merge the editor's YAML (ours) with new machine output (theirs) over base."""
    conflicts: list[Conflict] = []
    merged = _merge_value(base, ours, theirs, _Where("", (), ""), conflicts)
    return merged, conflicts


@dataclass(frozen=True)
class _Where:
    path: str  # display path
    location: tuple[PathKey, ...]  # keys and indices in ours
    field: str  # the mapping key this value sits under (chooses the list item key)

    def key(self, key: str, index_in_ours: PathKey | None) -> _Where:
        path = f"{self.path}.{key}" if self.path else key
        loc = self.location if index_in_ours is None else (*self.location, index_in_ours)
        return _Where(path, loc, key)

    def item(self, label: str, index_in_ours: int | None) -> _Where:
        loc = self.location if index_in_ours is None else (*self.location, index_in_ours)
        return _Where(f"{self.path}[{label}]", loc, self.field)


def _merge_value(b: Any, o: Any, t: Any, where: _Where, conflicts: list[Conflict]) -> Any:
    if same(o, t):
        return o
    if same(o, b):
        return t
    if same(t, b):
        return o
    if isinstance(o, dict) and isinstance(t, dict):
        return _merge_dict(b if isinstance(b, dict) else {}, o, t, where, conflicts)
    if isinstance(o, list) and isinstance(t, list):
        return _merge_list(b if isinstance(b, list) else [], o, t, where, conflicts)
    conflicts.append(Conflict(where.path, where.location, b, o, t))
    return o


def _merge_dict(
    b: dict[str, Any], o: dict[str, Any], t: dict[str, Any], where: _Where, out: list[Conflict]
) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for key in _ordered_union(list(t), list(o)):
        value = _merge_value(
            b.get(key, MISSING),
            o.get(key, MISSING),
            t.get(key, MISSING),
            where.key(key, key if key in o else None),
            out,
        )
        if value is not MISSING:
            merged[key] = value
    return merged


def _merge_list(
    b: list[Any], o: list[Any], t: list[Any], where: _Where, out: list[Conflict]
) -> Any:
    fields = ITEM_KEYS.get(where.field)
    if fields and all(_keyed(v, fields) for v in (b, o, t)):
        return _merge_items(b, o, t, fields, where, out)
    if all(_canonical_unique(v) for v in (b, o, t)):
        return _merge_set(b, o, t)
    out.append(Conflict(where.path, where.location, b, o, t))
    return o


def _merge_items(
    b: list[Any],
    o: list[Any],
    t: list[Any],
    fields: tuple[str, ...],
    where: _Where,
    out: list[Conflict],
) -> list[Any]:
    by_b, by_o, by_t = ({_item_key(i, fields): i for i in v} for v in (b, o, t))
    merged: list[Any] = []
    for key in _ordered_union(list(by_t), list(by_o)):
        # an item the editor has stays in the result: its conflicts point at its new place
        index = len(merged) if key in by_o else None
        item = _merge_value(
            by_b.get(key, MISSING),
            by_o.get(key, MISSING),
            by_t.get(key, MISSING),
            where.item(_label(key), index),
            out,
        )
        if item is not MISSING:
            merged.append(item)
    return merged


def _merge_set(b: list[Any], o: list[Any], t: list[Any]) -> list[Any]:
    """Items added on either side are in; items removed on either side are out."""
    cb, co, ct = ({_canonical(x) for x in v} for v in (b, o, t))
    keep = [x for x in o if _canonical(x) in ct or _canonical(x) not in cb]
    added = [x for x in t if _canonical(x) not in cb and _canonical(x) not in co]
    return _interleave(keep, added, t)


def _interleave(keep: list[Any], added: list[Any], t: list[Any]) -> list[Any]:
    """Put each item the machine added after the item it follows in the machine's list."""
    result = list(keep)
    position = {_canonical(x): n for n, x in enumerate(t)}
    for item in added:
        mine = position[_canonical(item)]
        before = [n for n, x in enumerate(result) if position.get(_canonical(x), mine) < mine]
        result.insert(before[-1] + 1 if before else 0, item)
    return result


def _ordered_union(primary: list[Any], secondary: list[Any]) -> list[Any]:
    """``primary``'s order, with items only in ``secondary`` after their predecessor there."""
    result = list(primary)
    seen = set(primary)
    for n, key in enumerate(secondary):
        if key in seen:
            continue
        previous = next((k for k in reversed(secondary[:n]) if k in result), None)
        result.insert(result.index(previous) + 1 if previous is not None else 0, key)
        seen.add(key)
    return result


def _keyed(items: list[Any], fields: tuple[str, ...]) -> bool:
    if not all(isinstance(i, dict) and all(f in i for f in fields) for i in items):
        return False
    keys = [_item_key(i, fields) for i in items]
    return len(keys) == len(set(keys))


def _item_key(item: dict[str, Any], fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_canonical(item.get(f)) for f in fields)


def _label(key: tuple[str, ...]) -> str:
    return "@".join(json.loads(k) if k.startswith('"') else k for k in key)


def _item_label(item: dict[str, Any]) -> str | None:
    for field in ("id", "number"):
        if field in item:
            return str(item[field])
    return None


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _canonical_unique(items: list[Any]) -> bool:
    return len({_canonical(x) for x in items}) == len(items)


def same(a: Any, b: Any) -> bool:
    """Equality that tells ``False`` from ``0`` and ``1`` from ``1.0`` (YAML does)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


# --------------------------------------------------------------------------- files


def machine_snapshot_path(content_dir: Path, letter_id: str) -> Path:
    """Where ingest keeps the last machine output of a letter."""
    return content_dir / MACHINE_DIR / f"{letter_id}.yml"


def letter_path(content_dir: Path, letter_id: str) -> Path:
    return content_dir / LETTERS_DIR / f"{letter_id}.yml"


def merge_with_existing(
    content_dir: Path,
    new_data: dict[str, Any],
    text_of: Callable[[dict[str, Any]], str] = dump_yaml,
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Merge new machine output with the letter's current YAML and last machine snapshot.

    Returns ``new_data`` unchanged when the letter has no YAML yet. Without a snapshot
    every difference between the current YAML and the new output is a conflict (the
    editor's value is kept). Conflicts are ``file:line: conflict in ...`` diagnostics
    with the line in the merged YAML as written (``text_of(merged)``). Writing the
    result and the new snapshot is the caller's job (see :func:`write_merged`).
    """
    current_path = letter_path(content_dir, str(new_data["id"]))
    if not current_path.exists():
        return new_data, []
    ours = load_with_lines(read_text_file(current_path), str(current_path))[0]
    snapshot = machine_snapshot_path(content_dir, str(new_data["id"]))
    base: dict[str, Any] = {}
    if snapshot.exists():
        base = load_with_lines(read_text_file(snapshot), str(snapshot))[0]
    merged, conflicts = merge_letter(base, ours, new_data)
    lines = load_with_lines(text_of(merged), str(current_path))[1] if conflicts else {}
    return merged, [
        error(str(current_path), line_of(lines, c.location), c.message()) for c in conflicts
    ]


def write_merged(content_dir: Path, new_data: dict[str, Any], merged: dict[str, Any]) -> None:
    """Write the merged letter, then the new machine snapshot, each atomically."""
    write_atomic(letter_path(content_dir, str(new_data["id"])), dump_yaml(merged))
    write_atomic(machine_snapshot_path(content_dir, str(new_data["id"])), dump_yaml(new_data))
