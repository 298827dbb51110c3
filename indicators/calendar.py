"""Working days in France (public holidays of metropolitan France), for due dates and reminders.

Kept small and free of models: the reporting, its reminders and dashboards, the meetings' cadence
and the projects' fortnights all count working days here, so they agree on every holiday.
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


def next_working_day(day: dt.date) -> dt.date:
    """The day itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


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
