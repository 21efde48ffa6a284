"""YAML text of plain data written directly: the bytes PyYAML's emitter writes, faster.

:func:`generator.store.dump_yaml` writes through this module first. It handles the shapes
a letter has (block mappings and sequences; strings, ints, booleans and None; empty
collections as ``[]``/``{}``) with the choices PyYAML's emitter makes for them (plain or
single-quoted scalars folded at the line width, ``>-`` folded and ``|`` literal block
scalars, indentless sequences under a key). Whatever it does not reproduce exactly (a
double-quoted scalar, a character PyYAML escapes, a key that is not a simple key, a
block scalar that keeps its final line breaks, another type) makes it decline: it
returns None and the caller takes the general way. tests/test_yamltext.py checks the
text against PyYAML's on generated awkward data and on every letter.

The rules ported are those of ``yaml.emitter.Emitter`` (PyYAML 6): ``analyze_scalar``,
``choose_scalar_style``, ``write_plain``, ``write_single_quoted``, ``write_folded``,
``write_literal`` and the block collection states with ``indent=2``, ``width=88``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

FOLD_AT = 72  # strings longer than this are written as folded block scalars
WIDTH = 88  # the emitter's best_width: a line is broken at a space once it is longer
INDENT = 2
_TAG = "tag:yaml.org,2002:"
_STR, _INT, _BOOL, _NULL = (_TAG + kind for kind in ("str", "int", "bool", "null"))

# analyze_scalar's "special characters" (PyYAML writes them double-quoted, with
# allow_unicode=True) and line breaks, "\n" apart in a literal block scalar
_NOT_ONE_LINE = re.compile(
    "[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010fffe]|\ufeff"
)
_NOT_LITERAL = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010fffe]|\ufeff"
)
_WS = "[\0 \t\r\n\x85\u2028\u2029]"  # analyze_scalar's "whitespace" around indicators
# analyze_scalar's block indicators: a plain scalar may not hold them
_BLOCK_INDICATOR = re.compile(
    rf"\A(?:---|\.\.\.|[#,\[\]{{}}&*!|>'\"%@`]|[?-](?:{_WS}|\Z))|:(?:{_WS}|\Z)|{_WS}#"
)
_FOLD_POINT = re.compile("(?<=[^ ]) (?=[^ ])")  # a single space inside the text
_SHORT_KEY = 100  # a longer key is left to PyYAML (a simple key is < 128 with its tag)
_KNOWN_TEXT = 72  # bodies of strings this short are kept (many recur across letters)
_KNOWN_MAX = 50_000


_BREAKS_OR_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def string_style(value: str) -> str | None:
    """The scalar style the dump asks for a string (None: the emitter chooses): long
    texts folded, multi-line ones literal, control characters escaped."""
    if value.isprintable():  # the common case (what :meth:`TextWriter._string` inlines)
        return ">" if _foldable(value) else None
    if _BREAKS_OR_CONTROLS.search(value):
        return '"'  # escaped, round-trips exactly
    if "\n" in value:
        return "|"
    if len(value) > FOLD_AT and value == value.strip() and "  " not in value:
        return ">"
    return None


def _foldable(value: str) -> bool:
    """A printable string written as a folded block scalar. (For printable text,
    ``value == value.strip()``: every other character ``strip`` removes is unprintable.)"""
    return len(value) > FOLD_AT and value[0] != " " and value[-1] != " " and "  " not in value


class _Decline(Exception):
    """A value this module does not write the way PyYAML does."""


class TextWriter:
    """Writes plain data as PyYAML's emitter would with the styles of :func:`string_style`
    (the dumper's representer asks for them); ``tag_of`` is the tag the resolver gives a
    text as a plain scalar."""

    def __init__(self, tag_of: Callable[[str], str]):
        self._tag_of = tag_of
        self._known: dict[str, str] = {}  # short string -> its plain or quoted body
        self._lines: dict[int, dict[Any, str]] = {}  # indent -> string key -> "  key:"
        self._ints: dict[int, str] = {}  # int -> " 12\n"
        self._null = f" {self._body('null', _NULL)}\n"
        self._true = f" {self._body('true', _BOOL)}\n"
        self._false = f" {self._body('false', _BOOL)}\n"

    def dump(self, data: Any) -> str | None:
        """The YAML text of a non-empty mapping, or None when this module declines."""
        if type(data) is not dict or not data:
            return None
        out: list[str] = []
        try:
            self._mapping(data, 0, out, False)
        except _Decline:
            return None
        return "".join(out)

    # ------------------------------------------------------------------ collections

    def _mapping(self, data: dict[Any, Any], indent: int, out: list[str], inline: bool) -> None:
        """A block mapping at ``indent``; ``inline``: its first key follows ``- ``."""
        lines = self._lines.get(indent) or self._lines.setdefault(indent, {})
        known = self._known
        for key, value in data.items():
            line = lines.get(key) or self._key_line(key, indent, lines)  # "   key:"
            column = len(line)
            if inline:
                line, inline = line[indent:], False
            kind = type(value)
            if kind is str:
                body = known.get(value)
                if body is not None and column + len(body) <= WIDTH:
                    out.append(f"{line} {body}\n")  # (the common case, made short)
                else:
                    out.append(line + self._string(value, body, column, indent + INDENT))
            elif kind is list and value:
                out.append(line + "\n")
                self._sequence(value, indent, out, False)  # indentless under a key
            elif kind is dict and value:
                out.append(line + "\n")
                self._mapping(value, indent + INDENT, out, False)
            else:
                out.append(line + self._other(value))

    def _sequence(self, items: list[Any], indent: int, out: list[str], inline: bool) -> None:
        """A block sequence with its ``-`` at ``indent``."""
        dash = " " * indent + "-"
        inner = indent + INDENT
        known = self._known
        for item in items:
            if inline:
                line, inline = "-", False
            else:
                line = dash
            kind = type(item)
            if kind is str:
                body = known.get(item)
                if body is not None and indent + 1 + len(body) <= WIDTH:
                    out.append(f"{line} {body}\n")
                else:
                    out.append(line + self._string(item, body, indent + 1, inner))
            elif kind is dict and item:
                out.append(line + " ")
                self._mapping(item, inner, out, True)
            elif kind is list and item:
                out.append(line + " ")
                self._sequence(item, inner, out, True)
            else:
                out.append(line + self._other(item))

    def _other(self, value: Any) -> str:
        """`` value`` and its line break for an empty collection, int, boolean or None
        (their texts have no space: never folded)."""
        kind = type(value)
        if kind is list:  # (empty: a non-empty one is written by the caller)
            return " []\n"
        if kind is dict:
            return " {}\n"
        if kind is int:
            text = self._ints.get(value)
            if text is None:
                text = f" {self._body(str(value), _INT)}\n"
                if len(self._ints) < _KNOWN_MAX:
                    self._ints[value] = text
            return text
        if value is None:
            return self._null
        if kind is bool:
            return self._true if value else self._false
        raise _Decline

    def _key_line(self, key: Any, indent: int, lines: dict[Any, str]) -> str:
        """``key:`` at ``indent``, kept in ``lines`` for a string key."""
        line = " " * indent + self._key(key)
        if type(key) is str and len(lines) < _KNOWN_MAX:
            lines[key] = line
        return line

    def _key(self, key: Any) -> str:
        """``key:`` for a simple key (plain or single-quoted, never folded)."""
        kind = type(key)
        if kind is str:
            if not key or len(key) > _SHORT_KEY or string_style(key) is not None:
                raise _Decline  # not a simple key, or not written plain or single-quoted
            return self._body(key, _STR) + ":"
        if kind is int:
            return self._body(str(key), _INT) + ":"
        if key is None:
            return self._body("null", _NULL) + ":"
        if kind is bool:
            return self._body("true" if key else "false", _BOOL) + ":"
        raise _Decline

    # ------------------------------------------------------------------ scalars

    def _string(self, value: str, body: str | None, column: int, indent: int) -> str:
        """`` value`` and its line break after an indicator (``:`` or ``-``) that ends at
        ``column``; ``body``: its plain or quoted text when known."""
        if body is None:
            if value.isprintable():  # (string_style, inlined: no line break or escape)
                if _foldable(value):
                    return _folded_text(value, indent)
                body = self._plain_or_quoted(value, _STR)
            else:
                style = string_style(value)
                if style == ">":
                    return _folded(value, indent)
                if style == "|":
                    return _literal(value, indent)
                if style is not None:
                    raise _Decline  # double-quoted: PyYAML's escapes and folding
                body = self._body(value, _STR)
            if len(value) <= _KNOWN_TEXT and len(self._known) < _KNOWN_MAX:
                self._known[value] = body
        start = column + 1  # after the space
        if start + len(body) <= WIDTH + 1:  # no space can be past the width
            return f" {body}\n"
        if body[0] == "'":
            return f" '{_fold(body[1:-1], start + 1, indent)}'\n"
        return f" {_fold(body, start, indent)}\n"

    def _body(self, text: str, tag: str) -> str:
        """A scalar as PyYAML writes it on one line: plain when the resolver reads it back
        with ``tag`` and nothing forbids it, else single-quoted (``choose_scalar_style``).
        (A text with a line break or a control character has a style of its own.)"""
        if not text.isprintable() and _NOT_ONE_LINE.search(text):
            raise _Decline  # double-quoted, or a line break
        return self._plain_or_quoted(text, tag)

    def _plain_or_quoted(self, text: str, tag: str) -> str:
        """:meth:`_body` for text known to pass its check."""
        if (
            text
            and text[0] != " "
            and text[-1] != " "
            and self._tag_of(text) == tag
            and not _BLOCK_INDICATOR.search(text)
        ):
            return text
        return "'" + text.replace("'", "''") + "'"


def _fold(text: str, column: int, indent: int) -> str:
    """``text`` starting at ``column``, a line break and ``indent`` in place of each single
    space (not first or last) after which the line is longer than the width."""
    pieces = []
    start = 0
    search = _FOLD_POINT.search
    while True:
        found = search(text, start + max(WIDTH + 1 - column, 0))
        if found is None:
            pieces.append(text[start:])
            return ("\n" + " " * indent).join(pieces)
        end = found.start()
        pieces.append(text[start:end])
        start = end + 1
        column = indent


def _folded(value: str, indent: int) -> str:
    """A ``>-`` block scalar of one line of text, folded at single spaces. (The dumper
    asks it for stripped text without double spaces; other text is declined.)"""
    if not value or value[0] == " " or value[-1] == " " or "  " in value:
        raise _Decline  # an indentation hint, not a block scalar, or kept double spaces
    if not value.isprintable() and _NOT_ONE_LINE.search(value):
        raise _Decline  # double-quoted, or a line break
    return _folded_text(value, indent)


def _folded_text(value: str, indent: int) -> str:
    """:func:`_folded` for text known to pass its checks."""
    step = max(WIDTH + 1 - indent, 0)  # a space this far into a line is past the width
    find = value.find
    pieces = []
    start = 0
    end = find(" ", step)
    while end >= 0:
        pieces.append(value[start:end])
        start = end + 1
        end = find(" ", start + step)
    pieces.append(value[start:])
    pad = "\n" + " " * indent
    return " >-" + pad + pad.join(pieces) + "\n"


def _literal(value: str, indent: int) -> str:
    """A ``|`` block scalar (the dumper asks it for text with a line break)."""
    if (
        not value
        or _NOT_LITERAL.search(value)  # double-quoted, or a line break other than "\n"
        or " \n" in value  # a space before a break: double-quoted
        or value.endswith((" ", "\n\n"))  # trailing space: as well; "keep": open-ended
        or value == "\n"
    ):
        raise _Decline
    hints = ("2" if value[0] in " \n" else "") + ("" if value.endswith("\n") else "-")
    lines = value.split("\n")
    if value.endswith("\n"):
        lines.pop()
    pad = " " * indent
    return f" |{hints}\n" + "".join(pad + line + "\n" if line else "\n" for line in lines)
