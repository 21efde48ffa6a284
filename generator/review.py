"""Editors' changes survive re-ingest: the last machine output of each letter is kept in
``content/machine/``; a new machine output is merged with the editor's YAML against it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, warning
from .store import write_atomic


def machine_snapshot_path(content: Path, letter_id: str) -> Path:
    return content / "machine" / f"{letter_id}.yml"


def merge_into_content(
    content: Path, new_data: dict[str, Any], new_text: str
) -> tuple[str, list[Diagnostic]]:
    """The YAML text to write for a letter, and diagnostics (conflicts). Writes the snapshot."""
    letter_id = str(new_data["id"])
    current = content / "letters" / f"{letter_id}.yml"
    snapshot = machine_snapshot_path(content, letter_id)
    diagnostics: list[Diagnostic] = []
    text = new_text
    if current.exists():
        mine = current.read_text(encoding="utf-8")
        base = snapshot.read_text(encoding="utf-8") if snapshot.exists() else None
        if base is not None and mine != base and mine != new_text:
            text = mine
            diagnostics.append(
                warning(
                    str(current),
                    1,
                    "edited by an editor: kept as it is (machine output in content/machine/)",
                )
            )
    if not snapshot.exists() or snapshot.read_text(encoding="utf-8") != new_text:
        write_atomic(snapshot, new_text)
    return text, diagnostics
