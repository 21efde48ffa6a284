"""References: Kamerstukken, dossiers, ECLI, URLs, motions, reports and laws.

One :class:`Reference` per occurrence, in text order. Parliamentary papers get their
officielebekendmakingen id ``kst-<dossier>-<number>`` whatever notation the letter uses;
a motion gets the id of its Kamerstuk when the sentence cites one (a footnote marker
whose footnote names a Kamerstuk, or a Kamerstuk in parentheses right after it).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Sequence
from dataclasses import replace
from urllib.parse import urlsplit

from ..model import Reference
from . import TextUnit
from .names import NAME_FINDERS, Found, find_motions, without_overlaps
from .text import folded, markers, may_contain, slugify, split_sentences

OB_URL = "https://zoek.officielebekendmakingen.nl"

_YEARS = r"(?:19|20)\d{2}\s*[/–—-]\s*(?:19|20)?\d{2}"
_LEAD = (
    rf"(?:(?:Bijlage\s+bij\s+)?Kamerstuk(?:ken)?(?:\s+I{{1,2}})?(?:\s*,?\s*(?:vergaderjaar\s+)?{_YEARS})?"
    rf"|(?:Tweede|Eerste)\s+Kamer(?:\s+der\s+Staten-Generaal)?\s*,?\s*vergaderjaar\s+{_YEARS})"
)
_DOSSIER = r"(?<![\d.,])\d{2}\s?\d{3}(?![\d.])(?:\s?-\s?(?:[IVXLC]+|[A-Z]{1,2}|\d{1,3})\b)?"
_NUMBERS = r"(?:nrs?\.?|nummers?)\s*(?P<numbers>\d+(?:\s*(?:,|en|&)\s*\d+)*)"
_KAMERSTUK = re.compile(
    rf"(?:(?P<lead>{_LEAD})\s*,?\s*(?P<dossier>{_DOSSIER})(?:\s*,?\s*{_NUMBERS})?"
    rf"|(?P<bare>{_DOSSIER})\s*,?\s*{_NUMBERS.replace('numbers', 'bare_numbers')})"
)
_ECLI = re.compile(
    r"\bECLI:(?P<country>[A-Z]{2}):[A-Z0-9]{1,7}:\d{4}:[A-Z0-9.]{1,25}", re.IGNORECASE
)
_URL = re.compile(r"<?(?P<url>(?:https?://|www\.)[^\s<>\"\]\[|]+)")
_PAREN_AFTER = re.compile(r"\s*\((?P<inner>[^()]{3,120})\)")


def _dossier(text: str) -> str:
    return re.sub(r"\s", "", text)


def kamerstuk_id(dossier: str, number: str | None) -> str:
    """``kamerstuk_id("29 861", "129") -> "kst-29861-129"``; ``kst-36512`` for a dossier."""
    parts = [slugify(_dossier(dossier))] + ([slugify(number)] if number else [])
    return "-".join(["kst", *parts])


def kamerstuk_url(dossier: str, number: str | None) -> str:
    dossier = _dossier(dossier)
    if number:
        return f"{OB_URL}/kst-{dossier}-{number}.html"
    return f"{OB_URL}/dossier/{dossier}"


# Every _KAMERSTUK match holds "Kamer" ("Kamerstuk", "Tweede Kamer"), "nr" or "nummer", and
# a dossier number: a fast pre-test.
_DOSSIER_HINT = re.compile(r"\d\d\s?\d\d\d")


@functools.lru_cache(maxsize=1024)  # footnotes are read for their paper, then for references
def _kamerstuk_matches(text: str) -> tuple[tuple[re.Match[str], str, tuple[str | None, ...]], ...]:
    out: list[tuple[re.Match[str], str, tuple[str | None, ...]]] = []
    if not ("Kamer" in text or "nr" in text or "nummer" in text) or not _DOSSIER_HINT.search(text):
        return ()
    for match in _KAMERSTUK.finditer(text):
        dossier = _dossier(match["dossier"] or match["bare"])
        raw = match["numbers"] or match["bare_numbers"]
        numbers: tuple[str | None, ...] = tuple(re.findall(r"\d+", raw)) if raw else (None,)
        out.append((match, dossier, numbers))
    return tuple(out)


def parse_kamerstuk(text: str) -> list[tuple[str, str | None, str]]:
    """Every Kamerstuk cited in ``text`` as ``(dossier, number or None, matched text)``.

    Knows ``Kamerstukken II 2023/24, 29 861, nr. 129``, ``Kamerstuk 29544 nr. 1112``,
    ``Tweede Kamer, vergaderjaar 2025–2026, 32 847, nr. 1407``, ``29861, nr. 129`` and a
    dossier without number (``Kamerstukken II, vergaderjaar 2023-2024, 36 512``).
    """
    return [
        (dossier, number, match.group(0).strip())
        for match, dossier, numbers in _kamerstuk_matches(text)
        for number in numbers
    ]


def _find_kamerstukken(text: str) -> list[Found]:
    found = []
    for match, dossier, numbers in _kamerstuk_matches(text):
        for number in numbers:
            kind = "kamerstuk" if number else "dossier"
            written = match.group(0).strip().rstrip(",")
            url = kamerstuk_url(dossier, number)
            found.append(
                Found(match.start(), match.end(), kamerstuk_id(dossier, number), kind, written, url)
            )
    return found


def ecli_url(ecli: str) -> str | None:
    country = ecli.split(":")[1].upper()
    if country == "EU":
        return f"https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=ecli:{ecli}"
    if country == "NL":
        return f"https://uitspraken.rechtspraak.nl/details?id={ecli}"
    return None


def _find_eclis(text: str) -> list[Found]:
    found: list[Found] = []
    if ":" not in text or not may_contain(text, folded(text), "ECLI:", True):
        return found
    for match in _ECLI.finditer(text):
        canonical = match.group(0).upper().rstrip(".")
        ecli_id = "ecli-" + slugify(canonical.removeprefix("ECLI:"), max_length=80)
        found.append(
            Found(
                match.start(),
                match.start() + len(canonical),
                ecli_id,
                "ecli",
                match.group(0).rstrip("."),
                ecli_url(canonical),
            )
        )
    return found


def url_id(url: str) -> str:
    """``url-<host slug>-<8 hex of sha1>``: short, stable, from ``[a-z0-9-]``."""
    host = urlsplit(url if "://" in url else "https://" + url).netloc.lower().removeprefix("www.")
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:8]
    return f"url-{slugify(host, max_length=40) or 'link'}-{digest}"


def _find_urls(text: str) -> list[Found]:
    found: list[Found] = []
    if "http" not in text and "www." not in text:  # what _URL needs: a fast pre-test
        return found
    for match in _URL.finditer(text):
        url = re.sub(r"\\+([_*#()\[\]])", r"\1", match["url"]).rstrip(".,;:!?)'’\"”>*\\")
        if url.count("(") < url.count(")"):
            url = url.rstrip(")")
        full = url if "://" in url else "https://" + url
        end = match.start("url") + len(match["url"].rstrip(".,;:!?)'’\"”>*\\"))
        found.append(Found(match.start("url"), end, url_id(full), "url", url, full))
    return found


FINDERS = {"kamerstuk": _find_kamerstukken, "ecli": _find_eclis, "url": _find_urls, **NAME_FINDERS}


def find_references(text: str) -> list[Found]:
    """All reference-like items in ``text``, overlaps resolved, in text order."""
    found = [item for finder in FINDERS.values() for item in finder(text)]
    kept = without_overlaps(found)
    seen_urls: set[str] = set()
    out = []
    for item in kept:  # a link printed twice (markdown, PDF) is one citation
        if item.kind == "url":
            if item.id in seen_urls:
                continue
            seen_urls.add(item.id)
        out.append(item)
    return out


def _footnote_kamerstukken(units: Sequence[TextUnit]) -> dict[int, str]:
    table: dict[int, str] = {}
    for unit in units:
        if unit.footnote is not None:
            papers = [(d, n) for d, n, _ in parse_kamerstuk(unit.text) if n]
            if papers:
                table[unit.footnote] = kamerstuk_id(*papers[0])
    return table


def _motion_paper(text: str, motion: Found, notes: dict[int, str]) -> str | None:
    """The Kamerstuk a motion mention cites: in parentheses right after, or via its footnote."""
    after = _PAREN_AFTER.match(text, motion.end)
    if after:
        papers = [(d, n) for d, n, _ in parse_kamerstuk(after["inner"]) if n]
        if papers:
            return kamerstuk_id(*papers[0])
    for start, end in split_sentences(text):
        if start <= motion.start < end:
            following = markers(text[motion.end : end])
            preceding = markers(text[start : motion.start])[::-1]
            for number in following + preceding:
                if number in notes:
                    return notes[number]
    return None


def _resolve_motions(text: str, found: list[Found], notes: dict[int, str]) -> list[Found]:
    out = []
    for item in found:
        if item.kind == "motie":
            paper = _motion_paper(text, item, notes)
            if paper:
                dossier, number = paper.split("-")[1], paper.split("-")[-1]
                item = replace(item, id=paper, url=kamerstuk_url(dossier, number))
        out.append(item)
    return out


def extract_references(units: Sequence[TextUnit]) -> list[Reference]:
    """One reference per occurrence, in text order; ``footnote`` set for footnote texts."""
    notes = _footnote_kamerstukken(units)
    references = []
    for unit in units:
        found = _resolve_motions(unit.text, find_references(unit.text), notes)
        for item in found:
            references.append(
                Reference(item.id, item.kind, item.text, unit.span, item.url, unit.footnote)
            )
    return references


__all__ = [
    "extract_references",
    "find_motions",
    "find_references",
    "kamerstuk_id",
    "kamerstuk_url",
    "parse_kamerstuk",
    "url_id",
]
