"""Dutch calendar dates as printed in letters ("14 november 2024") -> ISO dates."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "augustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
MONTH_NAMES = {v: k for k, v in MONTHS.items()}
DATE_RE = re.compile(
    r"\b(?P<day>\d{1,2})\s+(?P<month>" + "|".join(MONTHS) + r")\s+(?P<year>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)


def parse_date(text: str) -> str | None:
    """The first full Dutch date in ``text`` as ISO, or None (also for impossible dates)."""
    for m in DATE_RE.finditer(text):
        try:
            day = dt.date(
                int(m.group("year")), MONTHS[m.group("month").lower()], int(m.group("day"))
            )
        except ValueError:
            continue
        return day.isoformat()
    return None


def format_date_nl(iso: str) -> str:
    """2024-11-14 -> 14 november 2024."""
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {MONTH_NAMES[day.month]} {day.year}"
