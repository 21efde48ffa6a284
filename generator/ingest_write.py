"""Ingest, last stage: one letter's files written to temp files (staged), then made
durable together and renamed into place (committed); a write that fails undoes the
letter's earlier writes."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field, replace
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


def stage_letter(
    path: Path,
    letter: Letter,
    machine_text: str,
    raw: bytes,
    rendering: bytes | None,
    content: Path,
) -> Staged:
    """Source copy (and, for binary formats, the text rendering the line numbers point
    into: ``<id>.pdf.txt`` beside ``<id>.pdf``), the letter and the machine snapshot,
    each written to a temp file beside its place: nothing visible until
    :meth:`Staged.commit`. A write that fails leaves no trace."""
    from .review import merge_into_content

    yaml_path = content / "letters" / f"{letter.id}.yml"
    if yaml_path.exists():
        text, diagnostics = merge_into_content(content, letter_to_data(letter), machine_text)
    else:  # a new letter: nothing to merge, the machine's text as it is
        text, diagnostics = machine_text, []
    copy_path = content / letter.source.copy
    files = [(copy_path, raw)]
    if rendering is not None:
        files.append((copy_path.with_name(copy_path.name + ".txt"), rendering))
    files.append((yaml_path, text.encode("utf-8")))
    files.append((machine_snapshot_path(content, letter.id), machine_text.encode("utf-8")))
    staged = Staged(path, content, Written(yaml_path, False, text, diagnostics))
    try:
        for target, data in files:
            before = target.read_bytes() if target.exists() else None
            if before != data:
                staged.batch.write(target, data)
                staged.old[target] = before
    except OSError as exc:
        staged.discard()
        raise staged.failure(exc) from None
    return staged


@dataclass
class Staged:
    """One letter's files in temp files: :meth:`commit` flushes them to disk and renames
    them into place in order (the source copy, the letter, the snapshot: a failed letter
    write keeps the old merge base), or :meth:`discard` forgets them."""

    source: Path
    content: Path
    written: Written
    batch: AtomicBatch = field(default_factory=AtomicBatch)
    old: dict[Path, bytes | None] = field(default_factory=dict)  # files to replace

    def commit(self) -> Written:
        """A run killed between two renames leaves files that the next run completes or
        merges; a rename that fails puts back what this letter replaced already."""
        try:
            self.batch.commit()
        except OSError as exc:
            _put_back(self.batch.replaced, self.old)
            raise self.failure(exc) from None
        finally:
            self.discard()
        return replace(self.written, changed=self.written.yaml_path in self.old)

    def discard(self) -> None:
        self.batch.discard()

    def failure(self, exc: OSError) -> GeneratorError:
        where = Path(exc.filename).parent if exc.filename else self.content
        return GeneratorError(
            str(self.source),
            f"cannot write {where}: {exc.strerror or exc}; nothing of this letter was kept",
        )


def _put_back(replaced: list[Path], old: dict[Path, bytes | None]) -> None:
    for path in reversed(replaced):
        with contextlib.suppress(OSError):
            before = old[path]
            if before is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, before)
