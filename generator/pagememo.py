"""Pages of the previous build kept when everything their views read is the same.

The render is cut into *units* (``render._units``): a module-level function
``fn(corpus, *args)`` returning ``{docs path: Markdown}`` (one letter's page, one topic's
page, one listing part, the review page of one quarter, ...) with plain arguments
(strings, tuples of them), or a small value (:meth:`PageMemo.value`). A unit runs on a
:class:`TracedCorpus`, which hands out the corpus' data and notes every read under a key
from which :func:`value_of` gets the same value from a corpus: a field of a letter
(``("L", id, field)``, through :class:`TracedLetter`), a whole letter (``("W", id)``,
:meth:`site.Corpus.letter`), an editorial, an index entry (``by_id``, ``topics``,
``entities``, ``mentions``, ``letter_entities``), a reference's resolution, a commitment
item, a letter's suggestions, ``today``. The proxy has nothing else: a view that starts
reading something new fails loudly instead of going unnoticed. With the same code and
templates (the memo's key) and the same value for every key read, a unit takes the same
path and makes the same pages (the dynamic dependency trace of a build system, as
:mod:`generator.memo` does for the suggestions). So the next build compares each key's
digest with the one of the build before and keeps every unit none of whose keys
changed; its pages stay in the docs folder as they are (when they still have the size
and modification time they were left with; else the unit runs again).

A key's digest is computed once per build. A letter's field, whole letter or editorial
is a function of its stored data alone: while that has the same digest (see
:attr:`PageMemo.versions`) the previous digest is carried over, and a whole letter's
digest is that of its data. The memo lives in the build state folder; missing, unreadable
or from other code or templates, it is not used and every unit runs.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar, cast

from .atomic import write_atomic
from .heap import long_lived
from .incremental import code_fingerprint
from .site import CommitmentItem, Corpus, Resolution

T = TypeVar("T")
MEMO_FILE = "pages.pickle"
MEMO_VERSION = 3
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MISSING = ("<missing>",)
MISSING_DIGEST = b"<missing>"
Key = tuple[Any, ...]
UnitKey = tuple[str, tuple[Any, ...]]
Pages = dict[str, str]
Unit = Callable[..., Pages]
LETTER_KEYS = frozenset({"L", "E", "W"})  # keys whose value is a function of one letter's file


def digest(value: object) -> bytes:
    """A digest of ``value``'s pickle without the memo (equal values, shared or not, give
    the same bytes)."""
    _BUFFER.seek(0)
    _BUFFER.truncate()
    _PICKLER.dump(value)
    return hashlib.blake2b(_BUFFER.getvalue(), digest_size=16).digest()


def fingerprint(value: object) -> Any:
    """What tells ``value`` apart from another value of a key: a reference's resolution,
    a string, a number, a truth value, None or a tuple of strings as itself (with its
    type: ``1 == True``), anything else as its :func:`digest`."""
    kind = type(value)
    if kind is Resolution:
        resolution = cast(Resolution, value)
        return (_RESOLUTION, resolution.letter_id, resolution.url, resolution.inferred)
    if value is None or kind in _PLAIN:
        return (kind.__name__, value)
    if kind is tuple and all(type(x) is str for x in cast(tuple[object, ...], value)):
        return ("tuple", value)
    return digest(value)


_RESOLUTION = "Resolution"
_PLAIN = frozenset({str, int, bool})
_BUFFER = io.BytesIO()
_PICKLER = pickle.Pickler(_BUFFER, protocol=5)  # one for all digests: a third of the time
_PICKLER.fast = True


_ITEM_FIELDS = tuple(f.name for f in fields(CommitmentItem) if f.name != "letter")
_MAPS: dict[str, Callable[[Corpus], Mapping[str, Any]]] = {
    "B": lambda c: c.by_id,
    "N": lambda c: c.entities,
    "T": lambda c: c.topics,
    "M": lambda c: c.mentions,
    "LE": lambda c: c.letter_entities,
}


def value_of(corpus: Corpus, key: Key) -> object:
    """The value that the traced read ``key`` gives on ``corpus``."""
    tag = key[0]
    if tag == "L":
        letter = corpus.by_id.get(key[1])
        return MISSING if letter is None else getattr(letter, key[2])
    if tag == "W":
        return corpus.by_id.get(key[1], MISSING)
    if tag == "E":
        return corpus.editorial_of(key[1])
    if tag == "CI":  # a commitment item but its letter (a TracedLetter's reads)
        item = corpus.commitments_of(key[1]).get(key[2])
        return MISSING if item is None else {f: getattr(item, f) for f in _ITEM_FIELDS}
    if tag == "CO":
        return tuple(corpus.commitments_of(key[1]))
    if tag == "C":
        return tuple((i.letter.id, i.commitment.id) for i in corpus.commitments)
    if tag == "letters":
        return tuple(x.id for x in corpus.letters)
    if tag == "R":
        return corpus.resolve(key[1], key[2], key[3])
    if tag == "S":
        return corpus.suggestions_of(key[1])
    if tag == "today":
        return corpus.today
    data = _MAPS[tag](corpus)
    if len(key) == 1:  # the whole index
        return tuple(data) if tag == "B" else tuple(data.items())
    if tag == "B":
        return key[1] in data
    return data.get(key[1], MISSING)


class Tracer:
    """Reads the corpus for the unit running now and notes each read, in order (one per
    build: the proxies it hands out are made once and note into :attr:`reads`)."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.reads: dict[Key, None] = {}
        self._values: dict[Key, Any] = {}
        self._letters: dict[str, TracedLetter] = {}
        self._items: dict[tuple[str, str], TracedItem] = {}
        self._by_letter: dict[str, dict[str, TracedItem]] = {}

    def start(self) -> None:
        """A unit starts: no reads yet (the proxies note into :attr:`reads`)."""
        self.reads = {}

    def read(self, key: Key) -> Any:
        self.reads[key] = None
        return self.value(key)

    def value(self, key: Key) -> Any:
        """What reading ``key`` gives (not noted)."""
        try:
            return self._values[key]
        except KeyError:
            value = self._values[key] = value_of(self.corpus, key)
            return value

    def letter(self, letter_id: str) -> TracedLetter:
        found = self._letters.get(letter_id)
        if found is None:
            found = self._letters[letter_id] = TracedLetter(self, letter_id)
        return found

    def items_of(self, letter_id: str, ids: tuple[str, ...]) -> dict[str, TracedItem]:
        """A letter's commitment items by id (one dict per build: read only)."""
        found = self._by_letter.get(letter_id)
        if found is None:
            found = {cid: self.item(letter_id, cid) for cid in ids}
            self._by_letter[letter_id] = found
        return found

    def item(self, letter_id: str, commitment_id: str) -> TracedItem:
        found = self._items.get((letter_id, commitment_id))
        if found is None:
            found = TracedItem(self, letter_id, commitment_id)
            self._items[(letter_id, commitment_id)] = found
        return found


class TracedLetter:
    """A letter whose field reads are noted (``id`` is what the letter was found by)."""

    __slots__ = ("_letter", "_tracer", "id")

    def __init__(self, tracer: Tracer, letter_id: str) -> None:
        self._tracer = tracer
        self._letter = tracer.corpus.by_id[letter_id]  # what value_of reads: the same
        self.id = letter_id

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        self._tracer.reads[("L", self.id, name)] = None
        return getattr(self._letter, name)


class TracedItem:
    """A commitment item (:class:`site.CommitmentItem`) whose field reads are noted."""

    __slots__ = ("_item", "_key", "_tracer", "letter")

    def __init__(self, tracer: Tracer, letter_id: str, commitment_id: str) -> None:
        self._tracer = tracer
        self._key = ("CI", letter_id, commitment_id)
        # what value_of reads: the same item
        self._item = tracer.corpus.commitments_of(letter_id)[commitment_id]
        self.letter = tracer.letter(letter_id)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name not in _ITEM_FIELDS:
            raise AttributeError(name)
        self._tracer.reads[self._key] = None
        return getattr(self._item, name)


class TracedMap(Mapping[str, Any]):
    """An index of the corpus: a lookup notes that key, iterating notes the whole index."""

    def __init__(self, tracer: Tracer, tag: str) -> None:
        self._tracer = tracer
        self._tag = tag

    def __getitem__(self, key: str) -> Any:
        if self._tag == "B":
            if not self._tracer.read(("B", key)):
                raise KeyError(key)
            return self._tracer.letter(key)
        value = self._tracer.read((self._tag, key))
        if value is MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):  # the indexes' keys are strings
            return False
        value = self._tracer.read((self._tag, key))
        return bool(value) if self._tag == "B" else value is not MISSING

    def __iter__(self) -> Iterator[str]:
        whole = self._tracer.read((self._tag,))
        return iter(whole if self._tag == "B" else [k for k, _ in whole])

    def __len__(self) -> int:
        return len(self._tracer.read((self._tag,)))


class TracedCorpus:
    """What the views may read of a :class:`site.Corpus`, every read noted."""

    def __init__(self, tracer: Tracer) -> None:
        self._tracer = tracer
        self.by_id = TracedMap(tracer, "B")
        self.entities = TracedMap(tracer, "N")
        self.topics = TracedMap(tracer, "T")
        self.mentions = TracedMap(tracer, "M")
        self.letter_entities = TracedMap(tracer, "LE")
        self.memo: dict[tuple[str, str], Any] = {}  # this unit's own: its reads are noted

    @property
    def letters(self) -> tuple[TracedLetter, ...]:
        ids = self._tracer.read(("letters",))
        return tuple(self._tracer.letter(x) for x in ids)

    @property
    def commitments(self) -> tuple[TracedItem, ...]:
        pairs = self._tracer.read(("C",))
        return tuple(self._tracer.item(lid, cid) for lid, cid in pairs)

    @property
    def today(self) -> Any:
        return self._tracer.read(("today",))

    def suggestions_of(self, letter_id: str) -> Any:
        return self._tracer.read(("S", letter_id))

    def commitments_of(self, letter_id: str) -> dict[str, TracedItem]:
        ids = self._tracer.read(("CO", letter_id))
        return self._tracer.items_of(letter_id, ids)

    def editorial_of(self, letter_id: str) -> Any:
        return self._tracer.read(("E", letter_id))

    def letter(self, letter_id: str) -> Any:
        found = self._tracer.read(("W", letter_id))
        if found is MISSING:
            raise KeyError(letter_id)
        return found

    def resolve(self, ref_id: str, url: str | None, citing: str) -> Any:
        return self._tracer.read(("R", ref_id, url, citing))


@dataclass(frozen=True)
class Trace:
    reads: tuple[Key, ...]
    pages: tuple[tuple[str, int, int], ...]  # path, size, modification time (ns)
    value: Any = None  # the result of a unit that makes a value (:meth:`PageMemo.value`)


@dataclass(frozen=True)
class Run:
    """A unit run with its trace: picklable, so letter pages can be made in a fork."""

    key: UnitKey
    pages: Pages
    reads: tuple[Key, ...]
    value: Any = None


def unit_key(fn: Callable[..., Any], args: tuple[Any, ...]) -> UnitKey:
    return (f"{fn.__module__}.{fn.__qualname__}", args)


def _version(data: object, source: bytes | None) -> bytes:
    """A letter's version: the digest of its file's text when known, else of its data
    (told apart by their first byte: one is never taken for the other)."""
    return b"F" + source if source is not None else b"D" + digest(data)


def memo_fingerprint() -> str:
    """The generator's code (and Python, library versions) and the templates."""
    digest_ = hashlib.sha256(code_fingerprint().encode())
    for path in sorted(TEMPLATES.rglob("*")):
        if path.is_file():
            digest_.update(path.relative_to(TEMPLATES).as_posix().encode() + b"\0")
            digest_.update(hashlib.sha256(path.read_bytes()).digest())
    return digest_.hexdigest()


class PageMemo:
    """The units' traces in the state folder, for pages written into ``docs``.

    Kept with the traces: the digest of every key they read, as of the build that wrote
    them (a trace kept is one whose keys all had those digests then). A unit stands when
    none of its keys is in :attr:`changed`: the keys whose digest is not the same now.
    """

    def __init__(
        self,
        corpus: Corpus,
        folder: Path,
        docs: Path,
        reuse: bool = True,
        sources: Mapping[str, bytes] | None = None,
    ) -> None:
        """``sources``: letter file name -> digest of the text its data was parsed from
        (the same text, the same data: not pickled again to know)."""
        self.corpus = corpus
        self.tracer = Tracer(corpus)
        self.path = folder / MEMO_FILE
        self.docs = docs
        self.key = memo_fingerprint()
        known = sources or {}
        self.versions = {
            f.stored.id: _version(f.data, known.get(f.path.name)) for f in corpus.files
        }
        self.traces: dict[UnitKey, Trace] = {}
        self.digests: dict[Key, Any] = {}  # this build's, by key
        self.changed: set[Key] = set()  # keys read by a trace whose digest is not the same
        self.kept: set[str] = set()  # docs paths of the kept pages
        self.runs: list[Run] = []  # the units run in this build
        self.new: dict[UnitKey, Trace] = {}  # traces of the kept units
        if reuse:
            self._load()

    def _load(self) -> None:
        try:
            with self.path.open("rb") as f, long_lived():
                version, key, versions, digests, traces = pickle.load(f)  # our own output
            read: set[Key] = set()
            for trace in traces.values():
                read.update(trace.reads)
            if version != MEMO_VERSION or key != self.key or not read <= digests.keys():
                return
        except Exception:  # missing or corrupt: every unit runs
            return
        self.traces = traces
        same = {x for x, v in self.versions.items() if versions.get(x) == v}
        for k, d in digests.items():
            if k[0] in LETTER_KEYS and k[1] in same:  # a letter's value, the same with its data
                self.digests[k] = d
            elif self.digest_of(k) != d:
                self.changed.add(k)

    def digest_of(self, key: Key) -> Any:
        found = self.digests.get(key)
        if found is None:
            if key[0] == "W":  # a whole letter: made from its stored data alone
                found = self.versions.get(key[1], MISSING_DIGEST)
            else:
                found = fingerprint(self.tracer.value(key))
            self.digests[key] = found
        return found

    def keep(self, fn: Unit, args: tuple[Any, ...]) -> bool:
        """Whether the unit's pages of the previous build stand (noted as kept)."""
        key = unit_key(fn, args)
        trace = self.traces.get(key)
        if trace is None or not self.changed.isdisjoint(trace.reads):
            return False
        for path, size, mtime in trace.pages:
            try:
                st = os.stat(self.docs / path, follow_symlinks=False)
            except OSError:
                return False
            if (st.st_size, st.st_mtime_ns) != (size, mtime):
                return False
        self.kept.update(p for p, _, _ in trace.pages)
        self.new[key] = trace
        return True

    def compute(self, fn: Unit, args: tuple[Any, ...]) -> Run:
        """Run the unit on the traced corpus."""
        return self._run(fn, args, value=False)

    def value(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        """``fn(corpus, *args)`` (small, picklable), kept as the units' pages are."""
        key = unit_key(fn, args)
        trace = self.traces.get(key)
        if trace is not None and self.changed.isdisjoint(trace.reads):
            self.new[key] = trace
            found: T = trace.value
            return found
        run = self._run(fn, args, value=True)
        self.add(run)
        value: T = run.value
        return value

    def _run(self, fn: Callable[..., Any], args: tuple[Any, ...], value: bool) -> Run:
        tracer = self.tracer
        tracer.start()
        result = fn(cast(Corpus, TracedCorpus(tracer)), *args)
        reads = tuple(tracer.reads)
        if value:
            return Run(unit_key(fn, args), {}, reads, result)
        return Run(unit_key(fn, args), result, reads)

    def add(self, run: Run) -> Pages:
        """A run's pages, its trace kept for :meth:`save` (runs made in a fork too)."""
        self.runs.append(run)
        return run.pages

    def save(self, later: list[Callable[[], None]] | None = None) -> None:
        """Write the traces, with the pages' sizes and times in the docs folder now, and
        the digest of every key they read (``later``: what is to be written is worked out
        now, the writing appended to it for the caller to do)."""
        traces = dict(self.new)
        same: dict[Key, Key] = {}  # one object per key: the file says each once
        for trace in traces.values():
            same.update(zip(trace.reads, trace.reads, strict=True))
        for run in self.runs:
            stats = []
            for path in run.pages:
                st = os.stat(self.docs / path, follow_symlinks=False)
                stats.append((path, st.st_size, st.st_mtime_ns))
            reads = tuple(same.setdefault(k, k) for k in run.reads)
            traces[run.key] = Trace(reads, tuple(stats), run.value)
        digests = {k: self.digest_of(k) for k in same}  # this build's values
        data = (MEMO_VERSION, self.key, self.versions, digests, traces)
        target = self.path

        def write() -> None:
            write_atomic(target, pickle.dumps(data, protocol=5))

        if later is None:
            write()
        else:
            later.append(write)
