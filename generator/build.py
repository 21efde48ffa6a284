"""Build the site: collect, render Markdown into a docs folder, run MkDocs (strict).

The offline bundle is the same build with Material's offline plugin switched on,
zipped with fixed timestamps so two bundles of the same content are identical.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .dates import epoch_of
from .diagnostics import GeneratorError
from .render import ROOT, write_docs
from .site import collect_corpus

CONFIG = ROOT / "mkdocs.yml"
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class BuildResult:
    pages: int
    letters: int
    seconds: float
    site: Path


@contextmanager
def _env(values: dict[str, str]) -> Iterator[None]:
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def build_site(
    content: Path, out: Path, today: dt.date, docs: Path, offline: bool = False
) -> BuildResult:
    """Render ``content`` into ``docs`` and build the HTML site into ``out``."""
    started = time.monotonic()
    corpus = collect_corpus(content, today)
    pages = write_docs(corpus, docs)
    run_mkdocs(docs, out, today, offline)
    return BuildResult(pages, len(corpus.letters), time.monotonic() - started, out)


def run_mkdocs(docs: Path, out: Path, today: dt.date, offline: bool) -> None:
    env = {
        "SOURCE_DATE_EPOCH": str(epoch_of(today)),
        "KB_OFFLINE": "true" if offline else "false",
        "NO_MKDOCS_2_WARNING": "1",
    }
    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        with _env(env):
            _load_and_build(docs, out)
    except (MkDocsException, SystemExit) as exc:
        details = "".join(f"\n  {m}" for m in collector.messages)
        raise GeneratorError(str(CONFIG), f"mkdocs build failed: {exc}{details}") from exc
    finally:
        logger.removeHandler(collector)


class _Collector(logging.Handler):
    """Keeps MkDocs' warnings so a failed strict build says why."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _load_and_build(docs: Path, out: Path) -> None:
    config = load_config(
        config_file=str(CONFIG),
        docs_dir=str(docs.resolve()),
        site_dir=str(out.resolve()),
        strict=True,
    )
    mkdocs_build(config)


def write_zip(folder: Path, target: Path, prefix: str = "kamerbrieven") -> int:
    """Zip ``folder`` with sorted entries and fixed timestamps; returns the file count."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".zip.tmp")
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(folder).as_posix()}", ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    os.replace(tmp, target)
    return len(files)


def bundle_site(content: Path, target: Path, today: dt.date, work: Path) -> BuildResult:
    """Build the offline variant into ``work`` and zip it to ``target``."""
    site = work / "site"
    if site.exists():
        shutil.rmtree(site)
    result = build_site(content, site, today, work / "docs", offline=True)
    write_zip(site, target)
    return result
