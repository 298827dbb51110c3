"""iCalendar files: one meeting (.ics download, email attachment) or a user's private feed."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

UID_DOMAIN = "portail-sg.paris.fr"


def _description(meeting, timed) -> str:
    lines = []
    if meeting.guests:
        lines.append("Personnalités invitées : " + "; ".join(meeting.guests))
    for entry in timed or []:
        item = entry.item
        who = f" ({item.presenter_label})" if item.presenter_label else ""
        lines.append(f"{entry.starts:%Hh%M} {entry.number}. {item.title}{who}")
    lines.append(f"{settings.SITE_URL}/reunions/{meeting.pk}/")
    return "\n".join(lines)


def meetings_calendar(
    meetings, *, agenda_for: dict | None = None, name: str = "", dated=()
) -> bytes:
    """agenda_for: meeting id -> timed items, for the meetings whose agenda the reader may see;
    dated: the reader's dated items of the home page (`sg_portal.horizons.DatedItem`), each an
    all-day event on its date."""
    agenda_for = agenda_for or {}
    cal = Calendar()
    cal.add("prodid", "-//Ville de Paris//Portail du Secrétariat général//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
    stamp = timezone.now()
    for meeting in meetings:
        event = Event()
        event.add("uid", f"reunion-{meeting.pk}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        event.add("summary", meeting.body.name)
        if meeting.place:
            event.add("location", meeting.place)
        event.add("sequence", meeting.sequence)
        event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
        event.add("description", _description(meeting, agenda_for.get(meeting.pk)))
        event.add("url", f"{settings.SITE_URL}/reunions/{meeting.pk}/")
        cal.add_component(event)
    for item in dated:
        event = Event()
        digest = hashlib.sha256(item.key.encode()).hexdigest()[:24]
        event.add("uid", f"echeance-{digest}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + dt.timedelta(days=1))
        event.add("summary", f"{item.what} : {item.title}")
        event.add("transp", "TRANSPARENT")  # a due date, not a busy slot
        if item.context:
            event.add("description", f"{item.context}\n{settings.SITE_URL}{item.url}")
        event.add("url", f"{settings.SITE_URL}{item.url}")
        cal.add_component(event)
    return cal.to_ical()
