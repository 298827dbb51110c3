"""iCalendar files, written one way for every app (a meeting, an auditorium session, the
personal feed's due dates…).

An app describes its events as `IcsEvent`s; `calendar_bytes` writes the calendar Outlook and
the other agendas read (a stable UID per object, a SEQUENCE raised when the time or the place
moves, CANCELLED when the event is called off). The icalendar library folds the long lines and
escapes the commas, semicolons and line breaks of the texts.

An event whose start is a date, not a datetime, is a due date (an action, a report, a review):
an all-day event that leaves the day free (TRANSP:TRANSPARENT) and has no schedule to confirm,
move or call off, so neither SEQUENCE nor STATUS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from icalendar import Calendar, Event

UID_DOMAIN = "portail-sg.paris.fr"
PRODID = "-//Ville de Paris//Portail du Secrétariat général//FR"


@dataclass(frozen=True)
class IcsEvent:
    uid: str  # unique within the portal: "reunion-12", "auditorium-3", "echeance-<digest>"
    starts_at: dt.datetime | dt.date  # a date: an all-day due date
    ends_at: dt.datetime | dt.date  # for a due date, the day after (DTEND is exclusive)
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    sequence: int = 0
    cancelled: bool = False

    @property
    def is_due_date(self) -> bool:
        return not isinstance(self.starts_at, dt.datetime)


def calendar_bytes(events: Iterable[IcsEvent], *, name: str = "") -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
    stamp = timezone.now()
    for item in events:
        event = Event()
        event.add("uid", f"{item.uid}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.starts_at)
        event.add("dtend", item.ends_at)
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        if item.is_due_date:
            event.add("transp", "TRANSPARENT")  # a due date, not a busy slot
        else:
            event.add("sequence", item.sequence)
            event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        cal.add_component(event)
    return cal.to_ical()
