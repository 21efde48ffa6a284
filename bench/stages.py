"""Single stages for bench/run.py, each run as its own process.

python -m bench.stages render CONTENT DOCS TODAY   # collect + write Markdown only
python -m bench.stages mkdocs DOCS SITE            # plain `mkdocs build`, no generator code
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def render(content: Path, docs: Path, today: str) -> None:
    from generator.render import write_docs
    from generator.site import collect_corpus

    write_docs(collect_corpus(content, dt.date.fromisoformat(today)), docs)


def bare_mkdocs(docs: Path, site: Path) -> None:
    """The project's mkdocs.yml with docs_dir pointed at ``docs``, built by MkDocs' own CLI."""
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    config = config.replace("docs_dir: build/docs", f"docs_dir: {docs.resolve()}", 1)
    config = config.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}", 1)
    cfg = site.parent / "mkdocs-bare.yml"
    cfg.write_text(config, "utf-8")
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg), "-d", str(site.resolve())]
    # the pages the web build makes: with Pagefind, Material's search plugin (lunr) is off
    from generator.build import pagefind_binary

    lunr = "false" if pagefind_binary() else "true"
    subprocess.run(cmd, check=True, env={**os.environ, "KB_LUNR": lunr})


if __name__ == "__main__":
    stage, *args = sys.argv[1:]
    if stage == "render":
        render(Path(args[0]), Path(args[1]), args[2])
    else:
        bare_mkdocs(Path(args[0]), Path(args[1]))
