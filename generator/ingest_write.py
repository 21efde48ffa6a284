"""Ingest, last stage: one letter's files written, each atomically; a write that fails
undoes the letter's earlier writes."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from .codec import letter_to_data
from .diagnostics import Diagnostic, GeneratorError
from .model import Letter
from .store import write_atomic


@dataclass(frozen=True)
class Written:
    yaml_path: Path
    changed: bool  # the letter YAML was (re)written
    text: str  # the letter YAML as it is now
    diagnostics: list[Diagnostic]  # merge conflicts


def write_letter(
    path: Path,
    letter: Letter,
    machine_text: str,
    raw: bytes,
    rendering: bytes | None,
    content: Path,
) -> Written:
    """Source copy (and, for binary formats, the text rendering the line numbers point
    into: ``<id>.pdf.txt`` beside ``<id>.pdf``), then the letter, then the machine
    snapshot, each atomically. A write that fails undoes this letter's earlier writes; a
    run killed between two writes leaves files that the next run completes or merges."""
    from .review import merge_into_content, write_snapshot

    yaml_path = content / "letters" / f"{letter.id}.yml"
    text, diagnostics = merge_into_content(content, letter_to_data(letter), machine_text)
    writes = _Writes()
    try:
        copy_path = content / letter.source.copy
        writes.write(copy_path, raw)
        if rendering is not None:
            writes.write(copy_path.with_name(copy_path.name + ".txt"), rendering)
        changed = writes.write(yaml_path, text.encode("utf-8"))
        write_snapshot(content, letter.id, machine_text)
    except OSError as exc:
        writes.undo()
        where = Path(exc.filename).parent if exc.filename else content
        raise GeneratorError(
            str(path),
            f"cannot write {where}: {exc.strerror or exc}; nothing of this letter was kept",
        ) from None
    return Written(yaml_path, changed, text, diagnostics)


class _Writes:
    """The files one letter wrote, to undo them when a later write fails."""

    def __init__(self) -> None:
        self.done: list[tuple[Path, bytes | None]] = []

    def write(self, path: Path, data: bytes) -> bool:
        old = path.read_bytes() if path.exists() else None
        if old == data:
            return False
        write_atomic(path, data)
        self.done.append((path, old))
        return True

    def undo(self) -> None:
        for path, old in reversed(self.done):
            with contextlib.suppress(OSError):
                if old is None:
                    path.unlink(missing_ok=True)
                else:
                    write_atomic(path, old)
