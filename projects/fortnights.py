"""The fortnightly rhythm of project statuses, on the kernel's « quinzaine du CDS ».

A status is due each CDS fortnight (`sg_portal.calendar.cds_fortnight_of`: fourteen days from the
SG's reference Monday). The status of a fortnight may be posted until its last day plus a grace of
GRACE_WORKING_DAYS working days; once that deadline is late (`sg_portal.calendar.is_late`), the
project's status is overdue. Which fortnight's status is required on a day is the projects' rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sg_portal import calendar as C

GRACE_WORKING_DAYS = 2


@dataclass(frozen=True)
class Fortnight:
    start: dt.date

    @property
    def end(self) -> dt.date:
        return C.cds_fortnight_of(self.start).end

    @property
    def deadline(self) -> dt.date:
        """The last day a status for this fortnight is on time."""
        return C.add_working_days(self.end, GRACE_WORKING_DAYS)

    def days_late(self, today: dt.date) -> int:
        """How late this fortnight's status is on `today` (the kernel's one definition)."""
        return C.days_late(self.deadline, today)

    def previous(self) -> Fortnight:
        return fortnight_of(self.start - dt.timedelta(days=1))

    def next(self) -> Fortnight:
        return Fortnight(C.next_cds_fortnight(self.start).start)


def fortnight_of(day: dt.date) -> Fortnight:
    return Fortnight(C.cds_fortnight_of(day).start)


def required_fortnight(today: dt.date) -> Fortnight:
    """The most recent fortnight whose deadline is late: its status must have been posted."""
    fortnight = fortnight_of(today).previous()
    while not C.is_late(fortnight.deadline, today):
        fortnight = fortnight.previous()
    return fortnight
