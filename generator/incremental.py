"""What a site build keeps for the next one (``build/state/`` next to the docs folder).

A build is incremental only when everything global is the same as in the build the
state is from: the :func:`build_fingerprint` (configuration, theme overrides, templates,
static files, the generator's own code, library versions, build date, site address,
output folders), the set of files in the docs folder, and the docs and site folders
exactly as that build left them (sizes and modification times). Anything else, or a
state that cannot be read, means a full build; never a crash.

The state is removed when a build starts and written again only when it succeeded, so
a failed or interrupted build is always followed by a full one.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import pickle
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .atomic import write_atomic
from .heap import long_lived

if TYPE_CHECKING:
    from .mkdocs_run import PageRecord

STATE_VERSION = 3
STATE_FILE = "build.pickle"
ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "markdown",
    "pymdown-extensions",
    "jinja2",
    "markupsafe",
    "pyyaml",
    "pagefind-bin",
)
Manifest = dict[str, tuple[int, int]]  # relative path -> (size, mtime in ns)


@dataclass
class BuildState:
    fingerprint: str
    docs: Manifest
    site: Manifest
    pages: dict[str, PageRecord]
    pagefind: bool  # site/pagefind was written by that build
    # the content folder the site was built from (its path and every file but the ingest
    # cache) and the counts that build reported: the same again means nothing to do
    content: tuple[str, Manifest] | None = None
    counts: tuple[int, int] = (0, 0)  # pages, letters
    # the pages in site/pagefind, each with its shard (generator.pagefind.plan_index)
    search_pages: dict[str, str] | None = None
    # those pages -> digest of what Pagefind was given of them (generator.pagefind)
    search_inputs: dict[str, bytes] | None = None


def state_dir(docs: Path) -> Path:
    return docs.parent / "state"


def load_state(folder: Path) -> BuildState | None:
    """The previous build's state; None when missing, unreadable or of another version."""
    try:
        with (folder / STATE_FILE).open("rb") as f, long_lived():
            version, state = pickle.load(f)
    except Exception:  # corrupt state: a full build, never a crash
        return None
    if version != STATE_VERSION or not isinstance(state, BuildState):
        return None
    return state


def save_state(folder: Path, state: BuildState) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / STATE_FILE, pickle.dumps((STATE_VERSION, state), protocol=5))


def clear_state(folder: Path) -> None:
    (folder / STATE_FILE).unlink(missing_ok=True)


def manifest(folder: Path, skip: frozenset[str] = frozenset()) -> Manifest:
    """Every file under ``folder`` with its size and modification time (folders named in
    ``skip`` left out)."""
    out: Manifest = {}
    if not folder.is_dir():
        return out
    base = len(str(folder)) + 1
    for top, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in skip]
        for name in names:
            path = os.path.join(top, name)
            st = os.stat(path, follow_symlinks=False)
            out[path[base:].replace(os.sep, "/")] = (st.st_size, st.st_mtime_ns)
    return out


def _hash_tree(digest: Any, folder: Path) -> None:
    if not folder.exists():
        digest.update(b"-missing-")
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())


@functools.cache
def code_fingerprint() -> str:
    """The generator's own code and schemas, Python and the libraries' versions: of the
    code this process runs, so worked out once (the build and its three caches ask)."""
    digest = hashlib.sha256(sys.version.encode())
    for name in PACKAGES:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)}\n".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name}=-\n".encode())
    _hash_tree(digest, ROOT / "generator")
    return digest.hexdigest()


_ENV_NAMES = re.compile(r"!ENV\s*\[?\s*([A-Za-z_][A-Za-z0-9_]*)")


def build_fingerprint(config: Path, values: dict[str, object]) -> str:
    """Everything global a page's HTML may depend on besides its own Markdown."""
    digest = hashlib.sha256(code_fingerprint().encode())
    text = config.read_bytes()
    digest.update(text)
    for name in sorted(set(_ENV_NAMES.findall(text.decode("utf-8", "replace")))):
        digest.update(f"{name}={os.environ.get(name)!r}\n".encode())
    for folder in ("overrides", "templates", "static"):
        digest.update(folder.encode())
        _hash_tree(digest, config.parent / folder)
    for key, value in sorted(values.items()):
        digest.update(f"{key}={value!r}\n".encode())
    return digest.hexdigest()


def content_manifest(
    content: Path, letters: Mapping[str, bytes] | None = None
) -> tuple[str, Manifest]:
    """What a build read from the content folder: its path and, per file, its size and
    the first 64 bits of its SHA-256 (contents, not times: an edit of the same size in
    the same clock tick still counts). The ingest's own cache is left out: re-ingesting
    nothing rewrites it, and the site does not read it. ``letters``: letter file name ->
    SHA-256 of the text the build parsed (the validation's), used instead of reading
    those files again."""
    out: Manifest = {}
    for rel, (size, _) in manifest(content, frozenset({".cache"})).items():
        folder, _, name = rel.partition("/")
        known = letters.get(name) if letters and folder == "letters" else None
        if known is not None:
            out[rel] = (size, int.from_bytes(known[:8], "big"))
            continue
        data = (content / rel).read_bytes()
        out[rel] = (len(data), int.from_bytes(hashlib.sha256(data).digest()[:8], "big"))
    return str(content.resolve()), out
