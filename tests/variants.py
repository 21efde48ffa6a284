"""Variants of the seed letters, made by the tests, to show the rules are general:

- ``as_pdf_text``: a letter re-typeset as text extracted from a PDF, at another width,
  with words hyphenated at line ends where they happen to fall, footnote markers glued
  to the word before them, footnotes printed at the bottom of each page, a running
  footer and page starts, all from the letter's extracted model.
- ``renumber_footnotes``: the same source with every footnote number shifted.
- ``move_page_headers``: a Markdown letter with its repeated "Datum / Onze referentie"
  page header moved to other lines, including into the middle of a sentence.
"""

from __future__ import annotations

import re

from generator.dates import format_nl as format_date_nl
from generator.model import Letter
from generator.sources.lines import glued_markers

MARKER_RE = re.compile(r"((?:\s*\[\^\d+\])+)")


def _glue_markers(text: str) -> str:
    """``word[^1][^2]`` -> ``word1,2`` as a PDF prints superscripts in plain text."""
    return MARKER_RE.sub(lambda m: ",".join(re.findall(r"\d+", m.group(1))), text).replace(
        " ,", ","
    )


def _wrap(text: str, width: int) -> list[str]:
    """Greedy wrap; a long word that does not fit is hyphenated at the line end, a word with
    a hyphen is broken after its hyphen."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line = f"{line} {word}"
        elif _real_hyphen_break(word) and len(line) + 1 + word.index("-", 1) + 1 <= width:
            cut = word.index("-", 1) + 1
            lines.append(f"{line} {word[:cut]}")
            line = word[cut:]
        elif len(word) >= 12 and word.isalpha() and len(line) + 7 <= width:
            room = min(width - len(line) - 2, len(word) - 5)
            lines.append(f"{line} {word[:room]}-")
            line = word[room:]
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _real_hyphen_break(word: str) -> bool:
    """Break after a real hyphen only where the reader's documented evidence keeps it:
    capitals, digits or % before it ("EU-", "30%-"); otherwise move the word down whole."""
    if "-" not in word[1:-1]:
        return False
    head = word[: word.index("-", 1)]
    return head[-1].isdigit() or head[-1] == "%" or head.isupper()


def _header(letter: Letter) -> list[str]:
    out: list[str] = []
    k = letter.kamerstuk
    dossiers = [e.label for e in letter.entities if e.kind == "dossier"]
    out += [line for d in dossiers for line in (d, "")]
    if letter.signatories and letter.kind.value == "antwoord-kamervragen":
        s = letter.signatories[0]
        dept = (s.function or "").split(" van ", 1)[-1]
        behalf = ", mede namens de " + " en de ".join(s.on_behalf_of) if s.on_behalf_of else ""
        received = format_date_nl(letter.date_received or letter.date or "2000-01-01")
        out += [f"Antwoord van minister {s.name} ({dept}){behalf} (ontvangen {received})", ""]
        return out
    if k is not None and k.number and letter.ministry:
        dept = letter.ministry.removeprefix("Ministerie van ").upper()
        out += [f"Nr. {k.number} BRIEF VAN DE MINISTER VAN {dept}", ""]
    elif letter.ministry:
        out += [letter.ministry, ""]
    if letter.addressee:
        out += [f"Aan {letter.addressee[0].lower()}{letter.addressee[1:]}", ""]
    if letter.kenmerk:
        out += [f"Onze referentie {letter.kenmerk}"]
    if letter.date and letter.title:
        out += [f"Datum {format_date_nl(letter.date)}", f"Betreft {letter.title}", ""]
    elif letter.date:
        out += [f"Den Haag, {format_date_nl(letter.date)}", ""]
    return out


def _signature(letter: Letter) -> list[str]:
    if not letter.signatories or letter.kind.value == "antwoord-kamervragen":
        return []
    s = letter.signatories[0]
    out = [f"Mede namens de {' en de '.join(s.on_behalf_of)}"] if s.on_behalf_of else []
    return [*out, f"{s.function},", s.name]


def _body(letter: Letter, width: int) -> list[list[str]]:
    """Blocks of wrapped lines: headings and paragraphs as the letter has them."""
    blocks: list[list[str]] = []
    for section in letter.sections:
        if section.heading:
            blocks.append(_wrap(section.heading, width))
        for para in section.paragraphs:
            blocks.append(_wrap(_glue_markers(para.text), width))
    return blocks


def as_pdf_text(letter: Letter, width: int = 56, page_lines: int = 38) -> str:
    """The letter re-typeset as PDF-extracted text (see the module docstring)."""
    notes = {f.number: f.text for f in letter.footnotes}
    pages: list[list[str]] = [[]]
    cited: list[int] = []
    printed: set[int] = set()  # a footnote is printed once, on the page of its first citation
    for block in [_header(letter), *_body(letter, width), _signature(letter)]:
        for k, line in enumerate([*block, ""]):
            # widow control: a page never ends on a paragraph's last line
            if len(pages[-1]) >= page_lines and k != len(block) - 1:
                _close_page(pages, cited, notes)
                printed.update(cited)
                cited = []
            pages[-1].append(line)
            for _, _, numbers in glued_markers(line, set(notes)):
                cited += [n for n in numbers if n not in cited and n not in printed]
    _close_page(pages, cited, notes)
    out: list[str] = []
    for page in pages:
        if out and page:
            page = [f" {page[0].lstrip()}", *page[1:]]
        out += page
    return "\n".join(out) + "\n"


def _close_page(pages: list[list[str]], numbers: list[int], notes: dict[int, str]) -> None:
    lines = pages[-1]
    while lines and not lines[-1]:
        lines.pop()
    lines.append("")
    for n in numbers:
        wrapped = _wrap(notes[n], 66)
        lines += [f"{n} {wrapped[0]}", *wrapped[1:]]
    lines += ["", f"Tweede Kamer, vergaderjaar 2025–2026, 99 999, nr. 1 {len(pages) + 1}", ""]
    pages.append([])


def renumber_footnotes(text: str, shift: int, numbers: set[int]) -> str:
    """Shift every footnote number of a Word export or Markdown conversion, also where the
    text cites a footnote again with a plain number glued to a word ("geëvalueerd.4")."""
    lines = []
    for line in text.split("\n"):
        for start, end, ns in reversed(glued_markers(line, numbers)):
            line = line[:start] + ",".join(str(n + shift) for n in ns) + line[end:]
        lines.append(line)
    text = "\n".join(lines)
    text = re.sub(
        r"\[footnoteRef:(\d+)\]", lambda m: f"[footnoteRef:{int(m.group(1)) + shift}]", text
    )
    text = re.sub(r"\[(\d+):(\s)", lambda m: f"[{int(m.group(1)) + shift}:{m.group(2)}", text)
    return re.sub(r"<sup>(\d+)</sup>", lambda m: f"<sup>{int(m.group(1)) + shift}</sup>", text)


PAGE_HEADER_RE = re.compile(
    r"\n\*\*Datum\*\*\s*\n(?:\s*\n)?[^\n]*\n(?:\s*\n)?\*\*Onze referentie\*\*\s*\n(?:\s*\n)?[^\n]*\n"
)


def move_page_headers(text: str) -> str:
    """Take out every repeated page header after the first and put each back a few
    paragraphs later, in the middle of a sentence (the sentence runs on across it)."""
    headers = PAGE_HEADER_RE.findall(text)
    text = PAGE_HEADER_RE.sub("\n", text)
    paragraphs = text.split("\n\n")
    step = max(1, len(paragraphs) // (len(headers) + 1))
    for k, header in enumerate(headers, 1):
        i = min(len(paragraphs) - 2, k * step)
        while i < len(paragraphs) - 1 and not _plain_paragraph(paragraphs[i]):
            i += 1
        para = paragraphs[i]
        m = re.search(r"[a-z,] (?=[a-z])", para[len(para) // 2 :])
        if m is None:
            paragraphs[i] = para + "\n\n" + header.strip()
            continue
        cut = len(para) // 2 + m.start() + 1
        paragraphs[i] = para[:cut] + "\n\n" + header.strip() + "\n\n" + para[cut + 1 :]
    return "\n\n".join(paragraphs)


def _plain_paragraph(para: str) -> bool:
    text = para.strip()
    return len(text) > 200 and not text.startswith(("#", "<sup>", "*", ">"))
