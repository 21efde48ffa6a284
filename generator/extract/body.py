"""The letter's running text: sections (by heading) holding paragraphs, and footnotes with
the places that cite them."""

from __future__ import annotations

import re

from ..model import Footnote, Paragraph, Section, Span, Unplaced
from ..sources import Block, BlockKind, FootnoteDef

MARKER_RE = re.compile(r"\[\^(\d+)\]")


def extract_sections(
    blocks: tuple[Block, ...], skip: set[int]
) -> tuple[list[Section], dict[int, str]]:
    """Sections of the body; also which paragraph id each block became."""
    sections: list[Section] = []
    para_of: dict[int, str] = {}
    heading: Block | None = None
    paras: list[Paragraph] = []
    counter = 0

    def close() -> None:
        if heading is None and not paras:
            return
        spans = ([heading.span] if heading else []) + [p.span for p in paras]
        span = Span(min(s.start for s in spans), max(s.end for s in spans))
        sections.append(
            Section(
                id=f"s{len(sections) + 1}",
                heading=heading.text if heading else None,
                level=heading.level if heading else 0,
                span=span,
                paragraphs=tuple(paras),
            )
        )

    for i, block in enumerate(blocks):
        if i in skip or block.kind is BlockKind.LABEL:
            continue
        if block.kind is BlockKind.HEADING:
            close()
            heading, paras = block, []
            continue
        counter += 1
        para_of[i] = f"p{counter}"
        paras.append(Paragraph(f"p{counter}", block.text, block.span))
    close()
    return sections, para_of


def unplaced_blocks(blocks: tuple[Block, ...], idx: list[int], reason: str) -> list[Unplaced]:
    return [Unplaced(blocks[i].text, blocks[i].span, reason) for i in idx]


def build_footnotes(defs: tuple[FootnoteDef, ...], cited: dict[int, list[str]]) -> list[Footnote]:
    """Footnotes in number order with the ids of the paragraphs/answers that cite them."""
    seen: set[int] = set()
    out: list[Footnote] = []
    for d in sorted(defs, key=lambda d: (d.number, d.span.start)):
        if d.number in seen:
            continue
        seen.add(d.number)
        out.append(Footnote(d.number, d.text, d.span, tuple(cited.get(d.number, ()))))
    return out


def citations(texts: list[tuple[str, str]]) -> dict[int, list[str]]:
    """{footnote number: [ids of the texts whose markers cite it]} in text order."""
    cited: dict[int, list[str]] = {}
    for item_id, text in texts:
        for m in MARKER_RE.finditer(text):
            ids = cited.setdefault(int(m.group(1)), [])
            if item_id not in ids:
                ids.append(item_id)
    return cited
