"""Helpers shared by the XML and HTML readers: element names without namespace, running
text of an element with footnote markers as ``[^N]``, and the footnotes met on the way."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from .assemble import Piece

NUMBER_RE = re.compile(r"^\s*\[?(\d{1,3})[\].)]?\s*$")


def local(el: Element) -> str:
    """``{ns}Al`` -> ``al``; comments and processing instructions -> ``""``."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def classes(el: Element) -> set[str]:
    return set((el.get("class") or "").lower().split())


@dataclass
class Notes:
    """Footnotes found while reading: number -> text, in the order they were defined."""

    texts: dict[int, str] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)  # element id / anchor -> number

    def pieces(self) -> list[Piece]:
        return [
            Piece(text, (f"[^{n}]: {text}",), footnote=n) for n, text in sorted(self.texts.items())
        ]


# An inline handler returns the text an element stands for, or None for "read it as text".
Inline = Callable[[Element, Notes], str | None]


def inline_text(el: Element, notes: Notes, special: Inline) -> str:
    """The running text of ``el`` (its own text, its children's, their tails)."""
    return clean(_raw_text(el, notes, special))


def _raw_text(el: Element, notes: Notes, special: Inline) -> str:
    parts = [el.text or ""]
    for child in el:
        got = special(child, notes)
        parts.append(got if got is not None else _raw_text(child, notes, special))
        parts.append(child.tail or "")
    return "".join(parts)


def clean(text: str) -> str:
    """Whitespace collapsed; a marker sits right after its word (``Ends [^1]?`` -> ``Ends[^1]?``)."""
    text = " ".join(text.replace("\u00a0", " ").split())
    return re.sub(r"\s+(\[\^\d+\])", r"\1", text)


def marker(number: int) -> str:
    return f"[^{number}]"


def sentence_like(text: str) -> bool:
    return bool(re.search(r"[.?!:;,]\s*(?:\[\^\d+\])*$", text))
