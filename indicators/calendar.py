"""Working days in France (public holidays of metropolitan France), for due dates and reminders.

Kept small and free of models so the reminders and dashboards can import it.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays


@cache
def _french_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("FR", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, French public holidays excluded."""
    return day.weekday() < 5 and day not in _french_holidays(day.year)


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The date `count` working days after `day` (before it when `count` is negative)."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    current = day
    while remaining:
        current += dt.timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    days = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            days += 1
    return days
