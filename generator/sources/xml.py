"""Reader for the official XML of officielebekendmakingen.nl.

Kamerstukken (``kamerstuk``: ``dossier/dossiernummer``, ``stuk/stuknr/ondernummer``,
``divisie/kop/titel``, ``tussenkop``, ``al``, ``noot``, ``extref``, ``ondertekening``) and
Kamervragen (``kamervragen``/``officiele-publicatie``: ``vraag``/``antwoord`` with ``nr`` or
a first ``al`` "Vraag 1"), plus the fields of a ``metadata.xml`` when one is given.
Parsed with defusedxml: a DTD that declares entities, or any external reference, is refused
before anything is expanded or fetched. Elements the reader does not know are read as
paragraphs when they hold text: nothing is dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..dates import MONTHS_NL
from ..diagnostics import UnreadableSource
from ..extract.deadlines import parse_dutch_date as parse_date
from . import BlockKind, SourceDoc
from .assemble import Piece, assemble
from .tree import Notes, inline_text, local, marker

QA_HEADING_RE = re.compile(
    r"^(?:Vra(?:ag|gen)|Antwoord(?:en)?)(?:\s+(?:op\s+)?(?:vragen?\s+)?[\d][\d\s,en/tm&–-]*)?\s*[.:]?$",
    re.IGNORECASE,
)
LETTER_ROOTS = {"kamerstuk", "kamervragen", "officiele-publicatie", "aanhangsel", "handelingen"}
SKIP = {"meta", "metadata", "kamerstukkop", "kamervraagnummer", "nootref", "noot"}


@dataclass
class _Walk:
    notes: Notes = field(default_factory=Notes)
    pieces: list[Piece] = field(default_factory=list)
    depth: int = 0
    dated: bool = False
    numbered: bool = False


def parse_xml(name: str, raw: bytes) -> Element:
    """Parse untrusted XML: no entity expansion, no DTD fetching, no network."""
    try:
        root: Element = fromstring(
            raw, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as exc:
        raise UnreadableSource(name, f"XML refused: {_refusal(exc)}") from None
    except (ParseError, ValueError, LookupError) as exc:  # LookupError: unknown encoding
        raise UnreadableSource(name, f"broken XML: {exc}") from None
    return root


def _refusal(exc: DefusedXmlException) -> str:
    """Why untrusted XML was refused, in words (entities are never expanded or fetched)."""
    entity = getattr(exc, "name", None)
    outside = getattr(exc, "sysid", None)
    if entity and outside:
        return f"entity {entity!r} would read {outside}; outside files are never read"
    if entity:
        return f"it declares entity {entity!r}; entities are never expanded"
    if outside:
        return f"it refers to {outside}; outside files are never read"
    return f"{type(exc).__name__}"


def read_xml(name: str, raw: bytes, metadata: bytes | None = None) -> SourceDoc:
    """Read a Kamerstuk or Kamervragen XML (with its metadata.xml, if given)."""
    root = parse_xml(name, raw)
    kind = local(root)
    if kind in ("metadata", "metadata_gegevens", "owms-metadata"):
        raise UnreadableSource(name, "this is a metadata.xml, not a letter: ingest its document")
    if kind not in LETTER_ROOTS and not any(local(e) == "al" for e in root.iter()):
        raise UnreadableSource(name, f"XML <{kind}> is not an officielebekendmakingen document")
    walk = _Walk()
    _block(root, walk)
    meta = read_metadata(parse_xml(name, metadata)) if metadata else {}
    meta.update(read_metadata(root))
    head, notes = _metadata_pieces(meta, walk)
    pieces = head + walk.pieces + walk.notes.pieces()
    asks = any(local(e) == "vraag" for e in root.iter())
    flavour = "kamervragen" if asks or kind == "kamervragen" else kind
    return assemble(name, "xml", flavour, pieces, notes)


def read_metadata(root: Element) -> dict[str, str]:
    """``<metadata name="DCTERMS.issued" content="2026-03-20"/>`` (also ``<meta>``)."""
    out: dict[str, str] = {}
    for el in root.iter():
        if local(el) in ("metadata", "meta") and el.get("name") and el.get("content"):
            out.setdefault(str(el.get("name")), str(el.get("content")))
    return out


def _metadata_pieces(meta: dict[str, str], walk: _Walk) -> tuple[list[Piece], list[str]]:
    """Facts the document itself does not print: its date, its number."""
    pieces: list[Piece] = []
    notes: list[str] = []
    issued = meta.get("DCTERMS.issued") or meta.get("OVERHEIDop.datumOntvangst")
    if issued and not walk.dated and (date := _dutch_date(issued)):
        pieces.append(Piece(f"Datum {date}", kind=None))
        notes.append(f"date {issued} taken from metadata.xml")
    number = meta.get("OVERHEIDop.ondernummer")
    if number and not walk.numbered:
        dossier = meta.get("OVERHEIDop.dossiernummer", "")
        pieces.append(Piece(f"Nr. {number}", kind=BlockKind.HEADING))
        notes.append(f"Kamerstuk {dossier} nr. {number} taken from metadata.xml")
    return pieces, notes


def _dutch_date(iso: str) -> str | None:
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", iso)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return f"{int(m.group(3))} {MONTHS_NL[int(m.group(2)) - 1]} {m.group(1)}"


# ----------------------------------------------------------------------------- blocks


def _block(el: Element, walk: _Walk) -> None:
    """Dispatch on the element name; unknown elements are walked, their loose text kept."""
    handler = BLOCKS.get(local(el))
    if handler is not None:
        handler(el, walk)
        return
    if local(el) in SKIP:
        return
    if (el.text or "").strip() and not any(local(c) in BLOCKS for c in el):
        _para(el, walk)
        return
    for child in el:
        _block(child, walk)


def _child(el: Element, name: str) -> Element | None:
    return next((c for c in el if local(c) == name), None)


def _text(el: Element, walk: _Walk) -> str:
    return inline_text(el, walk.notes, _inline)


def _para(el: Element, walk: _Walk) -> None:
    text = _text(el, walk)
    if not text:
        return
    if re.search(r"\b(?:Den Haag|'s-Gravenhage)\s*,?\s+\d{1,2}\s+\w+\s+\d{4}\s*$", text):
        walk.dated = True
    if parse_date(text) and len(text) < 40:
        walk.dated = True
    kind = BlockKind.HEADING if QA_HEADING_RE.match(text) else None
    walk.pieces.append(Piece(text, kind=kind))


def _heading(el: Element, walk: _Walk) -> None:
    text = " ".join(_text(c, walk) for c in el) if len(el) and not (el.text or "").strip() else ""
    text = text or _text(el, walk)
    if text:
        walk.pieces.append(Piece(text, kind=BlockKind.HEADING, level=min(2 + walk.depth, 6)))


def _divisie(el: Element, walk: _Walk) -> None:
    walk.depth += 1
    for child in el:
        _block(child, walk)
    walk.depth -= 1


def _dossier(el: Element, walk: _Walk) -> None:
    nr, title = _child(el, "dossiernummer"), _child(el, "titel")
    number = re.sub(r"\D", "", "".join(nr.itertext())) if nr is not None else ""
    spaced = f"{number[:-3]} {number[-3:]}" if len(number) == 5 else number
    text = " ".join(x for x in (spaced, _text(title, walk) if title is not None else "") if x)
    if text:
        walk.pieces.append(Piece(text, kind=BlockKind.HEADING, level=1))


def _stuk(el: Element, walk: _Walk) -> None:
    """``stuknr/ondernummer`` and the stuk's ``titel`` print as ``Nr. 1407 BRIEF VAN …``."""
    nr, title = _child(el, "stuknr"), _child(el, "titel")
    head = []
    if nr is not None:
        head.append(f"Nr. {''.join(nr.itertext()).strip()}")
        walk.numbered = True
    if title is not None:
        head.append(_text(title, walk))
    if head:
        walk.pieces.append(Piece(" ".join(head), kind=BlockKind.HEADING, level=1))
    for child in el:
        if child is not nr and child is not title:
            _block(child, walk)


def _signature(el: Element, walk: _Walk) -> None:
    parts = [_text(c, walk) for c in el] if len(el) else [_text(el, walk)]
    text = " ".join(p for p in parts if p)
    if text:
        walk.pieces.append(Piece(text, kind=BlockKind.PARAGRAPH))


def _list_item(el: Element, walk: _Walk) -> None:
    nr = _child(el, "li.nr")
    rest = [c for c in el if c is not nr]
    texts = [_text(nr, walk)] if nr is not None else []
    texts += [_text(c, walk) for c in rest]
    text = " ".join(t for t in texts if t)
    if text:
        walk.pieces.append(Piece(text, kind=BlockKind.ITEM))


def _publication_head(el: Element, walk: _Walk) -> None:
    text = " ".join(" ".join(el.itertext()).split())
    if text:
        walk.pieces.append(Piece(text, furniture="publication header"))


BLOCKS: dict[str, Callable[[Element, _Walk], None]] = {
    "al": _para,
    "kamervraagomschrijving": _para,
    "kamervraagopmerking": _para,
    "plaats-datum": _para,
    "datumtekst": _para,
    "nr": _heading,
    "tussenkop": _heading,
    "kop": _heading,
    "divisie": _divisie,
    "dossier": _dossier,
    "stuk": _stuk,
    "ondertekening": _signature,
    "li": _list_item,
    "kamerstukkop": _publication_head,
    "kamervraagnummer": _publication_head,
}


# ----------------------------------------------------------------------------- inline


def _inline(el: Element, notes: Notes) -> str | None:
    tag = local(el)
    if tag == "noot":
        return _footnote(el, notes)
    if tag == "nootref":
        number = notes.ids.get(el.get("refid") or "")
        return marker(number) if number is not None else ""
    if tag == "extref":
        text = " ".join("".join(el.itertext()).split())
        return text or (el.get("doc") or "")
    if tag == "br":
        return " "
    return None


def _footnote(el: Element, notes: Notes) -> str:
    nr = _child(el, "noot.nr")
    digits = re.sub(r"\D", "", "".join(nr.itertext())) if nr is not None else ""
    number = int(digits) if digits else len(notes.texts) + 1
    body = [c for c in el if c is not nr]
    text = " ".join(inline_text(c, notes, _inline) for c in body) or " ".join(
        (el.text or "").split()
    )
    notes.texts.setdefault(number, text)
    if el.get("id"):
        notes.ids[str(el.get("id"))] = number
    return marker(number)
