"""Letterhead and signature: who wrote the letter, when, to whom, in which dossier.

Works on the blocks of the letter's opening (until the first paragraph of running text)
and its closing (the signature). Recognises the forms of Dutch ministry letters
(``Datum`` / ``Betreft`` / ``Onze referentie``), Kamerstukken as printed by the Staten-
Generaal (dossier lines, ``Nr. 1407 BRIEF VAN DE MINISTER VAN …``, ``Den Haag, 20 maart
2026``) and answers to Kamervragen (``Antwoord van minister … (ontvangen 30 oktober 2025)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Kamerstuk, Signatory, Span, Unplaced
from ..sources import Block, BlockKind
from .deadlines import parse_dutch_date as parse_date

BRIEF_RE = re.compile(
    r"^(?:Nr\.\s*(?P<nr>\d+)\s+)?(?P<what>BRIEF|NOTA|MEMORIE)\b.*?\bVAN\s+DE\s+"
    r"(?P<role>MINISTER-PRESIDENT|MINISTERS?|STAATSSECRETARIS(?:SEN)?)\b(?:\s+(?:VAN|VOOR)\s+(?P<dept>.+))?$",
    re.IGNORECASE,
)
NR_RE = re.compile(r"^Nr\.\s*(?P<nr>\d+)\b")
DOSSIER_LINE_RE = re.compile(
    r"^(?P<dossier>\d{2}\s?\d{3})(?:-(?P<sub>[A-Z]{1,3}))?\s+(?P<title>[A-Z].{2,})$"
)
PLACE_DATE_RE = re.compile(
    r"^(?:Den Haag|'s-Gravenhage)\s*,?\s+(?P<date>\d{1,2}\s+\w+\s+\d{4})\s*$"
)
ADDRESSEE_RE = re.compile(
    r"^(?:Aan\s+)?(?P<who>[Dd]e [Vv]oorzitter van de (?:Tweede|Eerste) Kamer(?: der Staten-Generaal)?)"
)
MINISTRY_RE = re.compile(r"^(?P<name>Ministerie van [A-Z][\w ,’'-]+?)\s*$")
_PARLIAMENT_PART = (
    r"(?:(?:Tweede|Eerste) Kamer der Staten-Generaal(?:\s+\d+)?|Vergaderjaar \d{4}\s*[–-]\s*\d{4}"
    r"|Aanhangsel van de Handelingen|Vragen gesteld door de leden der Kamer[^.]*\.?|kst-\d+-[\w-]+"
    r"|ah-tk-\d+-\d+|\d{4}Z\d{5}|\d{1,5}|ISSN \d{4}\s*-\s*\d{4}(?:\s*'s-Gravenhage \d{4})?)"
)
PARLIAMENT_RE = re.compile(rf"^{_PARLIAMENT_PART}(?:\s+{_PARLIAMENT_PART})*\s*$")
ADDRESS_RE = re.compile(
    r"^(?:Postbus \d+|[A-Z][\w.-]+(?:straat|weg|plein|laan|kade) \d+|\d{4}\s?[A-Z]{2}\b)"
)
ANSWER_RE = re.compile(
    r"^Antwoord(?:en)? van (?:de )?(?P<role>minister|staatssecretaris)\s+(?P<name>[A-Z][\w’'. -]*?)\s*"
    r"\((?P<dept>[^)]+)\)\s*(?:,?\s*mede namens (?P<behalf>.+?))?\s*"
    r"\(ontvangen\s+(?P<date>[^)]+)\)",
    re.IGNORECASE,
)
QUESTIONS_BY_RE = re.compile(
    r"^Vragen van (?:het lid|de leden) (?P<who>.+?)\s*\(ingezonden\s+(?P<date>[^)]+)\)",
    re.IGNORECASE,
)
SIGN_FUNCTION_RE = re.compile(
    r"(?P<function>[Dd]e (?:Minister-President|[Mm]inister|[Ss]taatssecretaris)(?: van| voor)? "
    r"(?:(?![Dd]e (?:[Mm]inister|[Ss]taatssecretaris))[^,])+?),"
    r"\s*(?P<name>(?:[A-Z][a-z]?\.\s?)*[A-Z][^,]*?)"
    r"(?=\s+[Dd]e (?:[Mm]inister|[Ss]taatssecretaris)|\s*$)"
)
SIGNATURE_OPENING = (
    r"^(?:Hoogachtend|Met (?:vriendelijke|hoogachtende) groet(?:en)?|Mede namens"
    r"|[Dd]e (?:[Mm]inister|[Ss]taatssecretaris))\b"
)
BEHALF_RE = re.compile(
    r"[Mm]ede namens (?P<who>.+?)(?=\s+(?:De|de) (?:Minister|Staatssecretaris)[^,]*,|$)"
)
BEHALF_BODY_RE = re.compile(
    r"[Mm]ede namens (?P<who>(?:de|het) .+?)(?=\s+(?:bied|geef|stuur|zend|informeer|reageer|wil|"
    r"heb|ga|doe|deel|breng)\w*\b|[,.;]|\s+het startschot)"
)
_SMALL = {"en", "van", "voor", "de", "het", "der", "in", "op"}

LETTERHEAD_LABELS = {"Datum", "Betreft", "Onze referentie", "Ons kenmerk", "Kenmerk", "Referentie"}


@dataclass
class Header:
    title: str | None = None
    date: str | None = None
    date_received: str | None = None
    ministry: str | None = None
    addressee: str | None = None
    kenmerk: str | None = None
    dossiers: list[tuple[str, str, Span]] = field(default_factory=list)  # (dossier, title, span)
    number: str | None = None
    number_span: Span | None = None
    signatories: list[Signatory] = field(default_factory=list)
    answer_line: bool = False
    questions_by: str | None = None
    consumed: set[int] = field(default_factory=set)  # block indexes used by the header
    lines: dict[str, Span] = field(default_factory=dict)  # metadata field -> its lines
    furniture: list[Unplaced] = field(default_factory=list)


def extract_header(blocks: tuple[Block, ...]) -> Header:
    """Read the opening and closing blocks; everything used is listed in ``consumed``."""
    head = Header()
    for i, block in enumerate(blocks):
        if _is_body_start(block) and not _HEADER_RULES_MATCH(block):
            break
        if _read_header_block(head, block):
            head.consumed.add(i)
    _read_anywhere(head, blocks)
    _read_labels(head, blocks)
    _read_signature(head, blocks)
    return head


def _read_anywhere(head: Header, blocks: tuple[Block, ...]) -> None:
    """Lines that belong to the letterhead wherever they stand: in the Aanhangsel van de
    Handelingen the ``Antwoord van minister … (ontvangen …)`` line follows the questions."""
    for i, block in enumerate(blocks):
        if i in head.consumed:
            continue
        for rule, name in ANYWHERE_RULES:
            if rule(head, block.text.strip(), block):
                head.consumed.add(i)
                _note_lines(head, name, block.span)
                break


def _HEADER_RULES_MATCH(block: Block) -> bool:
    return bool(ANSWER_RE.match(block.text) or QUESTIONS_BY_RE.match(block.text))


def _is_body_start(block: Block) -> bool:
    return block.kind in (BlockKind.PARAGRAPH, BlockKind.ITEM) and len(block.text.split()) >= 14


def _read_header_block(head: Header, block: Block) -> bool:
    text = block.text.strip()
    for rule, name in HEADER_RULES:
        if rule(head, text, block):
            if name:
                _note_lines(head, name, block.span)
            return True
    return block.kind is BlockKind.LABEL


def _note_lines(head: Header, name: str, span: Span) -> None:
    head.lines[name] = head.lines[name].union(span) if name in head.lines else span


def _rule_brief(head: Header, text: str, block: Block) -> bool:
    m = BRIEF_RE.match(text)
    if not m:
        m2 = NR_RE.match(text)
        if m2 and len(text) < 120:
            head.number, head.number_span = m2.group("nr"), block.span
            return True
        return False
    if m.group("nr"):
        head.number, head.number_span = m.group("nr"), block.span
    if m.group("dept") and not head.ministry:
        head.ministry = "Ministerie van " + _title_case(m.group("dept"))
    return True


def _rule_dossier(head: Header, text: str, block: Block) -> bool:
    m = DOSSIER_LINE_RE.match(text)
    if not m or head.number is not None or len(text) > 160:
        return False
    head.dossiers.append(
        (m.group("dossier").replace(" ", ""), m.group("title").strip(), block.span)
    )
    return True


def _rule_place_date(head: Header, text: str, block: Block) -> bool:
    m = PLACE_DATE_RE.match(text)
    if not m:
        return False
    head.date = head.date or parse_date(m.group("date"))
    return True


def _rule_addressee(head: Header, text: str, block: Block) -> bool:
    m = ADDRESSEE_RE.match(text)
    if not m:
        return False
    head.addressee = head.addressee or m.group("who")[0].upper() + m.group("who")[1:]
    return True


def _rule_ministry(head: Header, text: str, block: Block) -> bool:
    m = MINISTRY_RE.match(text)
    if not m or len(text) > 90:
        return False
    head.ministry = head.ministry or m.group("name")
    return True


def _rule_parliament(head: Header, text: str, block: Block) -> bool:
    """Kamerstuk letterhead: "Tweede Kamer der Staten-Generaal 2", "Vergaderjaar 2024–2025",
    "Aanhangsel van de Handelingen", the official id line "kst-32847-1407"."""
    if not PARLIAMENT_RE.match(text):
        return False
    head.furniture.append(Unplaced(text, block.span, "Kamerstuk letterhead"))
    return True


def _rule_address(head: Header, text: str, block: Block) -> bool:
    if not ADDRESS_RE.match(text) or len(text) > 90:
        return False
    head.furniture.append(Unplaced(text, block.span, "letterhead address"))
    return True


def _rule_answer(head: Header, text: str, block: Block) -> bool:
    m = ANSWER_RE.match(text)
    if not m:
        return False
    head.answer_line = True
    head.date_received = parse_date(m.group("date"))
    dept = m.group("dept").strip()
    head.ministry = head.ministry or "Ministerie van " + dept
    behalf = _split_people(m.group("behalf")) if m.group("behalf") else []
    function = f"{m.group('role').lower()} van {dept}"
    head.signatories.append(Signatory(m.group("name").strip(), function, tuple(behalf), block.span))
    return True


def _rule_questions_by(head: Header, text: str, block: Block) -> bool:
    m = QUESTIONS_BY_RE.match(text)
    if not m:
        return False
    head.questions_by = m.group("who").strip()
    head.title = head.title or text.split("(ingezonden")[0].strip()
    return True


HEADER_RULES = (
    (_rule_answer, "signatories"),
    (_rule_questions_by, "title"),
    (_rule_brief, "kamerstuk"),
    (_rule_dossier, "kamerstuk"),
    (_rule_place_date, "date"),
    (_rule_addressee, "addressee"),
    (_rule_ministry, "ministry"),
    (_rule_address, None),
    (_rule_parliament, None),
)
ANYWHERE_RULES = (
    (_rule_answer, "signatories"),
    (_rule_questions_by, "title"),
)
LABEL_FIELDS = {
    "Datum": "date",
    "Betreft": "title",
    "Onze referentie": "kenmerk",
    "Ons kenmerk": "kenmerk",
    "Kenmerk": "kenmerk",
    "Referentie": "kenmerk",
}


def _read_labels(head: Header, blocks: tuple[Block, ...]) -> None:
    """The first occurrence of each letterhead label is metadata; repeats are page headers."""
    seen: dict[str, str] = {}
    for i, block in enumerate(blocks):
        if block.kind is not BlockKind.LABEL or block.label is None:
            continue
        head.consumed.add(i)
        key = block.label
        if key in seen and seen[key] == block.text:
            head.furniture.append(
                Unplaced(f"{key} {block.text}", block.span, "repeated page header")
            )
            continue
        if key in seen:
            continue  # a different value: left for the body, flagged there
        seen[key] = block.text
        _apply_label(head, key, block.text)
        _note_lines(head, LABEL_FIELDS.get(key, "letterhead"), block.span)


def _apply_label(head: Header, label: str, value: str) -> None:
    if label == "Datum":
        head.date = head.date or parse_date(value)
    elif label == "Betreft":
        head.title = value.strip() or head.title
    elif label in ("Onze referentie", "Ons kenmerk", "Kenmerk", "Referentie"):
        head.kenmerk = head.kenmerk or value.strip()


def _read_signature(head: Header, blocks: tuple[Block, ...]) -> None:
    """``[Mede namens …] De Minister van …, Name`` in the last blocks of the letter."""
    tail = [i for i in range(max(0, len(blocks) - 5), len(blocks)) if i not in head.consumed]
    start = next((i for i in tail if _opens_signature(blocks[i].text)), None)
    if start is None:
        return
    idx = [i for i in tail if i >= start]
    joined = " ".join(blocks[i].text for i in idx)
    signs = list(SIGN_FUNCTION_RE.finditer(joined))
    if not signs:
        return
    behalf_m = BEHALF_RE.search(joined[: signs[0].start()] + " ")
    behalf = _split_people(behalf_m.group("who")) if behalf_m else []
    span = blocks[idx[0]].span.union(blocks[idx[-1]].span)
    for m in signs:
        head.signatories.append(
            Signatory(m.group("name").strip(), _capital(m.group("function")), tuple(behalf), span)
        )
    head.consumed.update(idx)
    _note_lines(head, "signatories", span)
    if not head.ministry:
        dept = re.sub(
            r"^De (?:Minister|Staatssecretaris)(?: van| voor)? ",
            "",
            _capital(signs[0].group("function")),
            flags=re.IGNORECASE,
        )
        head.ministry = "Ministerie van " + dept.strip()


def _capital(function: str) -> str:
    """ "de minister van X" -> "De Minister van X", as a signature prints it."""
    words = function.strip().split(" ", 2)
    return " ".join([w[:1].upper() + w[1:] for w in words[:2]] + words[2:])


def _opens_signature(text: str) -> bool:
    return bool(re.match(SIGNATURE_OPENING, text)) and len(text) < 260


def _split_people(text: str) -> list[str]:
    parts = re.split(r",\s*(?=de |het )|\s+en\s+(?=de |het )", text.strip().rstrip(",. "))
    return [re.sub(r"^(?:de|het)\s+", "", p.strip()) for p in parts if p.strip()]


def behalf_in_body(text: str) -> list[str]:
    """``Mede namens de Minister van X en de Minister van Y bied ik …`` in an opening paragraph."""
    m = BEHALF_BODY_RE.search(text)
    return _split_people(m.group("who")) if m else []


def _title_case(text: str) -> str:
    words = " ".join(text.split()).lower().split(" ")
    return " ".join(w if w in _SMALL and k else w.capitalize() for k, w in enumerate(words))


def kamerstuk_of(head: Header, footer: list[tuple[str, str]]) -> Kamerstuk | None:
    """The letter's own Kamerstuk from its dossier lines, ``Nr.`` and running footer."""
    dossier = head.dossiers[0][0] if head.dossiers else None
    number = head.number
    if footer and (dossier is None or dossier == footer[0][0]):
        dossier, number = footer[0][0], number or footer[0][1]
    if dossier is None and number is None:
        return None
    spans = [s for *_, s in head.dossiers] + ([head.number_span] if head.number_span else [])
    span = None
    for s in spans:
        span = s if span is None else span.union(s)
    others = tuple(d for d, _, _ in head.dossiers[1:])
    return Kamerstuk(dossier, number, others, span)
