"""Diagnostics (``path:line: message``) and the error family of the generator."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    level: Level
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "" if self.level is Level.ERROR else "warning: "
        return f"{where}: {prefix}{self.message}"


def error(path: str, line: int | None, message: str) -> Diagnostic:
    return Diagnostic(Level.ERROR, path, line, message)


def warning(path: str, line: int | None, message: str) -> Diagnostic:
    return Diagnostic(Level.WARNING, path, line, message)


class GeneratorError(Exception):
    """An error the user can act on; ``str()`` is the message to print."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.diagnostic = error(path, line, message)
        super().__init__(str(self.diagnostic))


class UnreadableSource(GeneratorError):
    """A source file that no reader can turn into a letter."""


class ContentError(GeneratorError):
    """A YAML file in the content folder that is broken or inconsistent."""
