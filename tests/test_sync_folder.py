"""render.sync_folder: the docs folder ends up exactly as wanted (plus the kept files)."""

from __future__ import annotations

import os
from pathlib import Path

from generator.render import sync_folder


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def test_stale_files_links_and_empty_folders_go_kept_and_unchanged_files_stay(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    (docs / "brieven" / "oud").mkdir(parents=True)
    (docs / "brieven" / "a.md").write_bytes(b"zelfde")
    (docs / "brieven" / "b.md").write_bytes(b"oud")
    (docs / "brieven" / "oud" / "weg.md").write_bytes(b"weg")
    (docs / "bewaard.md").write_bytes(b"bewaard")
    (docs / "los.md").write_bytes(b"los")
    outside = tmp_path / "buiten"
    outside.mkdir()
    (outside / "x.md").write_bytes(b"buiten")
    os.symlink(outside, docs / "link")
    same = (docs / "brieven" / "a.md").stat().st_mtime_ns
    written: set[str] = set()
    count = sync_folder(
        docs,
        {"brieven/a.md": b"zelfde", "brieven/b.md": b"nieuw", "nieuw/c.md": b"c"},
        written,
        kept={"bewaard.md"},
    )
    assert count == 2 and written == {"brieven/b.md", "nieuw/c.md"}
    assert _tree(docs) == {
        "bewaard.md": b"bewaard",
        "brieven/a.md": b"zelfde",
        "brieven/b.md": b"nieuw",
        "nieuw/c.md": b"c",
    }
    assert not (docs / "brieven" / "oud").exists()  # emptied folder removed
    assert not os.path.lexists(docs / "link")  # a link is removed, not followed
    assert (outside / "x.md").read_bytes() == b"buiten"
    assert (docs / "brieven" / "a.md").stat().st_mtime_ns == same  # not written again
