"""PDF reader (stub)."""

from __future__ import annotations

from ..diagnostics import UnreadableSource
from . import SourceDoc


def read_pdf(name: str, raw: bytes) -> SourceDoc:
    raise UnreadableSource(name, "not yet")
