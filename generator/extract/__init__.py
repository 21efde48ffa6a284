"""Extractors: SourceDoc -> parts of a Letter. Each module has one entry function."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Span


@dataclass(frozen=True)
class TextUnit:
    """A piece of running text with its provenance, as extractors receive it.

    ``id`` names where it sits in the letter (``p12`` a paragraph, ``q3`` question 3,
    ``a3`` answer 3, ``fn5`` footnote 5); ``footnote`` is set for footnote texts.
    """

    id: str
    text: str
    span: Span
    footnote: int | None = None
