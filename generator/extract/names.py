"""Named things in running text: motions, reports and laws.

Shared by :mod:`references` (one reference per occurrence) and :mod:`entities`
(pattern-made entities). Each finder returns :class:`Found` items with offsets.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .text import slugify


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    id: str
    kind: str
    text: str  # as written
    url: str | None = None
    name: str = ""  # the bare name (motion members, report or law title)


_PARTICLE = r"(?:van|de|der|den|het|ten|ter|te|in|op|'t|’t)"
_CAP = r"[A-Z][\w'’-]*"
_PERSON = rf"{_CAP}(?:\s+(?:{_PARTICLE}\s+)*{_CAP})*"
_PARTY = r"(?:\s*\([A-Za-z0-9&\-]{2,15}\))?"
_NAMES = rf"{_PERSON}{_PARTY}(?:\s*(?:,|\ben\b)\s*{_PERSON}{_PARTY})*(?:\s+c\.s\.?)?"
_MOTION = re.compile(
    rf"\b[Mm]otie(?:-|\s+(?:van\s+(?:het\s+lid|de\s+leden)\s+)?)(?P<names>{_NAMES})"
)

_OPEN, _CLOSE = "'‘\"“«", "'’\"”»"
_QUOTED = rf"[{_OPEN}](?P<title>[A-Za-z][^\n]{{2,150}}?)[{_CLOSE}](?![a-z])"
_REPORT_WORD = r"(?:advies|adviesrapport|rapport|eindrapport|onderzoek|onderzoeksrapport|evaluatie)"
_REPORT_QUOTED = re.compile(
    rf"\b{_REPORT_WORD}\s+(?:van\s+(?:de|het)\s+[\w ]{{2,40}}?\s+)?\*?{_QUOTED}"
)
_REPORT_CAPS = re.compile(rf"\b{_REPORT_WORD}\s+\*?(?P<title>{_CAP}(?:\s+{_CAP}){{1,6}})\*?")
# "Adviesraad Migratie, 'Geen derderangsburgers ...', 13 maart 2024" (footnote style)
# Periodic reports: "Staat van de Volkshuisvesting 2024", "Jaarrapportage Arbeidsmigranten 2024"
_REPORT_SERIES = re.compile(
    r"\b(?P<title>(?:Staat\s+van\s+(?:de\s+|het\s+)?[A-Z][\w-]+|(?:Jaarrapportage|Jaarverslag)\s+[A-Za-z][\w-]+)"
    r"(?:\s+(?:19|20)\d{2})?)"
)
_REPORT_CITED = re.compile(rf"{_QUOTED},\s+(?:\d{{1,2}}\s+)?[a-z]+\s+(?:19|20)\d{{2}}")

_STOP = (
    "is|zijn|was|waren|wordt|worden|werd|kan|kunnen|moet|moeten|zal|zullen|heeft|hebben|"
    "die|dat|waarin|waarmee|waarbij|bij|in|te|om|voor|aan|met|naar|door|als|tot|op|over|"
    "dit|deze|de|het|een|en|of|ook|nog|al|niet|wel|daarmee|hierin|sinds|per|vanaf|uit|"
    "leiden|leidt|bevat|bevatten|regelt|regelen|vergroot|geeft|maakt|zorgt|beoogt|wijzigt|"
    "treedt|ligt|komt|gaat|biedt|voorziet|verbetert|versterkt|scherpt"
)
_LAW_WORD = rf"(?!(?:{_STOP})\b)[a-zà-ÿ][\w'’-]*"
_ABBR = r"\s*\((?P<abbr>[A-Z][A-Za-z]{1,9})\)"
_LAW_NAMED = re.compile(
    rf"\b(?P<name>Wet(?:\s+(?:van\s+|op\s+de\s+|op\s+het\s+|inzake\s+)?{_LAW_WORD}){{1,8}}(?:\s+(?:19|20)\d{{2}})?)(?:{_ABBR})?"
)
_LAW_CODE = re.compile(r"\b(?P<name>Wetboek\s+van\s+(?:[A-Z]\w+\s+)?[A-Z]?\w+)")
_LAW_COMPOUND = re.compile(
    rf"\b(?P<name>[A-Z][a-z]{{3,}}wet(?:\s+(?:19|20)\d{{2}})?)\b(?:{_ABBR})?"
)
_BILL_QUOTED = re.compile(
    rf"\b[Ww]etsvoorstel\s+[{_OPEN}](?P<name>[A-Za-z][^,;\n]{{2,100}}?)[{_CLOSE}](?![a-z])"
)
_BILL = re.compile(
    rf"\b[Ww]etsvoorstel\s+[{_OPEN}]?(?P<name>(?!(?i:{_STOP})\b)[A-Za-z][\w'’-]*(?:\s+{_LAW_WORD}){{1,7}})(?:{_ABBR})?"
)


def _names_slug(names: str) -> str:
    names = re.sub(r"\([^)]*\)|\bc\.s\.?", " ", names)
    return slugify(re.sub(r"\ben\b|,", " ", names))


def _starts(text: str, literals: tuple[str, ...], back: int = 0) -> list[int]:
    """The positions ``back`` characters before each occurrence of each literal, ascending."""
    found: list[int] = []
    for literal in literals:
        pos = text.find(literal)
        while pos >= 0:
            if pos >= back:
                found.append(pos - back)
            pos = text.find(literal, pos + 1)
    return sorted(set(found)) if len(literals) > 1 and found else found  # one: ascending


def finditer_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose every match starts at one of
    ``starts`` (ascending): the same matches, with the pattern tried only there
    (``match`` at a position sees the text before it, as ``\\b`` and lookbehinds need)."""
    end = 0
    for start in starts:
        if start >= end and (match := pattern.match(text, start)):
            yield match
            end = max(match.end(), start + 1)


def find_motions(text: str) -> list[Found]:
    """``motie-Bikker``, ``motie Paternotte c.s.``, ``motie van de leden X (CDA) en Y (NSC)``."""
    return list(_motions(text))


@functools.lru_cache(maxsize=1024)  # references and entities both ask, unit by unit
def _motions(text: str) -> tuple[Found, ...]:
    found: list[Found] = []
    for match in finditer_at(_MOTION, text, _starts(text, ("otie",), 1)):  # [Mm]otie
        names = match["names"].rstrip()
        slug = _names_slug(names)
        if not slug:
            continue
        end = match.start("names") + len(names)
        found.append(
            Found(
                match.start(), end, f"motie-{slug}", "motie", text[match.start() : end], None, names
            )
        )
    return tuple(found)


# Each report pattern with the literals its matches start with, and what else a text needs
# for it to match (a fast pre-test).
_REPORT_STARTS = ("advies", "rapport", "eindrapport", "onderzoek", "evaluatie")
_YEAR_HINT = re.compile(r"(?:19|20)\d")
_REPORT_PATTERNS: tuple[tuple[re.Pattern[str], tuple[str, ...], re.Pattern[str] | None], ...] = (
    (_REPORT_QUOTED, _REPORT_STARTS, None),
    (_REPORT_CAPS, _REPORT_STARTS, None),
    (_REPORT_CITED, tuple(_OPEN), _YEAR_HINT),
    (_REPORT_SERIES, ("Staat", "Jaarrapportage", "Jaarverslag"), None),
)


def _report_title(title: str) -> str:
    """The main title: the part before a subtitle (". " or ": ")."""
    return re.split(r"[.:]\s", title.strip(" *"), maxsplit=1)[0].strip(" .*")


def find_reports(text: str) -> list[Found]:
    """Named reports: ``rapport Gematigde Groei``, ``advies 'Geen Tweederangsburgers'``."""
    found = []
    starts: dict[tuple[str, ...], list[int]] = {}  # two patterns start at the same words
    for pattern, literals, hint in _REPORT_PATTERNS:
        if literals not in starts:
            starts[literals] = _starts(text, literals)
        if not starts[literals] or (hint is not None and not hint.search(text)):
            continue
        for match in finditer_at(pattern, text, starts[literals]):
            title = _report_title(match["title"])
            slug = slugify(title)
            if len(title.split()) < 2 or not slug:
                continue
            start, end = match.start("title"), match.end("title")
            if pattern in (_REPORT_QUOTED, _REPORT_CITED):
                start, end = start - 1, end + 1  # keep the quotes
            found.append(
                Found(start, end, f"report-{slug}", "report", text[start:end], None, title)
            )
    return found


def _law(match: re.Match[str], prefix: str = "") -> Found | None:
    name = match["name"].strip(" '’\"”")
    slug = slugify(prefix + name)
    if not slug:
        return None
    return Found(
        match.start(), match.end(), f"law-{slug}", "law", match.group(0).strip(), None, name
    )


def find_laws(text: str) -> list[Found]:
    """Laws and bills by pattern.

    ``Wet arbeid vreemdelingen (Wav)``, ``Huisvestingswet 2014``,
    ``wetsvoorstel 'Meer zekerheid flexwerkers'``.
    """
    return list(_laws(text))


# Each law pattern with the literal its matches start with, that many characters on.
_LAW_PATTERNS: tuple[tuple[re.Pattern[str], str | None, int], ...] = (
    (_LAW_NAMED, "Wet", 0),
    (_LAW_CODE, "Wetboek", 0),
    (_LAW_COMPOUND, None, 0),  # a capital, 3+ letters, "wet": see _compound_starts
    (_BILL_QUOTED, "etsvoorstel", 1),  # [Ww]etsvoorstel
    (_BILL, "etsvoorstel", 1),
)


def _compound_starts(text: str) -> list[int]:
    """Where a :data:`_LAW_COMPOUND` match can start: at the capital before a run of
    ASCII lower-case letters that holds "wet" three or more letters in."""
    found: set[int] = set()
    pos = text.find("wet")
    while pos >= 0:
        start = pos
        while start > 0 and "a" <= text[start - 1] <= "z":
            start -= 1
        if pos - start >= 3 and start > 0 and "A" <= text[start - 1] <= "Z":
            found.add(start - 1)
        pos = text.find("wet", pos + 1)
    return sorted(found)


@functools.lru_cache(maxsize=1024)  # references and entities both ask, unit by unit
def _laws(text: str) -> tuple[Found, ...]:
    found = []
    starts: dict[str | None, list[int]] = {}  # the two bill patterns start at one word
    for pattern, literal, back in _LAW_PATTERNS:
        if literal not in starts:
            starts[literal] = (
                _compound_starts(text) if literal is None else _starts(text, (literal,), back)
            )
        for match in finditer_at(pattern, text, starts[literal]):
            law = _law(match)
            if law is not None:
                found.append(law)
    return tuple(found)


def _sibling(item: Found, other: Found) -> bool:
    """Two items from one match ("nrs. 12 en 13")."""
    same_span = (item.start, item.end) == (other.start, other.end)
    return same_span and item.kind == other.kind and item.id != other.id


def without_overlaps(found: list[Found]) -> list[Found]:
    """Keep, in text order, the earliest and then longest of overlapping items."""
    kept: list[Found] = []
    for item in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if kept and item.start < kept[-1].end and not _sibling(item, kept[-1]):
            continue
        kept.append(item)
    return kept


Finder = Callable[[str], list[Found]]
NAME_FINDERS: dict[str, Finder] = {"motie": find_motions, "report": find_reports, "law": find_laws}
