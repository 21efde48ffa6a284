"""The JSON Schemas of the content files (shipped beside this module) and their findings.

``letter.schema.json`` describes ``content/letters/<id>.yml``; ``vocabulary.schema.json``
``content/topics.yml`` and ``content/entities.yml``. Schema errors become
:class:`Finding` objects on data paths, which :mod:`generator.validate` turns into
``file:line`` diagnostics.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from ..diagnostics import Level
from ..yamlpath import Path_

SCHEMA_DIR = Path(__file__).parent


def schema_path(name: str) -> Path:
    """``schema_path("letter")`` -> the shipped ``letter.schema.json``."""
    return SCHEMA_DIR / f"{name}.schema.json"


@dataclass(frozen=True)
class Finding:
    """A problem at a data path; becomes a Diagnostic once the file's lines are known."""

    path: Path_
    message: str
    level: Level = Level.ERROR


@cache
def validator(name: str) -> Draft202012Validator:
    schema = json.loads((schema_path(name)).read_text(encoding="utf-8"))
    return Draft202012Validator(_inline_refs(schema, schema.get("$defs", {})))


def _inline_refs(node: Any, defs: dict[str, Any], depth: int = 0) -> Any:
    """The schema with every bare ``{"$ref": "#/$defs/x"}`` replaced by a copy of ``x``
    (marked ``"x-ref": "x"`` for the messages): the same checks, a third faster than
    resolving the references on every use. A recursive definition stays a reference."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if len(node) == 1 and isinstance(ref, str) and ref.startswith(_DEFS) and depth < 8:
            name = ref[len(_DEFS) :]
            if name in defs:
                return {**_inline_refs(defs[name], defs, depth + 1), "x-ref": name}
        return {k: v if k == "$defs" else _inline_refs(v, defs, depth) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline_refs(x, defs, depth) for x in node]
    return node


_DEFS = "#/$defs/"


def schema_findings(validator: Draft202012Validator, data: Any) -> Iterator[Finding]:
    """Schema errors as findings on the most precise path the file has."""
    for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path: Path_ = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = set(err.schema.get("properties", {}))
            for key in [k for k in err.instance if k not in allowed]:
                yield Finding((*path, key), "unknown field (misspelt?)")
            continue
        yield Finding(path, _schema_message(err))


def _schema_message(err: Any) -> str:
    if err.validator == "type":
        value = err.validator_value
        expected = " or ".join(value) if isinstance(value, list) else str(value)
        hint = (
            " (put it in quotes)"
            if "string" in expected and _kind(err.instance) in _QUOTABLE
            else ""
        )
        return f"should be {expected}, not {_kind(err.instance)}{hint}"
    if err.validator == "enum":
        return f"{err.instance!r} is not one of {', '.join(map(_plain, err.validator_value))}"
    if err.validator == "required":
        return str(err.message).replace("is a required property", "is missing")
    if err.validator == "pattern" and err.schema.get("description"):
        return f"{err.instance!r} is not {err.schema['description']}"
    if err.validator == "oneOf":
        return f"{_short(err.instance)} has the wrong form ({_one_of_hint(err)})"
    return _short_message(err.message)


def _one_of_hint(err: Any) -> str:
    described = [
        s.get("x-ref") or s.get("description") or s.get("$ref", "").rsplit("/", 1)[-1]
        for s in err.validator_value
    ]
    return "expected " + " or ".join(x or "null" for x in described)


_QUOTABLE = ("a number", "true/false")


def _plain(value: Any) -> str:
    return "null" if value is None else str(value)


def _kind(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _short_message(message: str) -> str:
    return message if len(message) <= 160 else message[:159] + "…"
