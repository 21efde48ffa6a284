from __future__ import annotations

import textwrap

from generator.extract import TextUnit
from generator.model import Span


def para(text: str, unit_id: str = "p1", line: int = 1) -> TextUnit:
    """A paragraph unit from a dedented, line-joined snippet."""
    return TextUnit(unit_id, " ".join(textwrap.dedent(text).split()), Span(line, line))


def note(number: int, text: str, line: int = 90) -> TextUnit:
    return TextUnit(f"fn{number}", " ".join(text.split()), Span(line, line), number)
