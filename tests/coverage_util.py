"""Which source lines a letter accounts for: every item's provenance, for the property that
no non-blank source line is lost."""

from __future__ import annotations

from generator.model import Letter, Span


def covered_lines(letter: Letter) -> set[int]:
    spans: list[Span | None] = [span for _, span in letter.metadata_lines]
    spans += [letter.kamerstuk.span if letter.kamerstuk else None]
    spans += [s.span for s in letter.signatories]
    for section in letter.sections:
        spans.append(section.span)
        spans += [p.span for p in section.paragraphs]
    spans += [f.span for f in letter.footnotes]
    spans += [u.span for u in letter.furniture] + [u.span for u in letter.unplaced]
    spans += [q.question_span for q in letter.questions] + [q.answer_span for q in letter.questions]
    return {n for span in spans if span is not None for n in span.lines()}


def lost_lines(letter: Letter, source_lines: list[str]) -> list[tuple[int, str]]:
    covered = covered_lines(letter)
    return [
        (no, text) for no, text in enumerate(source_lines, 1) if text.strip() and no not in covered
    ]
