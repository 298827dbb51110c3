"""An auditorium session as an iCalendar invitation, written by the kernel's `sg_portal.ics`
as the meetings' are."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

from communication.models import Session
from sg_portal.ics import IcsEvent, calendar_bytes


def _description(session: Session) -> str:
    lines = []
    if session.speakers:
        lines.append("Intervenant·e·s : " + "; ".join(session.speaker_list))
    if session.description:
        lines.append(session.description)
    if session.video_url:
        lines.append(f"Retransmission : {session.video_url}")
    lines.append(f"{settings.SITE_URL}/auditorium/{session.pk}/")
    return "\n\n".join(lines)


def session_calendar(sessions: Iterable[Session]) -> bytes:
    return calendar_bytes(
        IcsEvent(
            uid=f"auditorium-{session.pk}",
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            summary=f"Auditorium : {session.title}",
            description=_description(session),
            location=session.room,
            url=f"{settings.SITE_URL}/auditorium/{session.pk}/",
            sequence=session.sequence,
            cancelled=session.is_cancelled,
        )
        for session in sessions
    )
