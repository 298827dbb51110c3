"""Internal communication's searchable documents: announcements and auditorium sessions.
Visibility is the app's: `announcements_visible_to` (audience and publication window) and
`sessions_visible_to` (audience)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from communication.models import Announcement, Session
from communication.selectors import announcements_visible_to, sessions_visible_to
from directions.models import User
from sg_portal.search.kinds import Entry, SearchKind


def _announcement(announcement: Announcement) -> Entry:
    return Entry(
        title=announcement.title,
        context=" · ".join(
            [
                "Annonce",
                announcement.get_category_display(),
                f"{timezone.localtime(announcement.publish_at):%d/%m/%Y}",
                announcement.get_signature_display(),
            ]
        ),
        body="\n".join(p for p in (announcement.lead, announcement.body) if p),
        url=f"/annonces/{announcement.pk}/",
    )


def _session(session: Session) -> Entry:
    return Entry(
        title=session.title,
        context=" · ".join(
            p
            for p in (
                "Séance à l'auditorium",
                f"{timezone.localtime(session.starts_at):%d/%m/%Y à %Hh%M}",
                session.room,
                "annulée" if session.is_cancelled else "",
            )
            if p
        ),
        body="\n".join(p for p in (session.speakers, session.description) if p),
        url=f"/auditorium/{session.pk}/",
    )


def _visible_announcements(user: User) -> QuerySet[Announcement]:
    return announcements_visible_to(user)


def _visible_sessions(user: User) -> QuerySet[Session]:
    return sessions_visible_to(user)


def searchable() -> list[SearchKind]:
    return [
        SearchKind(
            key="communication.announcement",
            label="Annonces",
            model=Announcement,
            queryset=lambda: Announcement.objects.all(),
            document=_announcement,
            visible=_visible_announcements,
            order=70,
        ),
        SearchKind(
            key="communication.session",
            label="Séances à l'auditorium",
            model=Session,
            queryset=lambda: Session.objects.all(),
            document=_session,
            visible=_visible_sessions,
            order=75,
        ),
    ]
