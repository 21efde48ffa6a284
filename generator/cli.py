"""Command line: ``python -m generator <command>`` (see ../shared/DATA-CONTRACT.md).

One small function per command; each returns the exit code. Diagnostics are printed as
``path:line: message``; ``--strict`` makes warnings fatal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .dates import resolve_today
from .diagnostics import Diagnostic, GeneratorError, Level

if TYPE_CHECKING:
    from .pagefind import SearchIndex

DEFAULT_CONTENT = Path("content")
SITE_URL_HELP = (
    "public address, e.g. https://example.org/kamerbrieven/: absolute links in feeds "
    "(default: site_url in mkdocs.yml / KB_SITE_URL; unset keeps links relative)"
)

FULL_HELP = (
    "build everything from scratch (default: only what changed since the previous build, "
    "when its state in build/state/ next to the docs folder fits)"
)


def _print(diagnostics: Sequence[Diagnostic], quiet_warnings: bool = False) -> None:
    for d in diagnostics:
        if d.level is Level.ERROR or not quiet_warnings:
            print(d, file=sys.stderr)


def _status(diagnostics: Sequence[Diagnostic], strict: bool) -> int:
    if any(d.level is Level.ERROR for d in diagnostics):
        return 1
    return 1 if strict and diagnostics else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest import ingest

    paths = [Path(p) for p in args.paths]
    report = ingest(paths, args.content, jobs=args.jobs, progress=not args.quiet)
    _print(report.diagnostics, quiet_warnings=args.quiet)
    print(
        f"ingest: {len(report.written)} written, {len(report.unchanged)} unchanged, "
        f"{sum(d.level is Level.ERROR for d in report.diagnostics)} failed",
        file=sys.stderr,
    )
    return _status(report.diagnostics, args.strict)


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate_content

    diagnostics = validate_content(args.content)
    _print(diagnostics)
    return _status(diagnostics, args.strict)


def cmd_export(args: argparse.Namespace) -> int:
    from .atomic import write_atomic
    from .corpus import load_corpus
    from .export import export_csv, export_json

    corpus = load_corpus(args.content)
    _print(corpus.diagnostics)
    if any(d.level is Level.ERROR for d in corpus.diagnostics):
        return 1
    text = export_csv(corpus) if args.format == "csv" else export_json(corpus)
    if args.out:
        write_atomic(Path(args.out), text)
    else:
        sys.stdout.write(text)
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    from .changes import cmd_changes as summarise

    content = Path(args.content).as_posix().strip("/") or "content"
    return summarise(Path(args.repo), args.base, args.head, content)


def _today(args: argparse.Namespace) -> dt.date:
    return resolve_today(getattr(args, "today", None))


def _content_has_errors(
    content: Path,
    parsed: dict[Path, dict[str, Any]] | None = None,
    state: Path | None = None,
    reuse: bool = True,
    digests: dict[str, bytes] | None = None,
) -> bool:
    """The site is built only from content that validates: print the errors if not.
    ``parsed`` receives the letters' data (see :func:`generator.validate.validate_content`);
    ``state``: the build state folder whose cache of parsed letters is used and updated;
    ``digests``: receives, by file name, the digest of the text each data was parsed from."""
    from .validate import validate_content
    from .validate_cache import LetterCache

    cache = LetterCache(state, reuse) if state is not None else None
    errors = [d for d in validate_content(content, parsed, cache) if d.level is Level.ERROR]
    if cache is not None:
        cache.save()
        if digests is not None:
            digests.update((name, entry[0]) for name, entry in cache.seen.items())
    _print(errors)
    if errors:
        print(f"{content}: stopped: fix the problems above first", file=sys.stderr)
    return bool(errors)


def _state(args: argparse.Namespace) -> Path:
    """The build state folder next to the docs folder."""
    from .incremental import state_dir

    return state_dir(Path(args.docs))


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build_site

    parsed: dict[Path, dict[str, Any]] = {}
    digests: dict[str, bytes] = {}
    if _content_has_errors(Path(args.content), parsed, _state(args), not args.full, digests):
        return 1
    progress = progress_line(sys.stderr)
    result = build_site(
        Path(args.content),
        Path(args.out),
        _today(args),
        Path(args.docs),
        site_url=args.site_url,
        progress=progress,
        parsed=parsed,
        incremental=not args.full,
        digests=digests,
    )
    if progress is not None:
        sys.stderr.write("\r\033[K")  # clears the status line
    print(
        f"built {result.pages} pages from {result.letters} letters into {result.site} "
        f"in {result.seconds:.1f} s",
        file=sys.stderr,
    )
    _report_rebuilt(result.rebuilt)
    _report_search(result.search)
    return 0


def _report_rebuilt(rebuilt: int | None) -> None:
    if rebuilt is None:
        print("volledig gebouwd", file=sys.stderr)
    else:
        print(f"incrementeel: {rebuilt} pagina's opnieuw", file=sys.stderr)


def _report_search(search: SearchIndex | None) -> None:
    if search is None:
        return
    if search.ok:
        print(
            f"pagefind: {search.pages} pages in {search.shards} "
            f"{'shard' if search.shards == 1 else 'shards'} "
            f"({search.indexed} indexed now), {search.files} files, "
            f"{search.size / 1e6:.1f} MB in {search.seconds:.1f} s",
            file=sys.stderr,
        )
    else:
        print(f"waarschuwing: {search.message}", file=sys.stderr)


def progress_line(stream: TextIO) -> Callable[[str], None] | None:
    """One rewritten status line on ``stream`` when it is a terminal (not in CI)."""
    if not stream.isatty() or os.environ.get("CI"):
        return None
    started = time.monotonic()

    def show(message: str) -> None:
        stream.write(f"\r\033[K{time.monotonic() - started:6.1f} s  {message}")
        stream.flush()

    return show


def cmd_bundle(args: argparse.Namespace) -> int:
    from .build import bundle_site

    parsed: dict[Path, dict[str, Any]] = {}
    if _content_has_errors(Path(args.content), parsed):
        return 1
    target = Path(args.out)
    result = bundle_site(Path(args.content), target, _today(args), Path(args.work), parsed)
    print(f"bundle: {target} ({result.pages} pages, {result.seconds:.1f} s)", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .build import build_site

    parsed: dict[Path, dict[str, Any]] = {}
    digests: dict[str, bytes] = {}
    if _content_has_errors(Path(args.content), parsed, _state(args), not args.full, digests):
        return 1
    site = Path(args.out)
    result = build_site(
        Path(args.content),
        site,
        _today(args),
        Path(args.docs),
        site_url=args.site_url,
        parsed=parsed,
        incremental=not args.full,
        digests=digests,
    )
    _report_rebuilt(result.rebuilt)
    _report_search(result.search)
    import http.server  # here: the other commands need no web server

    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        print(f"serving {site} on http://127.0.0.1:{args.port}/ (Ctrl-C stops)", file=sys.stderr)
        server.serve_forever()
    return 0


def _site_options(p: argparse.ArgumentParser, out: str) -> None:
    p.add_argument("--out", default=out, help=f"output (default {out})")
    p.add_argument("--today", help="build date YYYY-MM-DD (default: SOURCE_DATE_EPOCH or today)")


def _site_commands(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    p = command("build", "render the site into site/ (mkdocs build --strict)")
    _site_options(p, "site")
    p.add_argument("--docs", default="build/docs", help="folder for the generated Markdown")
    p.add_argument("--site-url", help=SITE_URL_HELP)
    p.add_argument("--full", action="store_true", help=FULL_HELP)
    p.set_defaults(func=cmd_build)
    p = command("bundle", "write the offline HTML bundle (zip)")
    _site_options(p, "dist/kamerbrieven-offline.zip")
    p.add_argument("--work", default="build/offline", help="work folder")
    p.set_defaults(func=cmd_bundle)
    p = command("serve", "build the site, then serve it on localhost")
    _site_options(p, "site")
    p.add_argument("--docs", default="build/docs", help="folder for the generated Markdown")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--site-url", help=SITE_URL_HELP)
    p.add_argument("--full", action="store_true", help=FULL_HELP)
    p.set_defaults(func=cmd_serve)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a positive number: {text!r}")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator", description=__doc__.splitlines()[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder")
        p.add_argument("--strict", action="store_true", help="treat warnings as errors")
        return p

    p = command("ingest", "read letters into YAML in the content folder")
    p.add_argument("paths", nargs="+", help="letter files or folders")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        default=None,
        help="worker processes that read and extract (default: one per core; 1: none)",
    )
    p.set_defaults(func=cmd_ingest)
    p = command("validate", "check every YAML file in the content folder")
    p.set_defaults(func=cmd_validate)
    p = command("export", "write the open-data export")
    p.add_argument("--out", help="file to write (default: standard output)")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.set_defaults(func=cmd_export)
    p = command("changes", "summarise content changes between two git revisions (for a PR)")
    p.add_argument("base", help="base revision, e.g. origin/main")
    p.add_argument("head", help="head revision, e.g. HEAD")
    p.add_argument("--repo", type=Path, default=Path("."), help="git repository (default: .)")
    p.set_defaults(func=cmd_changes)
    _site_commands(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except GeneratorError as exc:
        print(exc, file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
