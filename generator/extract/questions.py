"""Kamervragen: numbered questions and the answers to them.

Recognises ``Vraag 1`` / ``Antwoord`` headings (also ``Antwoord 3, 4 en 5``, ``Vragen 7
t/m 9``, ``Vraag 2: text on the same line``). One answer to several questions yields one
entry per question number, each carrying that answer's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Question, Span
from ..sources import Block, BlockKind

_NUMS = r"\d+(?:\s*(?:,|en|t/m|tot en met|-|–|&)?\s*\d+)*"
QUESTION_RE = re.compile(rf"^Vra(?:ag|gen)\s+(?P<nums>{_NUMS})\s*[.:)]?\s*(?P<rest>.*)$", re.DOTALL)
ANSWER_RE = re.compile(
    rf"^Antwoord(?:en)?(?:\s+(?:op\s+)?(?:(?:vraag|vragen)\s+)?(?P<nums>{_NUMS}))?\s*[.:)]?\s*(?P<rest>.*)$",
    re.DOTALL | re.IGNORECASE,
)
MARKER_RE = re.compile(r"\[\^(\d+)\]")


def parse_numbers(text: str) -> list[int]:
    """``3, 4 en 5`` -> [3, 4, 5]; ``7, 8, 9 10 en 11`` -> [7..11]; ``3 t/m 5`` -> [3, 4, 5]."""
    out: list[int] = []
    for m in re.finditer(r"(\d+)(?:\s*(?:t/m|tot en met|-|–)\s*(\d+))?", text):
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        if hi < lo or hi - lo > 100:
            hi = lo
        out.extend(n for n in range(lo, hi + 1) if n not in out)
    return out


@dataclass
class _Part:
    numbers: list[int]
    texts: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)

    @property
    def span(self) -> Span | None:
        if not self.spans:
            return None
        return Span(min(s.start for s in self.spans), max(s.end for s in self.spans))


@dataclass
class QuestionResult:
    questions: list[Question]
    used: set[int]  # block indexes that belong to questions and answers
    problems: list[tuple[Span, str]]


def extract_questions(blocks: tuple[Block, ...], skip: set[int]) -> QuestionResult:
    asked: list[_Part] = []
    answers: list[_Part] = []
    current: _Part | None = None
    pending: list[int] = []  # question numbers still without an answer
    used: set[int] = set()
    for i, block in enumerate(blocks):
        if i in skip or block.kind is BlockKind.LABEL:
            continue
        q, a = _question_head(block), _answer_head(block)
        if q is not None:
            current = _Part(q[0])
            asked.append(current)
            pending.extend(n for n in q[0] if n not in pending)
            _add(current, q[1], block, i, used)
        elif a is not None and asked:
            numbers = a[0] or list(pending) or list(asked[-1].numbers)
            pending = [n for n in pending if n not in numbers]
            current = _Part(numbers)
            answers.append(current)
            _add(current, a[1], block, i, used)
        elif current is not None:
            _add(current, block.text, block, i, used)
    return _combine(asked, answers, used)


def _question_head(block: Block) -> tuple[list[int], str] | None:
    m = QUESTION_RE.match(block.text)
    if not m:
        return None
    rest = m.group("rest").strip()
    if not rest and block.kind is not BlockKind.HEADING and len(block.text) > 40:
        return None
    return parse_numbers(m.group("nums")), rest


def _answer_head(block: Block) -> tuple[list[int], str] | None:
    m = ANSWER_RE.match(block.text)
    if not m:
        return None
    rest = m.group("rest").strip()
    if rest.lower().startswith(("van ", "op de vragen", "op vragen")):
        return None  # "Antwoord van minister …": the letter's header, not an answer
    if rest and not m.group("nums") and not block.text[len("Antwoord") :].lstrip().startswith(":"):
        return None
    return (parse_numbers(m.group("nums")) if m.group("nums") else []), rest


def _add(part: _Part, text: str, block: Block, index: int, used: set[int]) -> None:
    part.spans.append(block.span)
    part.blocks.append(index)
    used.add(index)
    if text.strip():
        part.texts.append(text.strip())


def _combine(asked: list[_Part], answers: list[_Part], used: set[int]) -> QuestionResult:
    answer_of: dict[int, _Part] = {}
    for part in answers:
        for n in part.numbers:
            answer_of.setdefault(n, part)
    questions: list[Question] = []
    problems: list[tuple[Span, str]] = []
    seen: set[int] = set()
    for part in asked:
        for n in part.numbers:
            if n in seen:
                problems.append((part.span or Span(1, 1), f"vraag {n} komt twee keer voor"))
                continue
            seen.add(n)
            questions.append(_question(n, part, answer_of.get(n)))
            if n not in answer_of:
                problems.append((part.span or Span(1, 1), f"vraag {n} heeft geen antwoord"))
    return QuestionResult(questions, used, problems)


def _question(n: int, asked: _Part, answer: _Part | None) -> Question:
    q_text = "\n\n".join(asked.texts)
    a_text = "\n\n".join(answer.texts) if answer else ""
    notes = sorted({int(x) for x in MARKER_RE.findall(q_text + " " + a_text)})
    group = tuple(answer.numbers) if answer and len(answer.numbers) > 1 else ()
    return Question(
        number=n,
        question=q_text,
        answer=a_text,
        question_span=asked.span or Span(1, 1),
        answer_span=answer.span if answer else None,
        group=group,
        footnotes=tuple(notes),
    )
