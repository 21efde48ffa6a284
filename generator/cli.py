"""Command line: ``python -m generator <command>``. One small function per command."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

from .changes import cmd_changes
from .validate import cmd_validate


def _validate(args: argparse.Namespace) -> int:
    return cmd_validate(Path(args.content), strict=args.strict)


def _changes(args: argparse.Namespace) -> int:
    return cmd_changes(Path(args.repo), args.base, args.head, _relative(args.content))


def _relative(content: str) -> str:
    return Path(content).as_posix().strip("/") or "content"


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": _validate,
    "changes": _changes,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check every YAML file in the content folder")
    p.add_argument("--content", default="content", help="content folder (default: content/)")
    p.add_argument("--strict", action="store_true", help="warnings fail too")
    p = sub.add_parser("changes", help="summarise content changes between two git revisions")
    p.add_argument("base")
    p.add_argument("head")
    p.add_argument("--content", default="content", help="content folder in the repository")
    p.add_argument("--repo", default=".", help="git repository (default: .)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command](args)
