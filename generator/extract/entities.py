"""Entities: organisations, laws, people, reports and motions named in a letter.

The curated catalogue (``content/entities.yml``) lists each entity with its aliases.
Aliases that look like abbreviations or names (``SER``, ``Van Hijum``) match
case-sensitively, other aliases case-insensitively, always as whole words. On top of
the catalogue, laws ("Wet ...", "...wet", "wetsvoorstel ...") and motions are found by
pattern; one that matches a catalogue alias is counted for that catalogue entity.
"(hierna: X)" after an entity makes X an alias for the rest of the letter.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..model import EntityMention, Span
from . import TextUnit
from .names import find_laws, find_motions, finditer_at
from .text import FOLD_SPECIAL, Words, may_contain, slugify, word_runs, words_of

KINDS = frozenset({"organisation", "law", "person", "report", "motion", "dossier"})
_HIERNA = re.compile(r"\s*\(hierna:?\s+(?:de\s+|het\s+)?(?P<alias>[A-Z][\w-]*(?:\s+[\w-]+){0,2})\)")


class CatalogueError(ValueError):
    """The entity catalogue is not as described in the module docstring."""


@dataclass(frozen=True)
class Entity:
    id: str
    kind: str
    label: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class _Alias:
    """A compiled alias, with the literal it needs so texts without it are skipped fast."""

    pattern: re.Pattern[str]
    entity: Entity
    literal: str
    ignorecase: bool

    @functools.cached_property
    def key(self) -> bytes | None:
        """Where the alias matches, the text's :func:`word_runs` (lower-cased when
        ``ignorecase``) hold this: the literal's own, between spaces (no ``[\\w-]``
        either side). None for a case-insensitive alias with special case characters."""
        if not self.ignorecase:
            return b" " + word_runs(self.literal) + b" "
        if FOLD_SPECIAL.isdisjoint(self.literal):
            return b" " + word_runs(self.literal).lower() + b" "
        return None

    @functools.cached_property
    def runs(self) -> tuple[bytes, ...]:
        """The runs of the key, lower-cased: whole runs of the text where the alias matches."""
        return tuple(self.key.lower().split()) if self.key is not None else ()


def _alias_pattern(alias: str) -> re.Pattern[str]:
    short = alias[:1].isupper() and len(alias) <= 5
    sensitive = short or alias.isupper() or bool(re.search(r"[A-Z]", alias[1:]))
    if sensitive:
        # The same as below with the alias first, so that the regex engine looks for the
        # literal: not preceded by [\w-] = no [\w-] before the alias's characters.
        before = rf"(?<![\w-][\s\S]{{{len(alias)}}})"
        return re.compile(re.escape(alias) + before + r"(?![\w-])")
    return re.compile(r"(?<![\w-])" + re.escape(alias) + r"(?![\w-])", re.IGNORECASE)


def _alias(alias: str, entity: Entity) -> _Alias:
    pattern = _alias_pattern(alias)
    return _Alias(pattern, entity, alias, bool(pattern.flags & re.IGNORECASE))


def _entity(entry: object, where: str) -> Entity:
    if not isinstance(entry, dict):
        raise CatalogueError(f"{where}: an entity must be a mapping")
    entity_id, kind = str(entry.get("id", "")), str(entry.get("kind", ""))
    if not entity_id or slugify(entity_id) != entity_id:
        raise CatalogueError(f"{where}: id {entity_id!r} must be a slug of [a-z0-9-]")
    if kind not in KINDS:
        raise CatalogueError(f"{where}: kind {kind!r} is not one of {sorted(KINDS)}")
    label = str(entry.get("label", entity_id))
    aliases = tuple(dict.fromkeys([label, *(str(a) for a in entry.get("aliases", []) or [])]))
    return Entity(entity_id, kind, label, aliases)


def load_entities(path: Path | str) -> list[Entity]:
    """Read the catalogue; raises :class:`CatalogueError` naming the bad entry."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    entries = data.get("entities", []) if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise CatalogueError(f"{path}: expected a list of entities")
    entities = [
        _entity(entry, f"{path}: entity {index + 1}") for index, entry in enumerate(entries)
    ]
    if len({e.id for e in entities}) != len(entities):
        raise CatalogueError(f"{path}: duplicate entity ids")
    return entities


class _Collector:
    """Spans per entity id, with the first label and kind seen."""

    def __init__(self) -> None:
        self.spans: dict[str, set[Span]] = {}
        self.meta: dict[str, tuple[str, str]] = {}

    def add(self, entity_id: str, kind: str, label: str, span: Span) -> None:
        self.spans.setdefault(entity_id, set()).add(span)
        self.meta.setdefault(entity_id, (kind, label))

    def mentions(self) -> list[EntityMention]:
        return [
            EntityMention(entity_id, *self.meta[entity_id], tuple(sorted(self.spans[entity_id])))
            for entity_id in sorted(self.spans)
        ]


def _by_alias(catalogue: Sequence[Entity]) -> dict[str, Entity]:
    return {alias.lower(): entity for entity in catalogue for alias in entity.aliases}


def _match_catalogue(
    unit: TextUnit, low: str | None, table: list[tuple[_Alias, list[int] | None]], out: _Collector
) -> list[_Alias]:
    """Record catalogue matches (``low``: the unit's :func:`folded` text), of each alias
    at the given offsets (None: wherever it matches); return new aliases defined by
    "(hierna: X)"."""
    new = []
    text = unit.text
    for alias, starts in table:
        if starts is None and not may_contain(text, low, alias.literal, alias.ignorecase):
            continue
        entity = alias.entity
        matches = (
            alias.pattern.finditer(text)
            if starts is None
            else finditer_at(alias.pattern, text, starts)
        )
        for match in matches:
            out.add(entity.id, entity.kind, entity.label, unit.span)
            hierna = _HIERNA.match(text, match.end())
            if hierna:
                new.append(_alias(hierna["alias"], entity))
    return new


def _match_patterns(unit: TextUnit, aliases: dict[str, Entity], out: _Collector) -> None:
    for found in find_laws(unit.text):
        known = aliases.get(found.name.lower())
        if known is not None:
            out.add(known.id, known.kind, known.label, unit.span)
        else:
            out.add(found.id, "law", found.name, unit.span)
    for found in find_motions(unit.text):
        known = aliases.get(found.text.lower())
        if known is not None:
            out.add(known.id, known.kind, known.label, unit.span)
        else:
            out.add(found.id, "motion", found.text, unit.span)


@dataclass(frozen=True)
class _Table:
    """A catalogue's compiled aliases (made once, not per letter), its alias index, and
    the aliases (their positions) by the longest of their :attr:`_Alias.runs` (likely the
    rarest); the aliases to try in every unit (no runs), and those to try anywhere in a
    unit without a folded text (case-insensitive)."""

    aliases: tuple[_Alias, ...]
    by_alias: dict[str, Entity]
    by_run: dict[bytes, tuple[int, ...]]
    index_runs: frozenset[bytes]
    runless: frozenset[int]
    insensitive: frozenset[int]


@functools.lru_cache(maxsize=8)
def _catalogue_table(catalogue: tuple[Entity, ...]) -> _Table:
    aliases = tuple(_alias(alias, entity) for entity in catalogue for alias in entity.aliases)
    by_run: dict[bytes, list[int]] = {}
    for k, alias in enumerate(aliases):
        if alias.runs:
            by_run.setdefault(max(alias.runs, key=len), []).append(k)
    return _Table(
        aliases,
        _by_alias(catalogue),
        {run: tuple(ks) for run, ks in by_run.items()},
        frozenset(by_run),
        frozenset(k for k, alias in enumerate(aliases) if not alias.runs),
        frozenset(k for k, alias in enumerate(aliases) if alias.ignorecase),
    )


_Places = list[tuple[_Alias, list[int] | None]]


def _aliases_per_unit(
    table: _Table, units: Sequence[TextUnit], lows: list[str | None]
) -> list[_Places]:
    """For each unit, in table order, the aliases that may match in it, each with the
    offsets where its matches can start (None: anywhere): where the units' :func:`words_of`
    (lower-cased for a case-insensitive alias) hold the alias's :attr:`_Alias.key`. A
    unit without a folded text lets every case-insensitive alias through, anywhere."""
    words = words_of(tuple(unit.text for unit in units))
    return [
        _unit_places(table, words, k, len(unit.text), low is None)
        for k, (unit, low) in enumerate(zip(units, lows, strict=True))
    ]


def _unit_places(table: _Table, words: Words, k: int, size: int, unfolded: bool) -> _Places:
    runs, start = words.per_text[k], words.starts[k]
    found = {i for run in table.index_runs.intersection(runs) for i in table.by_run[run]}
    found |= table.runless
    if unfolded:
        found |= table.insensitive
    places: _Places = []
    present: set[bytes] | None = None  # the runs as a set, once an alias of more runs asks
    for i in sorted(found):
        alias = table.aliases[i]
        if alias.key is None or (unfolded and alias.ignorecase):
            places.append((alias, None))
            continue
        if len(alias.runs) > 1:
            present = set(runs) if present is None else present
            if not present.issuperset(alias.runs):
                continue
        haystack = words.lower if alias.ignorecase else words.runs
        offsets = _offsets(haystack, alias.key, start, start + size + 2)
        if offsets:
            places.append((alias, offsets))
    return places


def _offsets(haystack: bytes, key: bytes, start: int, end: int) -> list[int]:
    """Where ``key`` occurs in ``haystack[start:end]``, from ``start``."""
    offsets, pos = [], haystack.find(key, start, end)
    while pos >= 0:
        offsets.append(pos - start)
        pos = haystack.find(key, pos + 1, end)
    return offsets


def match_entities(units: Sequence[TextUnit], catalogue: Sequence[Entity]) -> list[EntityMention]:
    """One mention per entity with all the spans it occurs in, sorted by id."""
    table = _catalogue_table(tuple(catalogue))
    lows = words_of(tuple(unit.text for unit in units)).lows
    per_unit = _aliases_per_unit(table, units, lows)
    defined: list[_Alias] = []  # by "(hierna: X)", for the units after
    out = _Collector()
    for unit, low, known in zip(units, lows, per_unit, strict=True):
        new = _match_catalogue(unit, low, known + [(alias, None) for alias in defined], out)
        if new:
            _match_catalogue(unit, low, [(alias, None) for alias in new], out)
            defined.extend(new)
        _match_patterns(unit, table.by_alias, out)
    return out.mentions()
