"""Editors' changes survive re-ingest: the last machine output of each letter is kept in
``content/machine/``; a new machine output is merged three ways with the editor's YAML
against it (see :mod:`generator.merge`). Conflicts keep the editor's value and are
reported as ``file:line: conflict in <path>: editor has X, machine now says Y``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic
from .merge import machine_snapshot_path, merge_with_existing, same
from .store import dump_yaml, load_yaml
from .yamlcomments import carry_comments

__all__ = ["machine_snapshot_path", "merge_into_content"]


def merge_into_content(
    content: Path, new_data: dict[str, Any], new_text: str
) -> tuple[str, list[Diagnostic]]:
    """The YAML text to write for a letter, and conflicts. The caller writes the letter,
    then the snapshot (in that order: a failed letter write keeps the old base)."""
    current = content / "letters" / f"{new_data['id']}.yml"
    snapshot = machine_snapshot_path(content, str(new_data["id"]))
    if current.exists() and snapshot.exists():
        mine = current.read_bytes()
        if mine == snapshot.read_bytes() or mine == new_text.encode("utf-8"):
            return new_text, []  # no editor changes: the new machine output is the letter
    old_text = current.read_text("utf-8") if current.exists() else ""

    def text_of(data: dict[str, Any]) -> str:
        # the editor's comments go along into the rewritten file (generator.yamlcomments)
        return carry_comments(old_text, dump_yaml(data)) if old_text else dump_yaml(data)

    merged, diagnostics = merge_with_existing(content, new_data, text_of)
    if not old_text:  # a new letter, nothing to merge
        text = new_text
    elif same(merged, new_data):
        text = carry_comments(old_text, new_text)
    elif same(merged, load_yaml(old_text, str(current))):
        text = old_text  # nothing new from the machine: keep the editor's text
    else:
        text = text_of(merged)
    return text, diagnostics
