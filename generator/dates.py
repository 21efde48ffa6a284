"""Dates for the site: the build date (settable for reproducible builds) and Dutch formats."""

from __future__ import annotations

import datetime as dt
import os

MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
MONTH_NUMBERS = {name: number for number, name in enumerate(MONTHS_NL, 1)}


def parse_iso(value: str | None) -> dt.date | None:
    """An ISO date (``YYYY-MM-DD``) or None when absent or not a valid date."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def resolve_today(today: str | None) -> dt.date:
    """The build date: ``--today``, else SOURCE_DATE_EPOCH, else the clock (UTC)."""
    if today:
        parsed = parse_iso(today)
        if parsed is None:
            raise ValueError(f"--today must be YYYY-MM-DD, not {today!r}")
        return parsed
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).date()


def epoch_of(day: dt.date) -> int:
    """Seconds since 1970 at midnight UTC of ``day`` (for SOURCE_DATE_EPOCH)."""
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def format_nl(value: str | dt.date | None, missing: str = "datum onbekend") -> str:
    """``14 november 2024``; ``missing`` when there is no valid date."""
    day = parse_iso(value) if isinstance(value, str) or value is None else value
    if day is None:
        return missing
    return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}"


def month_label(day: dt.date) -> str:
    return f"{MONTHS_NL[day.month - 1]} {day.year}"


def quarter_key(day: dt.date) -> str:
    return f"{day.year}-K{(day.month - 1) // 3 + 1}"


def quarter_label(day: dt.date) -> str:
    return f"{(day.month - 1) // 3 + 1}e kwartaal {day.year}"
