"""The five seed letters as the tests use them: the originals from ../shared/seeds when
they are beside the checkout, else the copies bundled in content/sources under their
original names (taken from the committed YAML)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from generator.cli import main
from generator.store import load_letter_file

ROOT = Path(__file__).resolve().parent.parent
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
CONTENT = ROOT / "content"


def seed_files(dest: Path) -> list[Path]:
    """Copies of the five seed letters in ``dest``, under their original file names."""
    dest.mkdir(parents=True, exist_ok=True)
    if SHARED_SEEDS.is_dir():
        for src in sorted(SHARED_SEEDS.glob("*.txt")):
            shutil.copyfile(src, dest / src.name)
    else:
        for yml in sorted((CONTENT / "letters").glob("*.yml")):
            letter = load_letter_file(yml)
            shutil.copyfile(CONTENT / letter.source.copy, dest / letter.source.file)
    return sorted(dest.glob("*.txt"))


def ingest_and_export(paths: list[Path], content: Path, capsys: Any = None) -> dict[str, Any]:
    """Run the public commands; the export's letters keyed by the source's 3-digit prefix."""
    assert main(["ingest", "-q", "--content", str(content), *map(str, paths)]) == 0
    out = content.parent / f"{content.name}-export.json"
    assert main(["export", "--content", str(content), "--out", str(out)]) == 0
    letters = json.loads(out.read_text(encoding="utf-8"))["letters"]
    return {x["source"][:3]: x for x in letters}
