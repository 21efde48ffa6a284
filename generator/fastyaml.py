"""A faster way to the data :func:`generator.store.load_yaml` returns, for plain files.

libyaml composes the node tree (with a shorter implicit resolver: the same rules as
PyYAML's, without its generic machinery); one pass over the tree then builds the
dicts, lists and scalars with PyYAML's own rules for the tags our files use (str, null,
bool, int, float, timestamp kept as its text, seq, map). Anything else (another tag, an
alias, a duplicate key, a key that is not a plain scalar, any error at all) is not
handled here: :func:`load_plain` returns :data:`NOT_PLAIN` and the caller takes PyYAML's
constructor as before, so messages, line numbers and odd cases stay exactly as they
were. tests/test_fastyaml.py checks the result against PyYAML's on every file in
content/, a generated corpus and generated tricky scalars and keys.

At 1,000 letters this halves the time of reading the letter files (PyYAML's constructor
dispatches every node through several Python calls; see bench/notes/renderspeed.md).
"""

from __future__ import annotations

from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP, _SEQ, _MAP = (
    _TAG + name for name in ("str", "null", "bool", "int", "float", "timestamp", "seq", "map")
)
_DEFAULT_TAG = {ScalarNode: _STR, SequenceNode: _SEQ, MappingNode: _MAP}

_CACHED_LENGTH, _CACHED_VALUES = 24, 20_000  # the plain scalars whose tags are kept
NOT_PLAIN: Any = object()  # returned when the text needs PyYAML's constructor


class _NotPlain(Exception):
    """Something only PyYAML's constructor handles the right way."""


Resolvers = dict[str, list[tuple[str, Any]]]


def resolvers_by_first(cls: type[yaml.resolver.BaseResolver]) -> tuple[Resolvers, list[Any]]:
    """A loader's or dumper's implicit resolvers by first character, each list followed by
    the wildcard resolvers (the order :meth:`yaml.resolver.BaseResolver.resolve` tries),
    and the wildcard resolvers alone (for a first character without resolvers)."""
    table = cls.yaml_implicit_resolvers
    wildcard = list(table.get(None, []))
    by_first = {key: list(found) + wildcard for key, found in table.items() if key is not None}
    return by_first, wildcard


def plain_tag(value: str, by_first: Resolvers, wildcard: list[Any]) -> str:
    """The tag a plain scalar resolves to (:meth:`BaseResolver.resolve`'s implicit rules)."""
    for tag, regexp in by_first.get(value[:1], wildcard):
        if regexp.match(value):
            return str(tag)
    return _STR


class _Composer(yaml.CSafeLoader):
    """libyaml's composer with :meth:`resolve` as PyYAML's (no path resolvers) but without
    its list building on every scalar."""

    implicit_by_first: ClassVar[Resolvers] = {}
    wildcard: ClassVar[list[tuple[str, Any]]] = []

    plain_tags: ClassVar[dict[str, str]] = {}  # plain scalar -> its tag (keys, mostly)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode and implicit[0]:
            found = self.plain_tags.get(value)
            if found is not None:
                return found
            found = plain_tag(value, self.implicit_by_first, self.wildcard)
            if len(value) <= _CACHED_LENGTH and len(self.plain_tags) < _CACHED_VALUES:
                self.plain_tags[value] = found
            return found
        return _DEFAULT_TAG[kind]

    # called by libyaml's composer around every node; without path resolvers (see
    # :func:`composer_for`) PyYAML's versions do nothing either
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


def composer_for(loader: type[yaml.CSafeLoader]) -> type[_Composer] | None:
    """A composer resolving tags exactly as ``loader`` does; None when ``loader`` has
    path resolvers (not supported here)."""
    if loader.yaml_path_resolvers:
        return None
    by_first, wildcard = resolvers_by_first(loader)
    return type(
        "Composer",
        (_Composer,),
        {"implicit_by_first": by_first, "wildcard": wildcard, "plain_tags": {}},
    )


def load_plain(text: str, composer: type[_Composer]) -> Any:
    """The document in ``text`` as PyYAML's safe constructor (ISO timestamps as text,
    duplicate keys refused) makes it, or :data:`NOT_PLAIN`."""
    try:
        loader = composer(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
        return None if node is None else _Builder().build(node)
    except Exception:  # PyYAML's constructor runs again and reports it
        return NOT_PLAIN


_BOOLS = yaml.constructor.SafeConstructor.bool_values
_SCALARS = yaml.constructor.SafeConstructor()  # its int and float rules, called as they are


class _Builder:
    """One tree of nodes into plain data; each collection node may occur once (an
    alias, which PyYAML shares or recurses into, is left to PyYAML)."""

    def __init__(self) -> None:
        self.seen: set[int] = set()

    def build(self, node: Any) -> Any:
        kind = type(node)
        if kind is ScalarNode:
            return _scalar(node)
        if id(node) in self.seen:
            raise _NotPlain
        self.seen.add(id(node))
        if kind is MappingNode and node.tag == _MAP:
            return self._mapping(node)
        if kind is SequenceNode and node.tag == _SEQ:
            return [
                item.value if type(item) is ScalarNode and item.tag == _STR else self.build(item)
                for item in node.value
            ]
        raise _NotPlain

    def _mapping(self, node: Any) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                raise _NotPlain  # PyYAML: "a key must be a plain value"
            key = key_node.value if key_node.tag == _STR else _scalar(key_node)
            if key in out:
                raise _NotPlain  # PyYAML: "duplicate key ..." with its line
            if type(value_node) is ScalarNode and value_node.tag == _STR:
                out[key] = value_node.value
            else:
                out[key] = self.build(value_node)
        return out


def _scalar(node: Any) -> Any:
    tag = node.tag
    if tag in (_STR, _TIMESTAMP):
        return node.value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return _BOOLS[node.value.lower()]
    if tag == _INT:
        value = node.value
        if value.isdigit() and value[0] != "0":  # PyYAML's last rule: int(value)
            return int(value)
        return _SCALARS.construct_yaml_int(node)
    if tag == _FLOAT:
        return _SCALARS.construct_yaml_float(node)
    raise _NotPlain
