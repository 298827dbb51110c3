"""Period arithmetic: the bounds of the period holding a day, the next one, the due date."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt

from django.conf import settings

from indicators.calendar import add_working_days
from indicators.models import Periodicity

DEFAULT_DUE_WORKING_DAYS = 5


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=_calendar.monthrange(day.year, day.month)[1])


def bounds(periodicity: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the period of `periodicity` that holds `day`."""
    if periodicity == Periodicity.FORTNIGHTLY:
        if day.day <= 15:
            return day.replace(day=1), day.replace(day=15)
        return day.replace(day=16), _month_end(day)
    if periodicity == Periodicity.MONTHLY:
        return day.replace(day=1), _month_end(day)
    if periodicity == Periodicity.QUARTERLY:
        first_month = (day.month - 1) // 3 * 3 + 1
        start = dt.date(day.year, first_month, 1)
        return start, _month_end(dt.date(day.year, first_month + 2, 1))
    if periodicity == Periodicity.YEARLY:
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    raise ValueError(f"périodicité inconnue : {periodicity}")


def following(periodicity: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The period right after the one holding `day`."""
    return bounds(periodicity, bounds(periodicity, day)[1] + dt.timedelta(days=1))


def due_date(end: dt.date) -> dt.date:
    """Default: 5 working days after the end (setting INDICATORS_DUE_WORKING_DAYS)."""
    days = getattr(settings, "INDICATORS_DUE_WORKING_DAYS", DEFAULT_DUE_WORKING_DAYS)
    return add_working_days(end, days)
