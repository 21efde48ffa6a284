"""Command line: ``python -m generator build|bundle|serve|export``. One small function each."""

from __future__ import annotations

import argparse
import datetime as dt
import http.server
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from .dates import resolve_today
from .diagnostics import GeneratorError


def _today(args: argparse.Namespace) -> dt.date:
    return resolve_today(getattr(args, "today", None))


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build_site

    result = build_site(Path(args.content), Path(args.out), _today(args), Path(args.docs))
    print(
        f"built {result.pages} pages from {result.letters} letters into {result.site} "
        f"in {result.seconds:.1f} s"
    )
    return 0


def cmd_bundle(args: argparse.Namespace) -> int:
    from .build import bundle_site

    target = Path(args.out)
    result = bundle_site(Path(args.content), target, _today(args), Path(args.work))
    print(f"wrote offline bundle {target} ({result.pages} pages) in {result.seconds:.1f} s")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .build import build_site

    site = Path(args.out)
    build_site(Path(args.content), site, _today(args), Path(args.docs))
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        print(f"serving {site} on http://127.0.0.1:{args.port}/ (Ctrl-C stops)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export_json
    from .site import load_letters

    text = export_json(load_letters(Path(args.content)))
    if args.out:
        from .store import write_atomic

        write_atomic(Path(args.out), text)
    else:
        sys.stdout.write(text)
    return 0


def _common(parser: argparse.ArgumentParser, out: str | None, today: bool = True) -> None:
    parser.add_argument("--content", default="content", help="content folder (default content/)")
    parser.add_argument("--out", default=out, help=f"output (default {out})")
    if today:
        parser.add_argument("--today", help="build date YYYY-MM-DD (default SOURCE_DATE_EPOCH or today)")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="render the site into site/ (strict)")
    _common(build, "site")
    build.add_argument("--docs", default="build/docs", help="generated Markdown folder")
    build.set_defaults(func=cmd_build)
    bundle = sub.add_parser("bundle", help="write the offline bundle (zip)")
    _common(bundle, "dist/kamerbrieven-offline.zip")
    bundle.add_argument("--work", default="build/offline", help="work folder")
    bundle.set_defaults(func=cmd_bundle)
    serve = sub.add_parser("serve", help="build, then serve the site locally")
    _common(serve, "site")
    serve.add_argument("--docs", default="build/docs")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(func=cmd_serve)
    export = sub.add_parser("export", help="write the open-data export (JSON)")
    _common(export, None, today=False)
    export.set_defaults(func=cmd_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except GeneratorError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
