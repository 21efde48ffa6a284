"""``validate``: check every YAML file in the content folder, shape and meaning.

Shape is the JSON Schema in ``generator/schema/letter.schema.json`` (shipped with the
package); meaning is checked here: ids unique, file named after its id, topics and
entities and letters that are referred to exist, dates real, spans inside the source.
Every problem is a :class:`Diagnostic` on the YAML's real line.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .codec import parse_span
from .diagnostics import ContentError, Diagnostic, Level, error
from .forkmap import fork_map
from .schema import Finding, schema_findings, validator
from .store import load_yaml, read_text_file
from .validate_cache import LetterCache
from .yamlpath import LineMap, Path_, display_path, line_map, line_of, load_with_lines

LETTERS_DIR = "letters"
VOCABULARIES = ("topics", "entities")

# (list field, item key) whose values must be unique within a letter
UNIQUE_ITEMS = (
    ("questions", "number"),
    ("recommendations", "id"),
    ("commitments", "id"),
    ("footnotes", "number"),
    ("sections", "id"),
    ("entities", "id"),
)


@dataclass(frozen=True)
class LetterFile:
    """A parsed letter file; its line map is composed only when a finding needs a line
    (a clean corpus is parsed once, with libyaml, and never composed)."""

    path: Path
    data: dict[str, Any]
    text: str

    @functools.cached_property
    def lines(self) -> LineMap:
        return line_map(self.text)

    def diagnostic(self, finding: Finding) -> Diagnostic:
        where = display_path(self.data, finding.path)
        message = finding.message if not finding.path else f"{where}: {finding.message}"
        return Diagnostic(finding.level, str(self.path), line_of(self.lines, finding.path), message)


@dataclass(frozen=True)
class Known:
    """What letters may refer to: None for a vocabulary the content folder does not have."""

    letters: dict[str, LetterFile]
    topics: set[str] | None
    entities: set[str] | None


# --------------------------------------------------------------------------- entry points


def validate_content(
    content_dir: Path,
    parsed: dict[Path, dict[str, Any]] | None = None,
    cache: LetterCache | None = None,
) -> list[Diagnostic]:
    """All problems in the content folder, in file and line order.

    ``parsed``, when given, receives the data of every letter file that parsed (path ->
    data): ``build`` hands it on to :func:`generator.site.collect_corpus` so that no file
    is parsed twice. ``cache``: parsed data and findings of files whose text did not
    change since the previous build (the checks across files always run).
    """
    out: list[Diagnostic] = []
    topics = _load_vocabulary(content_dir / "topics.yml", out)
    entities = _load_vocabulary(content_dir / "entities.yml", out)
    paths = _letter_paths(content_dir)
    files = [f for f in _load_letters(paths, out, cache) if f]
    if parsed is not None:
        parsed.update((f.path, f.data) for f in files)
    known = Known(_unique_letters(files, out), topics, entities)
    for f in files:  # check_alone ran with the parse (see _parse)
        out.extend(f.diagnostic(x) for x in check_across(f, known))
    return sorted(out, key=lambda d: (d.path, d.line or 0))


def cmd_validate(content_dir: Path, strict: bool = False) -> int:
    """Print every problem as ``file:line: problem``; 1 if any error (or warning if strict)."""
    diagnostics = validate_content(content_dir)
    for d in diagnostics:
        print(d, file=sys.stderr)
    failing = [d for d in diagnostics if strict or d.level is Level.ERROR]
    return 1 if failing else 0


def _letter_paths(content_dir: Path) -> list[Path]:
    folder = content_dir / LETTERS_DIR
    return sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")])


# --------------------------------------------------------------------------- loading


_Parsed = tuple[dict[str, Any], list[Finding]] | Diagnostic


def _load_letters(
    paths: list[Path], out: list[Diagnostic], cache: LetterCache | None = None
) -> list[LetterFile | None]:
    """Every letter file read, parsed and schema-checked (from ``cache`` when its text is
    unchanged); files to parse are shared over two processes when there are many."""
    texts: list[tuple[Path, str, bytes] | Diagnostic] = []
    for path in paths:
        try:
            text = read_text_file(path)
        except ContentError as exc:
            texts.append(exc.diagnostic)
            continue
        texts.append((path, text, cache.digest(text) if cache is not None else b""))
    hits = {
        n: hit
        for n, item in enumerate(texts)
        if cache is not None
        and not isinstance(item, Diagnostic)
        and (hit := cache.lookup(item[0].name, item[2])) is not None
    }
    todo = [(n, item) for n, item in enumerate(texts) if n not in hits]
    parsed = dict(zip((n for n, _ in todo), fork_map(_parse, [x for _, x in todo]), strict=True))
    letters: list[LetterFile | None] = []
    for n, item in enumerate(texts):
        result = hits.get(n) or parsed[n]
        if isinstance(result, Diagnostic):
            out.append(result)
            letters.append(None)
            continue
        assert not isinstance(item, Diagnostic)
        path, text, digest = item
        data, findings = result
        if cache is not None and n not in hits:
            cache.store(path.name, digest, data, findings)
        letter = LetterFile(path, data, text)
        out.extend(letter.diagnostic(f) for f in findings)
        letters.append(letter)
    return letters


def _parse(item: tuple[Path, str, bytes] | Diagnostic) -> _Parsed:
    if isinstance(item, Diagnostic):
        return item
    path, text, _ = item
    try:
        data = load_yaml(text, str(path))
    except ContentError as exc:
        return exc.diagnostic
    if not isinstance(data, dict):
        return error(str(path), 1, "a letter file must be a mapping of fields")
    return data, [*schema_findings(validator("letter"), data), *check_alone(data)]


def _load_vocabulary(path: Path, out: list[Diagnostic]) -> set[str] | None:
    """Ids in topics.yml / entities.yml; None when the file does not exist."""
    if not path.exists():
        return None
    try:
        data, lines = load_with_lines(read_text_file(path), str(path))
    except ContentError as exc:
        out.append(exc.diagnostic)
        return set()
    findings = list(schema_findings(validator("vocabulary"), data))
    ids = _entry_ids(data, findings)
    for f in findings:
        message = f"{display_path(data, f.path)}: {f.message}" if f.path else f.message
        out.append(Diagnostic(f.level, str(path), line_of(lines, f.path), message))
    return ids


def _entry_ids(data: Any, findings: list[Finding]) -> set[str]:
    """Ids of a list of entries, of ``{key: [entries]}``, or the keys of ``{id: entry}``."""
    if isinstance(data, dict) and all(isinstance(v, dict) for v in data.values()):
        return {str(k) for k in data}
    prefix: Path_ = ()
    if isinstance(data, dict) and len(data) == 1:
        prefix = (next(iter(data)),)
        data = data[prefix[0]]
    ids: set[str] = set()
    for n, entry in enumerate(data if isinstance(data, list) else []):
        value = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(value, str):
            if value in ids:
                findings.append(Finding((*prefix, n, "id"), f"duplicate id {value!r}"))
            ids.add(value)
    return ids


# --------------------------------------------------------------------------- meaning


def _unique_letters(files: list[LetterFile], out: list[Diagnostic]) -> dict[str, LetterFile]:
    seen: dict[str, LetterFile] = {}
    for f in files:
        letter_id = f.data.get("id")
        if not isinstance(letter_id, str):
            continue
        if letter_id in seen:
            first = seen[letter_id].path
            out.append(
                f.diagnostic(
                    Finding(("id",), f"duplicate letter id {letter_id!r} (also in {first})")
                )
            )
            continue
        seen[letter_id] = f
    return seen


def check_letter(f: LetterFile, known: Known) -> Iterator[Finding]:
    """Everything the schema cannot say about one letter."""
    yield from check_alone(f.data)
    yield from check_across(f, known)


def check_alone(d: dict[str, Any]) -> Iterator[Finding]:
    """What one letter's data shows by itself (kept with the parse in the build's cache)."""
    for field, key in UNIQUE_ITEMS:
        yield from _duplicates(d, field, key)
    yield from _duplicate_paragraphs(d)
    yield from _check_dates(d)
    yield from _check_spans(d)
    yield from _check_questions(d)
    yield from _check_reviews(d)


def check_across(f: LetterFile, known: Known) -> Iterator[Finding]:
    """What needs its file name or the other files: topics, entities, letters it points to."""
    d = f.data
    if isinstance(d.get("id"), str) and d["id"] != f.path.stem:
        yield Finding(("id",), f"id {d['id']!r} does not match the file name {f.path.name!r}")
    yield from _check_topics(d, known.topics)
    yield from _check_entities(d, known.entities)
    yield from _check_fulfilled_by(d, known)


def _mapping(d: Mapping[str, Any], field: str) -> dict[str, Any]:
    value = d.get(field)
    return value if isinstance(value, dict) else {}


def _list(d: dict[str, Any], field: str) -> list[Any]:
    value = d.get(field)
    return value if isinstance(value, list) else []


def _items(d: dict[str, Any], field: str) -> Iterator[tuple[int, dict[str, Any]]]:
    value = d.get(field)
    for n, item in enumerate(value if isinstance(value, list) else []):
        if isinstance(item, dict):
            yield n, item


def _duplicates(d: dict[str, Any], field: str, key: str) -> Iterator[Finding]:
    seen: set[Any] = set()
    for n, item in _items(d, field):
        value = item.get(key)
        if value is not None and value in seen:
            yield Finding((field, n, key), f"duplicate {key} {value!r} in {field}")
        seen.add(value)


def _duplicate_paragraphs(d: dict[str, Any]) -> Iterator[Finding]:
    seen: set[Any] = set()
    for n, section in _items(d, "sections"):
        for m, p in _items(section, "paragraphs"):
            if p.get("id") in seen:
                yield Finding(
                    ("sections", n, "paragraphs", m, "id"),
                    f"duplicate paragraph id {p.get('id')!r}",
                )
            seen.add(p.get("id"))


def _check_topics(d: dict[str, Any], topics: set[str] | None) -> Iterator[Finding]:
    if topics is None:
        return
    editorial = _mapping(d, "editorial")
    for path, values in (
        (("topics",), d.get("topics")),
        (("editorial", "extra_topics"), editorial.get("extra_topics")),
    ):
        for n, topic in enumerate(values if isinstance(values, list) else []):
            if isinstance(topic, str) and topic not in topics:
                yield Finding((*path, n), f"unknown topic {topic!r} (not in topics.yml)")


# Entities found by pattern rather than from the catalogue carry these id prefixes.
PATTERN_ENTITY_PREFIXES = ("law-", "motie-", "report-", "dossier-", "kst-")


def _check_entities(d: dict[str, Any], entities: set[str] | None) -> Iterator[Finding]:
    if entities is None:
        return
    for n, item in _items(d, "entities"):
        if (
            isinstance(item.get("id"), str)
            and item["id"] not in entities
            and not item["id"].startswith(PATTERN_ENTITY_PREFIXES)
        ):
            yield Finding(
                ("entities", n, "id"),
                f"unknown entity {item['id']!r} (not in entities.yml)",
                Level.WARNING,
            )


def _check_fulfilled_by(d: dict[str, Any], known: Known) -> Iterator[Finding]:
    for n, item in _items(d, "commitments"):
        target = item.get("fulfilled_by")
        if not isinstance(target, str):
            continue
        path = ("commitments", n, "fulfilled_by")
        if target == d.get("id"):
            yield Finding(path, "a letter cannot fulfil its own commitment")
        elif target not in known.letters:
            yield Finding(path, f"fulfilled_by points to letter {target!r}, which does not exist")
        elif _before(known.letters[target].data, d):
            yield Finding(path, f"letter {target!r} is dated before this letter", Level.WARNING)


def effective_date(d: Mapping[str, Any]) -> str | None:
    """The letter's own date, else the date an editor supplied."""
    editorial = _mapping(d, "editorial")
    value = d.get("date") or editorial.get("date")
    return value if isinstance(value, str) else None


def _before(a: dict[str, Any], b: dict[str, Any]) -> bool:
    da, db = effective_date(a), effective_date(b)
    return bool(da and db and da < db)


def _date_paths(d: dict[str, Any]) -> Iterator[Path_]:
    yield from (("date",), ("date_received",), ("editorial", "date"), ("editorial", "reviewed_on"))
    for n, _ in _items(d, "commitments"):
        yield ("commitments", n, "due_date")
    for field in ("questions", "recommendations", "commitments"):
        for n, _ in _items(d, field):
            yield (field, n, "review", "date")


def _check_dates(d: dict[str, Any]) -> Iterator[Finding]:
    for path in _date_paths(d):
        value = _get(d, path)
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            try:
                date.fromisoformat(value)
            except ValueError:
                yield Finding(path, f"{value!r} is not a real date")
    editorial = _mapping(d, "editorial")
    if d.get("date") and editorial.get("date") and d["date"] != editorial["date"]:
        yield Finding(
            ("editorial", "date"), "the letter states its own date; remove this one", Level.WARNING
        )


def _get(d: Any, path: Path_) -> Any:
    for key in path:
        if isinstance(d, dict) and isinstance(key, str):
            d = d.get(key)
        elif isinstance(d, list) and isinstance(key, int) and 0 <= key < len(d):
            d = d[key]
        else:
            return None
    return d


def _span_values(value: Any, path: Path_) -> Iterator[tuple[Path_, Any]]:
    """Every ``lines`` value in the letter with its path (dicts and lists of spans too)."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "lines" and path != ("source",):
                yield from _leaf_spans(child, (*path, key))
            elif key != "source":
                yield from _span_values(child, (*path, key))
    elif isinstance(value, list):
        for n, child in enumerate(value):
            yield from _span_values(child, (*path, n))


def _leaf_spans(value: Any, path: Path_) -> Iterator[tuple[Path_, Any]]:
    if isinstance(value, dict | list):
        pairs: Iterable[tuple[Any, Any]] = (
            value.items() if isinstance(value, dict) else enumerate(value)
        )
        for key, child in pairs:
            yield (*path, key), child
    elif value is not None:
        yield path, value


def _check_spans(d: dict[str, Any]) -> Iterator[Finding]:
    source = _mapping(d, "source")
    total = source.get("lines") if isinstance(source.get("lines"), int) else None
    for path, value in _span_values(d, ()):
        try:
            span = parse_span(value)
        except ValueError as exc:
            yield Finding(path, str(exc))
            continue
        if span and total is not None and span.end > total:
            yield Finding(
                path,
                f"line range {span.start}-{span.end} is past the end of the source ({total} lines)",
            )


def _check_questions(d: dict[str, Any]) -> Iterator[Finding]:
    numbers = {q.get("number") for _, q in _items(d, "questions")}
    footnotes = {f.get("number") for _, f in _items(d, "footnotes")}
    for n, q in _items(d, "questions"):
        for m, other in enumerate(_list(q, "group")):
            if other not in numbers:
                yield Finding(
                    ("questions", n, "group", m), f"question {other!r} is not in this letter"
                )
        for m, fn in enumerate(_list(q, "footnotes")):
            if footnotes and fn not in footnotes:
                yield Finding(
                    ("questions", n, "footnotes", m), f"footnote {fn!r} is not in this letter"
                )


def _check_reviews(d: dict[str, Any]) -> Iterator[Finding]:
    for field in ("questions", "recommendations", "commitments"):
        for n, item in _items(d, field):
            review = item.get("review")
            if (
                isinstance(review, dict)
                and review.get("state") == "reviewed"
                and not review.get("by")
            ):
                yield Finding(
                    (field, n, "review"), "reviewed, but by whom? add 'by'", Level.WARNING
                )
