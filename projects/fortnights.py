"""The fortnightly rhythm of project statuses (working days counted by indicators.calendar).

A status is due each fortnight: fortnights are fixed 14-day windows starting on a Monday (the
CDS's rhythm, "tous les quinze jours"). The status of a fortnight may be posted until its last
day plus a grace of GRACE_WORKING_DAYS working days; after that the project's status is overdue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from indicators.calendar import add_working_days

ANCHOR = dt.date(2024, 1, 1)  # a Monday
LENGTH = 14
GRACE_WORKING_DAYS = 2


@dataclass(frozen=True)
class Fortnight:
    start: dt.date

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=LENGTH - 1)

    @property
    def deadline(self) -> dt.date:
        """The last day a status for this fortnight is on time."""
        return add_working_days(self.end, GRACE_WORKING_DAYS)

    def previous(self) -> Fortnight:
        return Fortnight(self.start - dt.timedelta(days=LENGTH))

    def next(self) -> Fortnight:
        return Fortnight(self.start + dt.timedelta(days=LENGTH))


def fortnight_of(day: dt.date) -> Fortnight:
    offset = (day - ANCHOR).days // LENGTH
    return Fortnight(ANCHOR + dt.timedelta(days=offset * LENGTH))


def required_fortnight(today: dt.date) -> Fortnight:
    """The most recent fortnight whose deadline has passed: its status must have been posted."""
    fortnight = fortnight_of(today).previous()
    while fortnight.deadline >= today:
        fortnight = fortnight.previous()
    return fortnight
