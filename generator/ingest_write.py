"""Ingest, last stage: one letter's files written, each atomically, made durable together;
a write that fails undoes the letter's earlier writes."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from .atomic import AtomicBatch, write_atomic
from .codec import letter_to_data
from .diagnostics import Diagnostic, GeneratorError
from .merge import machine_snapshot_path
from .model import Letter


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
    snapshot, each atomically and all after one flush to disk. A write that fails undoes
    this letter's earlier writes; a run killed between two renames leaves files that the
    next run completes or merges."""
    from .review import merge_into_content

    yaml_path = content / "letters" / f"{letter.id}.yml"
    text, diagnostics = merge_into_content(content, letter_to_data(letter), machine_text)
    copy_path = content / letter.source.copy
    files = [(copy_path, raw)]
    if rendering is not None:
        files.append((copy_path.with_name(copy_path.name + ".txt"), rendering))
    files.append((yaml_path, text.encode("utf-8")))
    files.append((machine_snapshot_path(content, letter.id), machine_text.encode("utf-8")))
    try:
        changed = _replace_together(files)
    except OSError as exc:
        where = Path(exc.filename).parent if exc.filename else content
        raise GeneratorError(
            str(path),
            f"cannot write {where}: {exc.strerror or exc}; nothing of this letter was kept",
        ) from None
    return Written(yaml_path, yaml_path in changed, text, diagnostics)


def _replace_together(files: list[tuple[Path, bytes]]) -> set[Path]:
    """Replace the files whose bytes differ, in order, after one flush to disk; when a
    write fails, put back what was replaced already. Returns the files replaced."""
    old: dict[Path, bytes | None] = {}
    with AtomicBatch() as batch:
        for path, data in files:
            before = path.read_bytes() if path.exists() else None
            if before != data:
                batch.write(path, data)
                old[path] = before
        try:
            batch.commit()
        except OSError:
            _put_back(batch.replaced, old)
            raise
    return set(old)


def _put_back(replaced: list[Path], old: dict[Path, bytes | None]) -> None:
    for path in reversed(replaced):
        with contextlib.suppress(OSError):
            before = old[path]
            if before is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, before)
