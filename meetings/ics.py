"""iCalendar files: one meeting (.ics download, email attachment) or a user's private feed."""

from __future__ import annotations

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


def meetings_calendar(meetings, *, agenda_for: dict | None = None, name: str = "") -> bytes:
    """agenda_for: meeting id -> timed items, for the meetings whose agenda the reader may see."""
    agenda_for = agenda_for or {}
    return calendar_bytes(
        (
            IcsEvent(
                uid=f"reunion-{meeting.pk}",
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                summary=meeting.body.name,
                location=meeting.place,
                sequence=meeting.sequence,
                cancelled=meeting.is_cancelled,
                description=_description(meeting, agenda_for.get(meeting.pk)),
                url=f"{settings.SITE_URL}/reunions/{meeting.pk}/",
            )
            for meeting in meetings
        ),
        name=name,
    )
