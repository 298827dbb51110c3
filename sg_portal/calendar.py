"""The SG's calendar: working days, the named cadences and what "days late" means.

Every app counts on this module, so the reporting, its reminders and digest, the meetings and the
projects agree on every weekend and public holiday, on what a « quinzaine » is, and on how late a
thing is. It holds no model and imports no app.

Working days
    Monday to Friday, the public holidays of metropolitan France excluded (the `holidays`
    package's calendar for FR).

Cadences, each under its own name (a *window* is a run of whole days, both ends included)
    - `half_month_of`: the reporting « quinzaine », the 1st to the 15th and the 16th to the last
      day of the month ("tous les quinze jours" of the directions' reports);
    - `cds_fortnight_of`: the « quinzaine du CDS », fourteen days from a reference Monday (the
      rhythm of the CDS and of the projects' statuses);
    - `week_of` (Monday to Sunday), `month_of`, and, for the reporting, `quarter_of`, `year_of`.
    Each has its `next_…` twin: the window right after the one holding a day.

Days late
    Counted in **working days**: the working days after the due date, up to and including today.
    A thing due on a Friday is on time that Friday, not yet late on the weekend (nobody could have
    done it), one working day late on Monday, and a public holiday is not counted either. The
    reminders, escalations and due dates are set in working days; lateness is measured in the same
    unit, so a relance sent "2 jours ouvrés après l'échéance" says "2 jours ouvrés de retard".
    `is_late` is exactly `days_late > 0`; `late_when_due_before` gives the date boundary that
    database filters use for the same rule.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from dataclasses import dataclass
from functools import cache

import holidays

ONE_DAY = dt.timedelta(days=1)

# The reference Monday of the CDS fortnights: every « quinzaine du CDS » starts 14 × n days from it.
CDS_REFERENCE_MONDAY = dt.date(2024, 1, 1)
CDS_FORTNIGHT_DAYS = 14


# --- Working days ---------------------------------------------------------------------------------


@cache
def _french_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("FR", years=year).keys())


def is_public_holiday(day: dt.date) -> bool:
    """A public holiday of metropolitan France (1 May, 14 July, Ascension Thursday…)."""
    return day in _french_holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, French public holidays excluded."""
    return day.weekday() < 5 and not is_public_holiday(day)


def next_working_day(day: dt.date) -> dt.date:
    """The day itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += ONE_DAY
    return day


def previous_working_day(day: dt.date) -> dt.date:
    """The day itself when it is a working day, else the last working day before it."""
    while not is_working_day(day):
        day -= ONE_DAY
    return day


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The date `count` working days after `day` (before it when `count` is negative).

    `day` itself is never counted: one working day after a Friday is the Monday.
    """
    step = ONE_DAY if count >= 0 else -ONE_DAY
    remaining = abs(count)
    current = day
    while remaining:
        current += step
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` <= `start`)."""
    days = 0
    current = start
    while current < end:
        current += ONE_DAY
        if is_working_day(current):
            days += 1
    return days


# --- Days late ------------------------------------------------------------------------------------


def days_late(due: dt.date, today: dt.date) -> int:
    """How late something due on `due` is on `today`, in working days (0: not late).

    The working days after the due date up to and including today. Due on Thursday 30 April
    2026, it is 0 on Friday 1 May (a holiday) and over the weekend, 1 on Monday 4 May.
    """
    return working_days_between(due, today)


def is_late(due: dt.date, today: dt.date) -> bool:
    """Whether something due on `due` is late on `today`: at least one working day has passed."""
    return days_late(due, today) > 0


def late_when_due_before(today: dt.date) -> dt.date:
    """The boundary for queries: on `today`, a thing is late exactly when its due date is before
    this day (the last working day on or before today). `due_date__lt=late_when_due_before(today)`
    selects what `is_late` calls late."""
    return previous_working_day(today)


def days_late_text(days: int) -> str:
    """« 1 jour ouvré », « 3 jours ouvrés »: how every screen and email says a number of days
    late."""
    return f"{days} jour ouvré" if days == 1 else f"{days} jours ouvrés"


# --- Cadences -------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Window:
    """A run of whole days of a cadence, both ends included."""

    start: dt.date
    end: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=_calendar.monthrange(day.year, day.month)[1])


def half_month_of(day: dt.date) -> Window:
    """The reporting « quinzaine » holding `day`: the 1st to the 15th, or the 16th to the end."""
    if day.day <= 15:
        return Window(day.replace(day=1), day.replace(day=15))
    return Window(day.replace(day=16), _month_end(day))


def next_half_month(day: dt.date) -> Window:
    """The reporting « quinzaine » right after the one holding `day`."""
    return half_month_of(half_month_of(day).end + ONE_DAY)


def monday_of(day: dt.date) -> dt.date:
    """The Monday of the week holding `day`."""
    return day - dt.timedelta(days=day.weekday())


def cds_fortnight_of(day: dt.date, *, reference: dt.date = CDS_REFERENCE_MONDAY) -> Window:
    """The « quinzaine du CDS » holding `day`: fourteen days starting on a Monday, counted from
    `reference` (any day of the reference week; by default the SG's reference Monday)."""
    anchor = monday_of(reference)
    offset = (day - anchor).days // CDS_FORTNIGHT_DAYS
    start = anchor + dt.timedelta(days=offset * CDS_FORTNIGHT_DAYS)
    return Window(start, start + dt.timedelta(days=CDS_FORTNIGHT_DAYS - 1))


def next_cds_fortnight(day: dt.date, *, reference: dt.date = CDS_REFERENCE_MONDAY) -> Window:
    """The « quinzaine du CDS » right after the one holding `day`."""
    return cds_fortnight_of(
        cds_fortnight_of(day, reference=reference).end + ONE_DAY, reference=reference
    )


def week_of(day: dt.date) -> Window:
    """The week holding `day`, Monday to Sunday."""
    start = monday_of(day)
    return Window(start, start + dt.timedelta(days=6))


def next_week(day: dt.date) -> Window:
    """The week right after the one holding `day`."""
    return week_of(week_of(day).end + ONE_DAY)


def month_of(day: dt.date) -> Window:
    """The calendar month holding `day`."""
    return Window(day.replace(day=1), _month_end(day))


def next_month(day: dt.date) -> Window:
    """The calendar month right after the one holding `day`."""
    return month_of(month_of(day).end + ONE_DAY)


def quarter_of(day: dt.date) -> Window:
    """The calendar quarter holding `day` (January–March, …)."""
    first_month = (day.month - 1) // 3 * 3 + 1
    start = dt.date(day.year, first_month, 1)
    return Window(start, _month_end(dt.date(day.year, first_month + 2, 1)))


def next_quarter(day: dt.date) -> Window:
    """The calendar quarter right after the one holding `day`."""
    return quarter_of(quarter_of(day).end + ONE_DAY)


def year_of(day: dt.date) -> Window:
    """The calendar year holding `day`."""
    return Window(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))


def next_year(day: dt.date) -> Window:
    """The calendar year right after the one holding `day`."""
    return year_of(year_of(day).end + ONE_DAY)


def nth_weekday_of_month(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The `n`-th `weekday` (0 = Monday) of a month; the last one when the month has fewer."""
    days = [
        day
        for week in _calendar.Calendar().monthdatescalendar(year, month)
        for day in week
        if day.month == month and day.weekday() == weekday
    ]
    return days[min(n, len(days)) - 1]
