"""Typed model of a policy letter.

Glossary (Dutch domain words used in identifiers and YAML keys):

- *brief*: a letter from a minister to the Tweede Kamer (House of Representatives).
- *Kamerstuk*: a numbered parliamentary paper, ``dossier`` (e.g. 29 861) + ``nr.`` (e.g. 129).
  Its officielebekendmakingen id is ``kst-<dossier>-<number>``.
- *dossier*: the parliamentary file (a number with a title, e.g. 29 861 Arbeidsmigratie).
- *Kamervragen*: written questions by members; the answer letter is "antwoord-kamervragen".
- *aanbeveling*: a recommendation of an advisory report.
- *appreciatie*: the cabinet's response to a recommendation; its gist is a :class:`Stance`.
- *toezegging*: a commitment, something the government says it will do or send, by when.
- *motie*: a motion adopted by the House (e.g. motie-Bikker, kst-29861-129).
- *kenmerk* / *onze referentie*: the ministry's reference number of a letter.
- *betreft*: the subject line, used as the letter's title.

Every extracted item carries a :class:`Span` of 1-based, inclusive source line numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

SCHEMA_VERSION = 1


class LetterKind(StrEnum):
    ANSWERS = "antwoord-kamervragen"
    CABINET_RESPONSE = "kabinetsreactie"
    POLICY_RESPONSE = "beleidsreactie"
    LETTER = "kamerbrief"


class Stance(StrEnum):
    AGREES = "agrees"
    PARTLY = "partly"
    REJECTS = "rejects"
    STUDYING = "studying"
    NOTED = "noted"


STANCE_LABELS_NL = {
    Stance.AGREES: "overgenomen",
    Stance.PARTLY: "deels overgenomen",
    Stance.REJECTS: "niet overgenomen",
    Stance.STUDYING: "in onderzoek",
    Stance.NOTED: "kennisgenomen",
}


@dataclass(frozen=True, order=True)
class Span:
    """Source lines ``start``..``end`` (1-based, inclusive) of the ingested source file."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 1 or self.end < self.start:
            raise ValueError(f"invalid span {self.start}-{self.end}")

    def union(self, other: Span) -> Span:
        return Span(min(self.start, other.start), max(self.end, other.end))

    def lines(self) -> range:
        return range(self.start, self.end + 1)


@dataclass(frozen=True)
class SourceInfo:
    file: str  # file name as ingested, e.g. 003_b89cb9a7f561639d.txt
    sha256: str
    format: str  # text, pdf, docx, xml, html
    flavour: str  # pdf-text, word-export, markdown, plain, ...
    copy: str  # path of the kept copy, relative to the content folder
    lines: int


@dataclass(frozen=True)
class Kamerstuk:
    dossier: str | None  # digits only, e.g. "30573"; None when the letter does not say
    number: str | None  # "222"; None for a dossier without number
    other_dossiers: tuple[str, ...] = ()
    span: Span | None = None

    @property
    def id(self) -> str | None:
        if self.dossier and self.number:
            return f"kst-{self.dossier}-{self.number}"
        return None


@dataclass(frozen=True)
class Signatory:
    name: str
    function: str | None = None
    on_behalf_of: tuple[str, ...] = ()  # "mede namens ..."
    span: Span | None = None


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str
    span: Span
    cited_in: tuple[str, ...] = ()  # ids of the paragraphs/answers that carry the marker


@dataclass(frozen=True)
class Paragraph:
    id: str  # "p12": stable within the letter
    text: str  # running text; footnote markers as [^N]
    span: Span


@dataclass(frozen=True)
class Section:
    id: str
    heading: str | None
    level: int
    span: Span
    paragraphs: tuple[Paragraph, ...] = ()


@dataclass(frozen=True)
class Question:
    number: int
    question: str
    answer: str
    question_span: Span
    answer_span: Span | None
    group: tuple[int, ...] = ()  # all numbers answered together ("Antwoord 3, 4 en 5")
    footnotes: tuple[int, ...] = ()


@dataclass(frozen=True)
class Recommendation:
    id: str  # "r1"
    title: str
    recommendation: str
    appreciatie: str
    stance: Stance | None  # None: unclear, flagged for review
    stance_phrase: str | None  # the words that show the stance
    by: str | None  # advisory body, e.g. Adviesraad Migratie
    report: str | None  # report title
    span: Span
    appreciatie_span: Span | None


@dataclass(frozen=True)
class Commitment:
    id: str  # "c1"
    text: str  # the sentence as written
    due_text: str | None  # the deadline as written, e.g. "voor de zomer 2025"
    due_date: str | None  # ISO date, last day of that period
    span: Span


@dataclass(frozen=True)
class Reference:
    id: str  # kst-29861-129, ecli-eu-c-2020-823, url-..., motie-bikker, ...
    kind: str  # kamerstuk, dossier, ecli, url, motie, report, law
    text: str  # as written in the letter
    span: Span
    url: str | None = None
    footnote: int | None = None


@dataclass(frozen=True)
class EntityMention:
    id: str  # key in content/entities.yml or a pattern-made id
    kind: str  # organisation, law, motion, report, person, dossier
    label: str
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Unplaced:
    text: str
    span: Span
    reason: str


@dataclass(frozen=True)
class ReviewFlag:
    code: str  # e.g. date-missing, stance-unclear, unplaced-text
    message: str
    span: Span | None = None


@dataclass(frozen=True)
class Letter:
    id: str
    source: SourceInfo
    kind: LetterKind
    title: str | None
    date: str | None  # ISO date or None when the letter does not say
    date_received: str | None = None
    date_estimate: str | None = None  # an estimate from content, never presented as fact
    ministry: str | None = None
    addressee: str | None = None
    kenmerk: str | None = None
    kamerstuk: Kamerstuk | None = None
    signatories: tuple[Signatory, ...] = ()
    sections: tuple[Section, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    questions: tuple[Question, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    references: tuple[Reference, ...] = ()
    topics: tuple[str, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    furniture: tuple[Unplaced, ...] = ()  # page headers/footers: dropped with the reason
    unplaced: tuple[Unplaced, ...] = ()
    review: tuple[ReviewFlag, ...] = ()
    metadata_lines: tuple[tuple[str, Span], ...] = ()  # (field, lines) of the letterhead
    editorial: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def effective_date(self) -> str | None:
        """The letter's date, or the date an editor supplied for a letter that has none."""
        value = self.editorial.get("date")
        return self.date or (str(value) if value else None)
