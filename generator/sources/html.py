"""Reader for letters as web pages: officielebekendmakingen.nl (``div.vraag``,
``div.antwoord``, ``sup``/``a.nootnum`` markers, ``div.voet.noot`` footnotes) and
rijksoverheid.nl letter pages (the letter in ``main``/``article``; site navigation, header
and footer are not part of the letter).

Parsed with the standard library's tolerant ``html.parser`` into an element tree; no
dependency, no network, no entity expansion beyond HTML's own named characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from xml.etree.ElementTree import Element, SubElement

from ..diagnostics import UnreadableSource
from . import BlockKind, SourceDoc
from .assemble import Piece, assemble
from .decode import decode_text
from .tree import Notes, classes, inline_text, local, marker, sentence_like

VOID = {"br", "img", "meta", "link", "hr", "input", "col", "area", "base", "wbr", "source"}
SKIP = {"script", "style", "nav", "header", "footer", "aside", "form", "button", "noscript"}
SKIP |= {"template", "head", "svg", "select", "iframe", "title"}
PARAS = {"p", "li", "dd", "dt", "blockquote", "pre", "td", "th", "caption", "figcaption"}
HEADINGS = {f"h{n}": n for n in range(1, 7)}
NOTE_REGIONS = {"voetnoten", "footnotes", "noten", "footnote-list", "notes"}
STRONG = {"strong", "b"}
# Site chrome marked by class or id (``site-footer``, ``breadcrumb``, ``cookie-banner``).
CHROME_RE = re.compile(
    r"(?:^|[-_ ])(?:footer|header|nav|navigation|menu|breadcrumbs?|cookies?|skiplinks?|sidebar)(?:$|[-_ ])"
)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p" and any(local(e) == "p" for e in self.stack):
            self.handle_endtag("p")
        el = SubElement(self.stack[-1], tag, {k: v or "" for k, v in attrs})
        if tag not in VOID:
            self.stack.append(el)

    def handle_endtag(self, tag: str) -> None:
        for k in range(len(self.stack) - 1, 0, -1):
            if self.stack[k].tag == tag:
                del self.stack[k:]
                return

    def handle_data(self, data: str) -> None:
        parent = self.stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data


@dataclass
class _Walk:
    notes: Notes = field(default_factory=Notes)
    pieces: list[Piece] = field(default_factory=list)


def read_html(name: str, raw: bytes) -> SourceDoc:
    text, notes = decode_text(raw, name)
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    content = _content_root(builder.root)
    walk = _Walk()
    _block(content, walk)
    if not walk.pieces:
        raise UnreadableSource(name, "web page without letter text")
    flavour = "officielebekendmakingen" if _is_obk(builder.root) else "web-page"
    return assemble(name, "html", flavour, walk.pieces + walk.notes.pieces(), notes)


def _content_root(root: Element) -> Element:
    """The letter itself: ``main``, ``article`` or the publication's text, else the body."""
    tests: tuple[Callable[[Element], bool], ...] = (
        lambda e: local(e) == "main" or e.get("role") == "main",
        lambda e: local(e) == "article",
        lambda e: e.get("id") == "broodtekst" or "stuk" in classes(e),
    )
    for test in tests:
        found = next((e for e in root.iter() if test(e)), None)
        if found is not None:
            return found
    return next((e for e in root.iter() if local(e) == "body"), root)


def _is_obk(root: Element) -> bool:
    return any(classes(e) & {"vraag", "antwoord", "stuk", "nootnum"} for e in root.iter())


# ----------------------------------------------------------------------------- blocks


def _block(el: Element, walk: _Walk) -> None:
    tag = local(el)
    if tag in SKIP or _is_chrome(el):
        return
    if _is_note_region(el):
        _note_region(el, walk)
        return
    handler = BLOCKS.get(tag)
    if handler is not None and not _has_blocks(el):
        handler(el, walk)
        return
    if (el.text or "").strip() and not _has_blocks(el):
        _para(el, walk)
        return
    if (el.text or "").strip():
        walk.pieces.append(Piece(" ".join((el.text or "").split())))
    for child in el:
        _block(child, walk)
        if (child.tail or "").strip():
            walk.pieces.append(Piece(" ".join((child.tail or "").split())))


def _is_chrome(el: Element) -> bool:
    marks = " ".join([el.get("id") or "", el.get("class") or "", el.get("role") or ""]).lower()
    return bool(CHROME_RE.search(marks)) and local(el) not in PARAS and local(el) not in HEADINGS


def _has_blocks(el: Element) -> bool:
    return any(
        local(e) in PARAS or local(e) in HEADINGS or local(e) in ("div", "table", "ul", "ol")
        for e in el.iter()
        if e is not el
    )


def _text(el: Element, walk: _Walk) -> str:
    return inline_text(el, walk.notes, _inline)


def _para(el: Element, walk: _Walk) -> None:
    text = _text(el, walk)
    if not text:
        return
    kind = BlockKind.HEADING if _all_strong(el) and not sentence_like(text) else None
    walk.pieces.append(Piece(text, kind=kind))


def _all_strong(el: Element) -> bool:
    """Every piece of text of the paragraph is bold: a heading in the letter's own markup."""
    if (el.text or "").strip():
        return False
    kids = [c for c in el if local(c) != "br"]
    return bool(kids) and all(local(c) in STRONG and not (c.tail or "").strip() for c in kids)


def _heading(el: Element, walk: _Walk) -> None:
    text = _text(el, walk)
    if text:
        walk.pieces.append(Piece(text, kind=BlockKind.HEADING, level=HEADINGS[local(el)]))


BLOCKS: dict[str, Callable[[Element, _Walk], None]] = {
    **{tag: _para for tag in PARAS},
    **{tag: _heading for tag in HEADINGS},
}


# ----------------------------------------------------------------------------- footnotes

NOTE_START_RE = re.compile(r"^\s*\[?(\d{1,3})[\].)]?\s+(.*)$", re.DOTALL)


def _is_note_region(el: Element) -> bool:
    ident = (el.get("id") or "").lower()
    return bool(classes(el) & NOTE_REGIONS) or ident in NOTE_REGIONS or _is_note(el)


def _is_note(el: Element) -> bool:
    return {"voet", "noot"} <= classes(el) or "footnote" in classes(el)


def _note_region(el: Element, walk: _Walk) -> None:
    items = [el] if _is_note(el) else [e for e in el.iter() if e is not el and _note_item(e)]
    for item in items:
        text = inline_text(item, Notes(), _note_inline)
        text = text.replace("↩", "").strip()
        m = NOTE_START_RE.match(text)
        digits = re.sub(r"\D", "", item.get("id") or "")
        if m:
            number, text = int(m.group(1)), m.group(2)
        elif digits:
            number = int(digits)
        else:
            walk.pieces.append(Piece(text))  # kept: a note without number
            continue
        walk.notes.texts.setdefault(number, text)


def _note_item(el: Element) -> bool:
    return _is_note(el) or (local(el) == "li" and not any(_is_note(p) for p in el.iter()))


def _note_inline(el: Element, notes: Notes) -> str | None:
    if local(el) == "a" and "footnote-backref" in classes(el):
        return ""
    return " " if local(el) == "br" else None


# ----------------------------------------------------------------------------- inline


def _inline(el: Element, notes: Notes) -> str | None:
    tag = local(el)
    if tag == "br":
        return " "
    if tag in SKIP:
        return ""
    text = "".join(el.itertext()).strip()
    href = el.get("href") or ""
    if tag == "sup" and re.fullmatch(r"\[?\d{1,3}\]?", text):
        return marker(int(text.strip("[]")))
    if tag == "a" and href.startswith("#") and re.fullmatch(r"\[?\d{1,3}\]?", text):
        return marker(int(text.strip("[]")))
    return None
