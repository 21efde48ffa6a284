"""YAML storage of letters: YAML text (stable dump, strict load with line numbers) and
reading letter files. Model <-> plain data is :mod:`generator.codec`; writing files
(atomically, one writer at a time) is :mod:`generator.atomic`.

The YAML is what editors review, so the dump is stable: fixed key order, long texts as
folded block scalars, no anchors, byte-identical output for identical input.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import yaml
from yaml._yaml import CEmitter

from .codec import letter_from_data, letter_to_data
from .diagnostics import ContentError
from .fastyaml import NOT_PLAIN, composer_for, load_plain, plain_tag, resolvers_by_first
from .model import Letter
from .yamltext import TextWriter
from .yamltext import string_style as _str_style

# --------------------------------------------------------------------------- YAML text


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str_representer(dumper: yaml.representer.SafeRepresenter, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=_str_style(value))


_Dumper.add_representer(str, _str_representer)


_DUMP_OPTIONS: dict[str, Any] = {
    "allow_unicode": True,
    "sort_keys": False,
    "width": 88,
    "indent": 2,
    "default_flow_style": False,
}


class _CDumper(yaml.CSafeDumper):
    """libyaml's emitter with the same representers (about 8x faster than PyYAML's)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_CDumper.add_representer(str, _str_representer)

# Where libyaml's output can differ from PyYAML's: a double-quoted scalar (escapes and
# line folding differ), a backslash, and the ``...`` libyaml adds after a document that
# ends in a kept-newline block scalar. A double-quoted scalar starts a line (after the
# indentation and any ``- `` / ``? `` indicators) or follows ``: ``; a plain scalar never
# starts with ``"``. Lines of block or single-quoted scalars may match too: that only
# costs the slower emitter, never a different text.
_MAY_DIFFER = re.compile(r"""^[ ]*(?:[-?] +)*(?:"|'':)|: "|\\|\.\.\.\n\Z""", re.MULTILINE)


def _may_differ(text: str) -> bool:
    """``_MAY_DIFFER.search(text)``, skipped when none of its literals is in the text."""
    if '"' in text or "\\" in text or "'':" in text or text.endswith("...\n"):
        return _MAY_DIFFER.search(text) is not None
    return False


def dump_yaml(data: Any) -> str:
    """YAML text of ``data``: always the bytes PyYAML's own emitter writes.

    :mod:`generator.yamltext` writes that text directly for the shapes a letter has
    (about twice as fast as the events below). When it declines, libyaml's emitter runs;
    when its text holds anything where the two emitters are known to differ (see
    ``_MAY_DIFFER``; checked by a fuzz test against PyYAML), PyYAML's emitter writes the
    text instead.
    """
    text = _WRITER.dump(data)
    if text is not None:
        return text
    if not isinstance(data, dict | list):
        return dump_yaml_python(data)  # a bare scalar document (PyYAML adds "...")
    text = _dump_events(data)
    if text is None:  # not plain data, or a long key: the general way
        if _has_long_key(data):
            # a key long enough that the emitters disagree on writing it as a simple key
            return dump_yaml_python(data)
        text = yaml.dump(data, Dumper=_CDumper, **_DUMP_OPTIONS)
    if _may_differ(text):
        text = yaml.dump(data, Dumper=_Dumper, **_DUMP_OPTIONS)
    return text


# libyaml's emitter fed events directly: PyYAML's representer and resolver build a node
# per value and resolve each scalar twice (most of a dump's time); for plain data (dict,
# list, str, int, bool, None) the events they lead to are made here, the same ones.
_TAG = "tag:yaml.org,2002:"
_STR, _INT, _BOOL, _NULL = (_TAG + kind for kind in ("str", "int", "bool", "null"))
_RESOLVERS, _WILDCARD = resolvers_by_first(_CDumper)


def _detected_tag(value: str) -> str:
    """The tag the resolver gives ``value`` as a plain scalar (``Resolver.resolve``)."""
    return plain_tag(value, _RESOLVERS, _WILDCARD)


_WRITER = TextWriter(_detected_tag)


class _NotPlain(Exception):
    """Data :func:`_dump_events` leaves to the representer (or a long key)."""


_MAPPING_START = yaml.MappingStartEvent(None, _TAG + "map", True, flow_style=False)
_SEQUENCE_START = yaml.SequenceStartEvent(None, _TAG + "seq", True, flow_style=False)
_MAPPING_END, _SEQUENCE_END = yaml.MappingEndEvent(), yaml.SequenceEndEvent()
_CONSTANTS = {
    value: yaml.ScalarEvent(None, tag, (_detected_tag(text) == tag, False), text)
    for value, tag, text in ((None, _NULL, "null"), (True, _BOOL, "true"), (False, _BOOL, "false"))
}
_SHORT_EVENTS: dict[str, yaml.ScalarEvent] = {}  # keys and short values recur across letters
_SHORT_TEXT = 40


def _str_event(value: str) -> yaml.ScalarEvent:
    event = _SHORT_EVENTS.get(value)
    if event is None:
        implicit = (_detected_tag(value) == _STR, True)
        event = yaml.ScalarEvent(None, _STR, implicit, value, style=_str_style(value))
        if len(value) <= _SHORT_TEXT:
            if len(_SHORT_EVENTS) >= 50_000:
                _SHORT_EVENTS.clear()
            _SHORT_EVENTS[value] = event
    return event


def _dump_events(data: dict[Any, Any] | list[Any]) -> str | None:
    """What ``yaml.dump(data, Dumper=_CDumper, **_DUMP_OPTIONS)`` writes, without the
    representer; None when ``data`` holds anything but dicts, lists, strings, ints,
    booleans and None, or a string key longer than ``_SHORT_KEY``."""
    stream = io.StringIO()
    emitter = CEmitter(stream, indent=2, width=88, allow_unicode=True)
    emit = emitter.emit

    known = _SHORT_EVENTS.get  # (strings, the most common items, are emitted in the loops)

    def node(value: Any) -> None:
        kind = type(value)
        if kind is str:
            emit(known(value) or _str_event(value))
        elif kind is dict:
            emit(_MAPPING_START)
            for key, item in value.items():
                if type(key) is str:
                    if len(key) > _SHORT_KEY:
                        raise _NotPlain
                    emit(known(key) or _str_event(key))
                else:
                    node(key)
                if type(item) is str:
                    emit(known(item) or _str_event(item))
                else:
                    node(item)
            emit(_MAPPING_END)
        elif kind is list:
            emit(_SEQUENCE_START)
            for item in value:
                if type(item) is str:
                    emit(known(item) or _str_event(item))
                else:
                    node(item)
            emit(_SEQUENCE_END)
        elif kind is int:
            text = str(value)
            emit(yaml.ScalarEvent(None, _INT, (_detected_tag(text) == _INT, False), text))
        elif value is None or kind is bool:
            emit(_CONSTANTS[value])
        else:
            raise _NotPlain

    try:
        emit(yaml.StreamStartEvent())
        emit(yaml.DocumentStartEvent(explicit=False))
        node(data)
        emit(yaml.DocumentEndEvent(explicit=False))
        emit(yaml.StreamEndEvent())
    except _NotPlain:
        return None
    finally:
        emitter.dispose()
    return stream.getvalue()


def _has_long_key(data: Any) -> bool:
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and len(key) > _SHORT_KEY:
                    return True
                if isinstance(value, dict | list):
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(item for item in node if isinstance(item, dict | list))
    return False


_SHORT_KEY = 60  # both emitters write keys this short the same way (fuzz-tested)


def dump_yaml_python(data: Any) -> str:
    """PyYAML's pure-Python emitter alone (the reference :func:`dump_yaml` must equal)."""
    text: str = yaml.dump(data, Dumper=_Dumper, **_DUMP_OPTIONS)
    return text


def dump_letter(letter: Letter) -> str:
    return dump_yaml(letter_to_data(letter))


class _Loader(yaml.SafeLoader):
    """Safe loader that refuses duplicate keys and keeps ISO dates as strings."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, str | int | float | bool | None):
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "a key must be a plain value, not a list or mapping",
                key_node.start_mark,
            )
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first on line {seen[key] + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


class _CLoader(yaml.CSafeLoader):
    """The same loader on libyaml's parser (several times faster); see :func:`load_yaml`."""


for _loader in (_Loader, _CLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(
        "tag:yaml.org,2002:timestamp",
        lambda loader, node: loader.construct_scalar(node),  # type: ignore[arg-type]
    )


_COMPOSER = composer_for(_CLoader)


def load_yaml(text: str, path: str) -> Any:
    """Parse YAML text; a syntax error or duplicate key becomes ContentError with its line.

    libyaml parses first (with :mod:`generator.fastyaml` building the data when the file
    holds nothing it leaves to PyYAML's constructor); on any error the pure-Python parser
    runs again so the message and line are always the ones it gives.
    """
    if "\t" not in text:
        if _COMPOSER is not None:
            data = load_plain(text, _COMPOSER)
            if data is not NOT_PLAIN:
                return data
        try:
            return yaml.load(text, Loader=_CLoader)
        except yaml.YAMLError:
            pass
    return _load_python(text, path)


def _load_python(text: str, path: str) -> Any:
    if "\t" in text:
        for no, row in enumerate(text.splitlines(), 1):
            if row[: len(row) - len(row.lstrip(" \t"))].count("\t"):
                raise ContentError(path, "tab used for indentation", no)
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ContentError(path, f"invalid YAML: {exc.problem or exc}", line) from None
    except yaml.YAMLError as exc:
        raise ContentError(path, f"invalid YAML: {exc}") from None


def load_letter_file(path: Path) -> Letter:
    return letter_of_data(load_letter_data(path), path)


def load_letter_data(path: Path) -> dict[str, Any]:
    """A letter file as plain data (parsed once; see :func:`letter_of_data`)."""
    data = load_yaml(read_text_file(path), str(path))
    if not isinstance(data, dict):
        raise ContentError(str(path), "a letter file must be a mapping", 1)
    return data


def letter_of_data(data: dict[str, Any], path: Path) -> Letter:
    try:
        return letter_from_data(data)
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise ContentError(str(path), f"not a valid letter: {exc}", 1) from None


def read_text_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(str(path), f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise ContentError(str(path), f"cannot read: {exc.strerror}") from None
