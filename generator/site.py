"""Collect every letter and the curated lists, then build the site's indexes.

Gather first, render later: :func:`collect_corpus` loads all letters, topics and entities
and resolves references, mentions and commitment statuses. Rendering reads only this.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dates import parse_iso
from .diagnostics import ContentError, Diagnostic, warning
from .editorial import NO_EDITORIAL, Editorial, apply_editorial, editorial_from_data
from .escape import slug
from .forkmap import fork_map
from .heap import long_lived
from .model import Commitment, Letter
from .store import letter_of_data, load_letter_data, load_yaml, read_text_file

OB_URL = "https://zoek.officielebekendmakingen.nl/{id}.html"
SOON_DAYS = 92
_KST = re.compile(r"kst-([0-9a-z]+)-([0-9a-z]+)")
_DOSSIER_DIGITS = re.compile(r"^(?:dossier-|kst-)?(\d[\d ]{2,7}\d)\b")


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    description: str = ""
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entity:
    id: str  # from a fixed alphabet: also the page name
    kind: str  # organisation, law, motion, report, person, dossier, kamerstuk
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resolution:
    """Where a reference points: a letter in the corpus or an outside URL (or nowhere)."""

    letter_id: str | None
    url: str | None
    inferred: bool = False


@dataclass(frozen=True)
class CommitmentItem:
    letter: Letter
    commitment: Commitment
    due: dt.date | None
    status: str  # komend, verlopen, nagekomen, zonder-datum
    fulfilled_by: str | None
    soon: bool


@dataclass
class Corpus:
    letters: tuple[Letter, ...]  # newest first, undated last
    topics: dict[str, Topic]
    entities: dict[str, Entity]
    mentions: dict[str, tuple[str, ...]]  # entity id -> ids of letters that mention it
    letter_entities: dict[str, tuple[str, ...]]  # letter id -> entity ids
    commitments: tuple[CommitmentItem, ...]  # by due date, undated last
    today: dt.date
    content: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    by_id: dict[str, Letter] = field(default_factory=dict)
    editorial: dict[str, Editorial] = field(default_factory=dict)  # letter id -> editors' data
    files: tuple[LetterFile, ...] = ()  # every letter file as read, in file-name order
    _papers: dict[str, tuple[Letter, ...]] | None = None
    _letter_commitments: dict[str, dict[str, CommitmentItem]] | None = None
    # per-letter values the views compute more than once (see views_letter.line_anchors)
    memo: dict[tuple[str, str], Any] = field(default_factory=dict)
    # the editors' suggestions when computed before rendering (see generator.memo)
    suggestions: list[Any] | None = None
    # the export files when made before rendering (see generator.export_files)
    exported: dict[str, bytes] | None = None
    _suggestions_index: tuple[int, dict[str, list[Any]]] | None = None

    def suggestions_of(self, letter_id: str) -> list[Any]:
        """The suggestions about a letter in their order (at most
        ``views_review.SUGGESTIONS_PER_ITEM`` per commitment, best first, each with how
        many weaker candidates are not shown); ``suggestions`` must be set."""
        if self.suggestions is None:
            raise ValueError("the corpus' suggestions are not computed")
        index = self._suggestions_index
        if index is None or index[0] != id(self.suggestions):
            by_letter: dict[str, list[Any]] = {}
            for found in self.suggestions:
                by_letter.setdefault(found[0].letter, []).append(found)
            index = self._suggestions_index = (id(self.suggestions), by_letter)
        return index[1].get(letter_id, [])

    def commitments_of(self, letter_id: str) -> dict[str, CommitmentItem]:
        """The letter's commitment items by commitment id (indexed once for all letters)."""
        if self._letter_commitments is None:
            index: dict[str, dict[str, CommitmentItem]] = {}
            for item in self.commitments:
                index.setdefault(item.letter.id, {})[item.commitment.id] = item
            self._letter_commitments = index
        return self._letter_commitments.get(letter_id, {})

    def letter(self, letter_id: str) -> Letter:
        """``by_id[letter_id]``, for a view that reads most of the letter (its page): a
        page memo (:mod:`generator.pagememo`) notes the whole letter as read."""
        return self.by_id[letter_id]

    def editorial_of(self, letter_id: str) -> Editorial:
        return self.editorial.get(letter_id, NO_EDITORIAL)

    def resolve(self, ref_id: str, url: str | None, citing: str) -> Resolution:
        """:func:`resolve_reference` over only the letters that could match (indexed)."""
        match = _KST.fullmatch(ref_id)
        if match is None:
            return Resolution(None, url)
        if self._papers is None:
            self._papers = _paper_index(self.letters)
        papers = self._papers
        candidates = papers.get(f"id:{ref_id}", ()) + papers.get(f"nr:{match.group(2)}", ())
        return resolve_reference(candidates, ref_id, url, citing)


def _paper_index(letters: tuple[Letter, ...]) -> dict[str, tuple[Letter, ...]]:
    """``kst-D-N`` -> letters that are that paper; ``N`` -> letters printing only ``Nr. N``
    (each in corpus order, so :func:`resolve_reference` picks the same letter)."""
    index: dict[str, list[Letter]] = {}
    for letter in letters:
        k = letter.kamerstuk
        if k is None:
            continue
        if k.id is not None:
            index.setdefault(f"id:{k.id}", []).append(letter)
        if k.dossier is None and k.number:
            index.setdefault(f"nr:{k.number}", []).append(letter)
    return {key: tuple(v) for key, v in index.items()}


@dataclass(frozen=True)
class LetterFile:
    """One letter file, parsed once: its plain data and the letter as stored (no editorial
    applied; the export and the suggestions read these)."""

    path: Path
    data: dict[str, Any]
    stored: Letter


# --------------------------------------------------------------------------- loading


def collect_corpus(
    content: Path, today: dt.date, parsed: dict[Path, dict[str, Any]] | None = None
) -> Corpus:
    """``parsed``: letter data already parsed (by ``validate``), path -> data."""
    with long_lived():  # only long-lived, acyclic data is made here
        return _collect_corpus(content, today, parsed)


def _collect_corpus(
    content: Path, today: dt.date, parsed: dict[Path, dict[str, Any]] | None
) -> Corpus:
    files = load_letter_files(content, parsed)
    letters, editorial = apply_editorials(files)
    diagnostics: list[Diagnostic] = []
    topics = load_topics(content / "topics.yml", letters, diagnostics)
    curated = load_entities(content / "entities.yml", diagnostics)
    entities, letter_entities = collect_entities(letters, curated)
    mentions = _invert(letter_entities)
    corpus = Corpus(
        letters=letters,
        topics=topics,
        entities={k: v for k, v in entities.items() if k in mentions},
        mentions=mentions,
        letter_entities=letter_entities,
        commitments=collect_commitments(letters, today),
        today=today,
        content=content,
        diagnostics=diagnostics,
        by_id={letter.id: letter for letter in letters},
        editorial=editorial,
        files=files,
    )
    return corpus


def load_letter_files(
    content: Path, parsed: dict[Path, dict[str, Any]] | None = None
) -> tuple[LetterFile, ...]:
    """Every letter file, each read and parsed exactly once (or taken from ``parsed``)."""
    folder = content / "letters"
    paths = sorted(folder.glob("*.yml")) if folder.is_dir() else []
    known: dict[Path, dict[str, Any] | None] = dict(parsed or {})
    todo = [path for path in paths if known.get(path) is None]
    # parsed on two processes when there are many (the data comes back pickled, which
    # costs a fifth of parsing it)
    known.update(zip(todo, fork_map(_letter_data_or_none, todo), strict=True))
    out = []
    for path in paths:
        data = known.get(path)
        if data is None:  # the file has a problem: read it here, for its exact error
            data = load_letter_data(path)
        out.append(LetterFile(path, data, letter_of_data(data, path)))
    return tuple(out)


def _letter_data_or_none(path: Path) -> dict[str, Any] | None:
    try:
        return load_letter_data(path)
    except Exception:  # raised again by load_letter_files, in file order
        return None


def load_letters(content: Path) -> tuple[tuple[Letter, ...], dict[str, Editorial]]:
    """Every letter as the site shows it (editors' changes applied), and its editorial."""
    return apply_editorials(load_letter_files(content))


def apply_editorials(
    files: tuple[LetterFile, ...],
) -> tuple[tuple[Letter, ...], dict[str, Editorial]]:
    letters: list[Letter] = []
    editorial: dict[str, Editorial] = {}
    for file in files:
        letter, extra = apply_editorial(file.stored, editorial_from_data(file.data))
        if letter.id in editorial:
            raise ContentError(str(file.path), f"duplicate letter id {letter.id!r}", 1)
        letters.append(letter)
        editorial[letter.id] = extra
    return tuple(sorted(letters, key=_letter_order)), editorial


def _letter_order(letter: Letter) -> tuple[int, str, str]:
    date = letter.effective_date or ""
    # newest first; undated letters last
    return (0 if date else 1, "".join(chr(0x10FFFF - ord(c)) for c in date), letter.id)


def _load_list(path: Path, key: str, diagnostics: list[Diagnostic]) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    data = load_yaml(read_text_file(path), str(path))
    if isinstance(data, dict):
        data = data.get(key, [])
    if not isinstance(data, list):
        diagnostics.append(warning(str(path), 1, f"expected a list of {key}"))
        return []
    items = [d for d in data if isinstance(d, dict) and d.get("id")]
    if len(items) != len(data):
        diagnostics.append(warning(str(path), None, f"{key}: entries without id ignored"))
    return items


def load_topics(
    path: Path, letters: tuple[Letter, ...], diagnostics: list[Diagnostic]
) -> dict[str, Topic]:
    """Curated topics; topics that letters use but the list lacks get a plain label."""
    topics: dict[str, Topic] = {}
    for item in _load_list(path, "topics", diagnostics):
        topic_id = slug(str(item["id"]))
        rules = item.get("rules") or ()
        topics[topic_id] = Topic(
            id=topic_id,
            label=str(item.get("label") or item["id"]),
            description=str(item.get("description") or ""),
            rules=tuple(str(r) for r in rules) if isinstance(rules, list) else (),
        )
    for letter in letters:
        for raw in letter.topics:
            topic_id = slug(raw)
            if topic_id not in topics:
                topics[topic_id] = Topic(topic_id, raw.replace("-", " ").capitalize())
    return dict(sorted(topics.items(), key=lambda kv: kv[1].label.lower()))


def load_entities(path: Path, diagnostics: list[Diagnostic]) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    for item in _load_list(path, "entities", diagnostics):
        aliases = item.get("aliases") or ()
        entity = Entity(
            id=slug(str(item["id"])),
            kind=str(item.get("kind") or "overig"),
            label=str(item.get("label") or item["id"]),
            aliases=tuple(str(a) for a in aliases) if isinstance(aliases, list) else (),
        )
        entities[entity.id] = entity
    return entities


# --------------------------------------------------------------------------- entities


def _keys(text: str) -> set[str]:
    return {text.strip().lower(), slug(text)}


def _alias_map(entities: dict[str, Entity]) -> dict[str, str]:
    found: dict[str, str] = {}
    for entity in entities.values():
        for name in (entity.id, *entity.aliases):
            for key in _keys(name):
                found.setdefault(key, entity.id)
        if "dossier" in entity.kind:
            for name in (entity.id, entity.label, *entity.aliases):
                digits = dossier_digits(name)
                if digits:
                    found.setdefault(f"dossier-{digits}", entity.id)
    return found


def dossier_digits(text: str) -> str | None:
    match = _DOSSIER_DIGITS.match(text.strip().lower())
    return match.group(1).replace(" ", "") if match else None


def format_dossier(digits: str) -> str:
    """``29861`` -> ``29 861`` as the Kamer prints it."""
    return f"{digits[:-3]} {digits[-3:]}" if digits.isdigit() and len(digits) > 3 else digits


def collect_entities(
    letters: tuple[Letter, ...], curated: dict[str, Entity]
) -> tuple[dict[str, Entity], dict[str, tuple[str, ...]]]:
    """All entities (curated first, then found in letters) and each letter's mentions."""
    entities = dict(curated)
    aliases = _alias_map(curated)
    cited = _cited_papers(letters) | set(aliases)
    per_letter: dict[str, tuple[str, ...]] = {}
    for letter in letters:
        found: list[str] = []
        for candidate in _candidates(letter, cited):
            entity_id = aliases.get(candidate.id) or aliases.get(slug(candidate.id))
            if entity_id is None:
                entity_id = candidate.id
                entities.setdefault(entity_id, candidate)
                aliases[entity_id] = entity_id
            if entity_id not in found:
                found.append(entity_id)
        per_letter[letter.id] = tuple(found)
    return entities, per_letter


def _cited_papers(letters: tuple[Letter, ...]) -> set[str]:
    """Kamerstukken cited by two or more letters: they get a page with backlinks."""
    count: dict[str, int] = {}
    for letter in letters:
        for ref_id in {r.id for r in letter.references if _KST.fullmatch(r.id)}:
            count[ref_id] = count.get(ref_id, 0) + 1
    return {ref_id for ref_id, n in count.items() if n >= 2}


def _candidates(letter: Letter, cited: set[str]) -> list[Entity]:
    out = [Entity(slug(m.id), m.kind, m.label) for m in letter.entities]
    dossiers = []
    if letter.kamerstuk is not None:
        dossiers = [letter.kamerstuk.dossier, *letter.kamerstuk.other_dossiers]
    for ref in letter.references:
        match = _KST.fullmatch(ref.id)
        if match:
            dossiers.append(match.group(1))
            if ref.id in cited:
                label = f"Kamerstuk {format_dossier(match.group(1))}, nr. {match.group(2)}"
                out.append(Entity(ref.id, "kamerstuk", label))
        elif ref.kind in {"motie", "motion", "report", "law"}:
            out.append(Entity(slug(ref.id), ref.kind, " ".join(ref.text.split())[:120]))
    for digits in dict.fromkeys(d for d in dossiers if d):
        out.append(Entity(f"dossier-{digits}", "dossier", f"Dossier {format_dossier(digits)}"))
    return out


def _invert(per_letter: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for letter_id, entity_ids in per_letter.items():
        for entity_id in entity_ids:
            out.setdefault(entity_id, []).append(letter_id)
    return {k: tuple(v) for k, v in out.items()}


# --------------------------------------------------------------------------- references


def resolve_reference(
    letters: tuple[Letter, ...], ref_id: str, url: str | None, citing: str
) -> Resolution:
    """A ``kst-D-N`` reference goes to our page when the paper is in the corpus.

    A letter that states only its number (``Nr. 222``, no dossier) is the target when it
    is the only such candidate; that link is marked as inferred.
    """
    match = _KST.fullmatch(ref_id)
    if match is None:
        return Resolution(None, url)
    number = match.group(2)
    outside = url or OB_URL.format(id=ref_id)
    exact = [x for x in letters if x.kamerstuk and x.kamerstuk.id == ref_id and x.id != citing]
    if exact:
        return Resolution(exact[0].id, outside)
    loose = [
        x
        for x in letters
        if x.kamerstuk
        and x.kamerstuk.dossier is None
        and x.kamerstuk.number == number
        and x.id != citing
    ]
    if len(loose) == 1:
        return Resolution(loose[0].id, outside, inferred=True)
    return Resolution(None, outside)


# --------------------------------------------------------------------------- commitments


def fulfilled_map(letter: Letter) -> dict[str, str]:
    """``editorial.fulfilled_by``: ``{c1: letter-id}`` or ``[{commitment, letter}]``."""
    raw = letter.editorial.get("fulfilled_by")
    if isinstance(raw, dict):
        return {str(k): str(v) for k, v in raw.items() if v}
    if isinstance(raw, list):
        return {
            str(x.get("commitment")): str(x.get("letter"))
            for x in raw
            if isinstance(x, dict) and x.get("commitment") and x.get("letter")
        }
    return {}


def collect_commitments(letters: tuple[Letter, ...], today: dt.date) -> tuple[CommitmentItem, ...]:
    known = {x.id for x in letters}
    items = []
    for letter in letters:
        done = fulfilled_map(letter)
        for c in letter.commitments:
            due = parse_iso(c.due_date)
            by = done.get(c.id)
            by = by if by in known else None
            status = _status(due, by, today)
            soon = due is not None and today <= due <= today + dt.timedelta(days=SOON_DAYS)
            items.append(CommitmentItem(letter, c, due, status, by, soon and by is None))
    items.sort(key=lambda i: (i.due is None, i.due or today, i.letter.id, i.commitment.id))
    return tuple(items)


def _status(due: dt.date | None, fulfilled_by: str | None, today: dt.date) -> str:
    if fulfilled_by:
        return "nagekomen"
    if due is None:
        return "zonder-datum"
    return "verlopen" if due < today else "komend"


STATUS_LABELS = {
    "komend": "komend",
    "verlopen": "verlopen",
    "nagekomen": "nagekomen",
    "zonder-datum": "zonder datum",
}
