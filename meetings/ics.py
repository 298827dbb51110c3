"""A meeting as iCalendar (.ics download, email attachment) and a user's private feed, written
by the kernel's `sg_portal.ics` as every other app's events are."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings

from sg_portal.ics import IcsEvent, calendar_bytes


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


def _meeting_event(meeting, timed) -> IcsEvent:
    return IcsEvent(
        uid=f"reunion-{meeting.pk}",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=meeting.body.name,
        description=_description(meeting, timed),
        location=meeting.place,
        url=f"{settings.SITE_URL}/reunions/{meeting.pk}/",
        sequence=meeting.sequence,
        cancelled=meeting.is_cancelled,
    )


def _due_date_event(item) -> IcsEvent:
    # The UID comes from the item's stable key (`DatedItem.key`), hashed so that the feed
    # does not spell out which object it is.
    digest = hashlib.sha256(item.key.encode()).hexdigest()[:24]
    return IcsEvent(
        uid=f"echeance-{digest}",
        starts_at=item.due,
        ends_at=item.due + dt.timedelta(days=1),
        summary=f"{item.what} : {item.title}",
        description=f"{item.context}\n{settings.SITE_URL}{item.url}" if item.context else "",
        url=f"{settings.SITE_URL}{item.url}",
    )


def meetings_calendar(
    meetings, *, agenda_for: dict | None = None, name: str = "", dated=()
) -> bytes:
    """agenda_for: meeting id -> timed items, for the meetings whose agenda the reader may see;
    dated: the reader's dated items of the home page (`sg_portal.horizons.DatedItem`), each an
    all-day event on its date."""
    agenda_for = agenda_for or {}
    return calendar_bytes(
        [
            *(_meeting_event(meeting, agenda_for.get(meeting.pk)) for meeting in meetings),
            *(_due_date_event(item) for item in dated),
        ],
        name=name,
    )
