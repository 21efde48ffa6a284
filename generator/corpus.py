"""The content folder as a whole: every letter loaded (gather first), with the links that
only the corpus can tell (a citation ``kst-30573-222`` of a letter that prints only
``Nr. 222``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, GeneratorError, error
from .model import Letter


@dataclass
class Corpus:
    letters: list[Letter] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    inferred_dossier: dict[str, tuple[str, str]] = field(
        default_factory=dict
    )  # id -> (dossier, cited by)

    def by_id(self) -> dict[str, Letter]:
        return {letter.id: letter for letter in self.letters}

    def kamerstuk_index(self) -> dict[str, str]:
        """{kst id: letter id} for the letters whose Kamerstuk is known or inferred."""
        index: dict[str, str] = {}
        for letter in self.letters:
            k = letter.kamerstuk
            if k is None or not k.number:
                continue
            dossier = k.dossier or self.inferred_dossier.get(letter.id, ("", ""))[0]
            if dossier:
                index[f"kst-{dossier}-{k.number}"] = letter.id
        return index


def load_corpus(content: Path) -> Corpus:
    from .store import load_letter_file

    corpus = Corpus()
    seen: dict[str, Path] = {}
    for path in sorted((content / "letters").glob("*.yml")):
        try:
            letter = load_letter_file(path)
        except GeneratorError as exc:
            corpus.diagnostics.append(exc.diagnostic)
            continue
        if letter.id in seen:
            corpus.diagnostics.append(
                error(str(path), 1, f"id '{letter.id}' also used by {seen[letter.id]}")
            )
            continue
        seen[letter.id] = path
        corpus.letters.append(letter)
    return _finish(corpus)


def corpus_of_letters(letters: list[Letter]) -> Corpus:
    """The same corpus from letters already loaded (the site build reads each file once)."""
    return _finish(Corpus(letters=list(letters)))


def _finish(corpus: Corpus) -> Corpus:
    corpus.letters.sort(key=lambda x: (x.effective_date or "9999", x.id))
    corpus.inferred_dossier = infer_dossiers(corpus.letters)
    return corpus


def infer_dossiers(letters: list[Letter]) -> dict[str, tuple[str, str]]:
    """A letter that prints ``Nr. N`` without its dossier is ``kst-D-N`` when exactly one
    citation in the corpus names a paper N that no other letter is, and it is earlier."""
    known = {
        f"kst-{x.kamerstuk.dossier}-{x.kamerstuk.number}"
        for x in letters
        if x.kamerstuk and x.kamerstuk.dossier
    }
    cited: dict[str, list[tuple[str, Letter]]] = {}  # paper number -> (dossier, citing letter)
    for other in letters:
        for ref in other.references:
            parts = ref.id.split("-")
            if ref.kind == "kamerstuk" and len(parts) == 3 and ref.id not in known:
                cited.setdefault(parts[2], []).append((parts[1], other))
    out: dict[str, tuple[str, str]] = {}
    for letter in letters:
        k = letter.kamerstuk
        if k is None or k.dossier or not k.number:
            continue
        candidates: dict[str, str] = {}
        for dossier, other in cited.get(k.number, ()):
            if other.id == letter.id:
                continue
            if not (letter.date and other.date and other.date < letter.date):
                candidates.setdefault(dossier, other.id)
        if len(candidates) == 1:
            dossier, cited_by = next(iter(candidates.items()))
            out[letter.id] = (dossier, cited_by)
    return out
