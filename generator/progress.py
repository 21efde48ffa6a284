"""A one-line progress display for long runs: on standard error, only when it is a
terminal (quiet in CI and when output is captured)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """``ingest: 340/1000 letters  5.2 MB  1.9 MB/s  eta 12 s``, redrawn at most 10x/s."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label, self.total = label, total
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = total > 1 and self.stream.isatty()
        self.done = 0
        self.bytes = 0
        self.start = time.monotonic()
        self._drawn = 0.0

    def advance(self, n: int = 1, size: int = 0) -> None:
        self.done += n
        self.bytes += size
        now = time.monotonic()
        if self.enabled and (now - self._drawn >= 0.1 or self.done == self.total):
            self._drawn = now
            self.stream.write("\r" + self.line(now) + "\033[K")
            self.stream.flush()

    def line(self, now: float) -> str:
        elapsed = max(now - self.start, 1e-9)
        text = f"{self.label}: {self.done}/{self.total}"
        if self.bytes:
            text += f"  {self.bytes / 1e6:.1f} MB  {self.bytes / 1e6 / elapsed:.1f} MB/s"
        if 0 < self.done < self.total:
            text += f"  eta {elapsed / self.done * (self.total - self.done):.0f} s"
        return text

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()
