"""Editors' YAML comments carried over when ingest rewrites a letter file.

A re-ingest that merges new machine output into an edited letter writes the file anew
from data (:func:`generator.store.dump_yaml`), and data has no comments. Editors do write
them (``# navragen bij het ministerie``), so :func:`carry_comments` puts every comment of
the old text into the new one:

- a comment on lines of its own goes above the key or list item that followed it in the
  old file (list items are matched by their id, number, code or name, else by their
  value, so a comment stays with its item when the machine inserts one before it);
- a comment at the end of a line goes at the end of the same key's line, or above it when
  that line cannot take one (a value that runs on to the next line);
- a comment whose key or item is gone goes above the nearest part that is still there;
  comments after the last key stay at the end.

Comments are found with the YAML scanner, so a ``#`` inside a quoted or block text is
never taken for one. The result is checked: it must load to the same data as the new
text; if it would not (it should not happen), the comments go to the top of the file
instead, each on its own line. Nothing an editor wrote is lost either way.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from typing import Any

import yaml

from .diagnostics import ContentError
from .store import load_yaml
from .yamlpath import Path_, item_name, line_map, loader_for

_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*[ ]+(#.*)$")


@dataclass(frozen=True)
class Comment:
    """``lines``: the comment lines, ``# `` included, without indentation. ``anchor``: the
    path of the key or item it belongs to in the old data (``None``: the end of the file).
    ``trailing``: it stood at the end of the anchor's line."""

    lines: tuple[str, ...]
    anchor: Path_ | None
    trailing: bool


def carry_comments(old_text: str, new_text: str) -> str:
    """``new_text`` with the comments of ``old_text`` (both valid YAML of one mapping)."""
    if "#" not in old_text:
        return new_text
    old_data = load_yaml(old_text, "<old>")
    comments = find_comments(old_text)
    if not comments:
        return new_text
    new_data = load_yaml(new_text, "<new>")
    placed = _place(
        new_text, new_data, [(c, translate(c.anchor, old_data, new_data)) for c in comments]
    )
    try:
        if _same_data(load_yaml(placed, "<placed>"), new_data):
            return placed
    except ContentError:  # the placement broke the YAML: the safe placement below
        pass
    header = [line for c in comments for line in c.lines]
    return "\n".join(header) + "\n" + new_text


def _same_data(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


# --------------------------------------------------------------------------- finding


def _tokens(text: str) -> list[yaml.Token]:
    tokens = yaml.scan(text, Loader=loader_for(text))
    return [t for t in tokens if t.end_mark.index > t.start_mark.index]


def find_comments(text: str) -> list[Comment]:
    """Every comment of a YAML text, with the path it belongs to."""
    tokens = _tokens(text)
    lines = text.split("\n")
    starts = list(itertools.accumulate((len(row) + 1 for row in lines[:-1]), initial=0))
    spans = sorted((t.start_mark.index, t.end_mark.index) for t in tokens)
    span_starts = [s for s, _ in spans]
    reach: list[int] = []  # the furthest end of the spans up to each one
    for _, end in spans:
        reach.append(max(end, reach[-1]) if reach else end)
    ends_on: dict[int, int] = {}  # line -> the furthest column a token ends at on that line
    for token in tokens:
        line, column = token.end_mark.line, token.end_mark.column
        if column > 0:
            ends_on[line] = max(ends_on.get(line, 0), column)
    paths = line_map(text)
    path_lines = sorted(paths.items(), key=lambda kv: (kv[1], len(kv[0])))
    first_on: dict[int, Path_] = {}
    deepest_on: dict[int, Path_] = {}
    for path, line in path_lines:
        first_on.setdefault(line, path)
        deepest_on[line] = path
    anchored_lines = sorted(first_on)

    def covered(index: int) -> bool:
        at = bisect.bisect_right(span_starts, index) - 1
        return at >= 0 and index < reach[at]

    header_comments: dict[int, str] = {}  # ``text: |-  # note``: inside the scalar's token
    for token in tokens:
        if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
            no = token.start_mark.line
            found = _BLOCK_HEADER.match(lines[no][token.start_mark.column :])
            if found:
                header_comments[no] = found.group(1).rstrip()

    out: list[Comment] = []
    block: list[str] = []
    for no, row in enumerate(lines):
        stripped = row.lstrip(" ")
        indent = len(row) - len(stripped)
        if stripped.startswith("#") and not covered(starts[no] + indent):
            block.append(stripped.rstrip())
            continue
        if block and stripped.strip():
            out.append(Comment(tuple(block), _next_anchor(anchored_lines, first_on, no + 1), False))
            block = []
        if no in header_comments and no + 1 in deepest_on:
            out.append(Comment((header_comments[no],), deepest_on[no + 1], True))
        end = ends_on.get(no)
        if end is not None and end < len(row):
            rest = row[end:]
            if rest.lstrip(" ").startswith("#") and rest[:1] == " " and no + 1 in deepest_on:
                out.append(Comment((rest.strip(),), deepest_on[no + 1], True))
    if block:
        out.append(Comment(tuple(block), None, False))
    return out


def _next_anchor(anchored_lines: list[int], first_on: dict[int, Path_], line: int) -> Path_ | None:
    """The path that starts on ``line`` or on the first line after it that has one."""
    at = bisect.bisect_left(anchored_lines, line)
    return first_on[anchored_lines[at]] if at < len(anchored_lines) else None


# --------------------------------------------------------------------------- matching


def translate(path: Path_ | None, old: Any, new: Any) -> Path_ | None:
    """The path in ``new`` of what ``path`` names in ``old``: as much of it as still
    exists (``()`` when nothing does); ``None`` stays ``None`` (the end of the file)."""
    if path is None:
        return None
    out: list[str | int] = []
    for key in path:
        if isinstance(key, int) and isinstance(old, list) and isinstance(new, list):
            index = _match_item(old, key, new)
            if index is None:
                break
            old, new = old[key], new[index]
            out.append(index)
        elif isinstance(old, dict) and isinstance(new, dict) and key in new and key in old:
            old, new = old[key], new[key]
            out.append(key)
        else:
            break
    return tuple(out)


def _match_item(old: list[Any], index: int, new: list[Any]) -> int | None:
    if not 0 <= index < len(old):
        return None
    item = old[index]
    name = item_name(item)
    if name is not None:
        named = [i for i, x in enumerate(new) if item_name(x) == name]
        return named[0] if len(named) == 1 else None
    if index < len(new) and _same_data(new[index], item):
        return index
    equal = [i for i, x in enumerate(new) if _same_data(x, item)]
    if len(equal) == 1:
        return equal[0]
    if len(old) == len(new) and index < len(new):
        return index  # same length, changed in place: the same position
    return None


# --------------------------------------------------------------------------- placing


def _place(text: str, data: Any, comments: list[tuple[Comment, Path_ | None]]) -> str:
    lines = text.split("\n")
    final_newline = lines[-1] == ""
    if final_newline:
        lines.pop()
    paths = line_map(text)
    single = _single_line_ends(text)
    above: dict[int, list[str]] = {}
    after: dict[int, list[str]] = {}
    at_end: list[str] = []
    for comment, path in comments:
        if path is None:
            at_end.extend(comment.lines)
            continue
        line = paths.get(path)
        while line is None and path:
            path = path[:-1]
            line = paths.get(path)
        if line is None:
            line = 1
        exact = comment.anchor is not None and len(path) == len(comment.anchor)
        if comment.trailing and exact and (line - 1) in single:
            after.setdefault(line - 1, []).extend(comment.lines)
        else:
            above.setdefault(line - 1, []).extend(comment.lines)
    out: list[str] = []
    for no, row in enumerate(lines):
        if no in above:
            indent = " " * (len(row) - len(row.lstrip(" ")))
            out.extend(indent + c for c in above[no])
        if no in after:
            row = row + "  " + "  ".join(after[no])
        out.append(row)
    out.extend(at_end)
    return "\n".join(out) + ("\n" if final_newline or at_end else "")


def _single_line_ends(text: str) -> set[int]:
    """Lines (0-based) where every token that touches them also ends on them, so a comment
    can be put at their end."""
    crossing: set[int] = set()
    touched: set[int] = set()
    for token in _tokens(text):
        first, last = token.start_mark.line, token.end_mark.line
        if token.end_mark.column == 0 and last > first:
            last -= 1  # a block scalar ends at the start of the next line
        touched.add(first)
        if last > first:
            crossing.update(range(first, last + 1))
    return touched - crossing
