"""Period arithmetic of the reporting: the bounds of the period holding a day, the next one, the
due date. The windows are the kernel's named cadences (`sg_portal.calendar`); the reporting's
« quinzaine » is the half-month, 1st–15th and 16th–end of month."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings

from indicators.models import Periodicity
from sg_portal import calendar as C

DEFAULT_DUE_WORKING_DAYS = 5

_WINDOW_OF: dict[str, Callable[[dt.date], C.Window]] = {
    Periodicity.FORTNIGHTLY: C.half_month_of,
    Periodicity.MONTHLY: C.month_of,
    Periodicity.QUARTERLY: C.quarter_of,
    Periodicity.YEARLY: C.year_of,
}


def bounds(periodicity: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the period of `periodicity` that holds `day`."""
    try:
        window = _WINDOW_OF[periodicity](day)
    except KeyError:
        raise ValueError(f"périodicité inconnue : {periodicity}") from None
    return window.start, window.end


def following(periodicity: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The period right after the one holding `day`."""
    return bounds(periodicity, bounds(periodicity, day)[1] + dt.timedelta(days=1))


def due_date(end: dt.date) -> dt.date:
    """Default: 5 working days after the end (setting INDICATORS_DUE_WORKING_DAYS)."""
    days = getattr(settings, "INDICATORS_DUE_WORKING_DAYS", DEFAULT_DUE_WORKING_DAYS)
    return C.add_working_days(end, days)
