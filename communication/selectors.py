"""Reads of internal communication, scoped by the role policy: an announcement or a session
only for its audience (others: 404), the figures for the SG's staff, a director's own direction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from communication.models import (
    Announcement,
    BannerDismissal,
    Reading,
    Registration,
    Relay,
    Session,
)
from directions import policy
from directions.models import Direction, User
from sg_portal.batch import Batched, fetch_all


def writes_communication(user: Any) -> bool:
    return policy.writes_communication(user)


def _published_q(now: dt.datetime) -> Q:
    return Q(publish_at__lte=now) & (Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=now))


def announcements_visible_to(
    user: Any, *, now: dt.datetime | None = None
) -> QuerySet[Announcement]:
    """The announcements a user may open: for its audience, within its publication window; the
    writers see every one, scheduled and withdrawn included."""
    now = now or timezone.now()
    matching = Announcement.objects.filter(policy.audience_q(user)).values("pk")
    visible = Announcement.objects.filter(pk__in=matching)
    if not policy.writes_communication(user):
        visible = visible.filter(_published_q(now))
    return visible.select_related("audience_pole")


def announcement_for(user: Any, pk: int) -> Announcement:
    found = announcements_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404("Annonce introuvable")
    return found


def announcement_list(user: Any, *, now: dt.datetime | None = None) -> list[Announcement]:
    """The list page: each announcement with the reader's own reading (one query more)."""
    now = now or timezone.now()
    items = list(
        announcements_visible_to(user, now=now).prefetch_related("audience_directions")[:100]
    )
    readings = {
        r.announcement_id: r
        for r in Reading.objects.filter(user=user, announcement__in=[a.pk for a in items])
    }
    for item in items:
        item.my_reading = readings.get(item.pk)  # type: ignore[attr-defined]
    return items


def home_notices_read(user: Any, *, now: dt.datetime | None = None) -> Batched:
    """The read of the « important » banner (unless the reader closed it as it reads now) and of
    the news pinned on the home page until their date; once done, its result is
    `(banner, pinned)`. Done with the home page's other reads (`sg_portal.batch`)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    user_id = user.pk if getattr(user, "is_authenticated", False) else 0

    def split(items: list[Announcement]) -> tuple[Announcement | None, list[Announcement]]:
        banner = next((a for a in items if a.is_important), None)
        if banner is not None and getattr(banner, "dismissed_hash", None) == banner.text_hash:
            banner = None
        pinned = [
            a
            for a in items
            if a.pinned_until is not None and a.pinned_until >= today and a is not banner
        ]
        return banner, pinned[:3]

    return Batched(
        announcements_visible_to(user, now=now)
        .filter(_published_q(now))
        .filter(Q(is_important=True) | Q(pinned_until__gte=today))
        .annotate(
            dismissed_hash=Subquery(
                BannerDismissal.objects.filter(announcement=OuterRef("pk"), user_id=user_id).values(
                    "text_hash"
                )[:1]
            )
        )
        .order_by("-publish_at", "pk"),
        limit=4,
        then=split,
    )


def home_notices_for(
    user: Any, *, now: dt.datetime | None = None
) -> tuple[Announcement | None, list[Announcement]]:
    """The banner and the pinned news, read now (one query)."""
    read = home_notices_read(user, now=now)
    fetch_all([read])
    return read.result


def pinned_for(user: Any, *, now: dt.datetime | None = None) -> list[Announcement]:
    return home_notices_for(user, now=now)[1]


def banner_for(user: Any, *, now: dt.datetime | None = None) -> Announcement | None:
    return home_notices_for(user, now=now)[0]


def relay_direction_for(user: Any, announcement: Announcement) -> Direction | None:
    """The direction in which this user records the relay of this announcement, if any."""
    direction_id = policy.relays_for_direction_id(user)
    if direction_id is None or not announcement.asks_relay:
        return None
    return Direction.objects.filter(_relaying_q(announcement)).filter(pk=direction_id).first()


def _relaying_q(announcement: Announcement) -> Q:
    return policy.relaying_directions_q(
        announcement.audience,
        announcement.audience_pole_id,
        [d.pk for d in announcement.audience_directions.all()],
    )


@dataclass
class DirectionFigures:
    direction: Direction
    audience: int = 0
    read: int = 0
    acknowledged: int = 0
    relay: Relay | None = None
    expects_relay: bool = False

    def rate(self, count: int) -> int | None:
        return round(100 * count / self.audience) if self.audience else None

    @property
    def read_rate(self) -> int | None:
        return self.rate(self.read)

    @property
    def ack_rate(self) -> int | None:
        return self.rate(self.acknowledged)


@dataclass
class AnnouncementFigures:
    rows: list[DirectionFigures] = field(default_factory=list)
    audience: int = 0
    read: int = 0
    acknowledged: int = 0
    relays_expected: int = 0
    relays_done: int = 0

    def rate(self, count: int, total: int) -> int | None:
        return round(100 * count / total) if total else None

    @property
    def read_rate(self) -> int | None:
        return self.rate(self.read, self.audience)

    @property
    def ack_rate(self) -> int | None:
        return self.rate(self.acknowledged, self.audience)

    @property
    def relay_rate(self) -> int | None:
        return self.rate(self.relays_done, self.relays_expected)


def announcement_figures(user: Any, announcement: Announcement) -> AnnouncementFigures:
    """Reading, acknowledgement and relay by direction: every direction the audience reaches for
    the writers, their own for a director (a fixed number of queries)."""
    scope = policy.communication_directions_q(user)
    if scope == policy.NOTHING:
        return AnnouncementFigures()
    members = User.objects.filter(
        policy.audience_members_q(
            announcement.audience,
            announcement.audience_pole_id,
            [d.pk for d in announcement.audience_directions.all()],
        ),
        direction__isnull=False,
    ).filter(policy.communication_directions_q(user, direction="direction"))
    reading = Reading.objects.filter(announcement=announcement, user=OuterRef("pk"))
    counts = (
        members.annotate(
            has_read=Exists(reading),
            has_ack=Exists(reading.filter(acknowledged_at__isnull=False)),
        )
        .values("direction_id")
        .annotate(
            total=Count("pk"),
            read=Count("pk", filter=Q(has_read=True)),
            ack=Count("pk", filter=Q(has_ack=True)),
        )
    )
    by_direction: dict[int, dict[str, Any]] = {row["direction_id"]: dict(row) for row in counts}
    relays = {
        r.direction_id: r
        for r in announcement.relays.select_related("relayed_by").filter(
            policy.communication_directions_q(user, direction="direction")
        )
    }
    expected = (
        set(Direction.objects.filter(_relaying_q(announcement)).values_list("pk", flat=True))
        if announcement.asks_relay
        else set()
    )
    directions = Direction.objects.filter(scope).filter(
        Q(pk__in=by_direction.keys()) | Q(pk__in=expected)
    )
    figures = AnnouncementFigures()
    for direction in directions.order_by("code"):
        row: dict[str, Any] = by_direction.get(direction.pk, {})
        line = DirectionFigures(
            direction=direction,
            audience=row.get("total", 0),
            read=row.get("read", 0),
            acknowledged=row.get("ack", 0),
            relay=relays.get(direction.pk),
            expects_relay=direction.pk in expected,
        )
        figures.rows.append(line)
        figures.audience += line.audience
        figures.read += line.read
        figures.acknowledged += line.acknowledged
        if line.expects_relay:
            figures.relays_expected += 1
            figures.relays_done += int(line.relay is not None)
    return figures


def to_relay_for(user: Any) -> list[Announcement]:
    """Announcements published to a director that their direction has not relayed yet (two
    queries)."""
    direction_id = policy.relays_for_direction_id(user)
    if direction_id is None:
        return []
    now = timezone.now()
    candidates = (
        announcements_visible_to(user, now=now)
        .filter(_published_q(now), asks_relay=True)
        .exclude(relays__direction_id=direction_id)
        .prefetch_related("audience_directions")
    )
    return [
        a
        for a in candidates[:20]
        if policy.relays_announcement(
            user.direction,
            a.audience,
            a.audience_pole_id,
            [d.pk for d in a.audience_directions.all()],
        )
    ]


# --- Sessions ------------------------------------------------------------------------------------


def sessions_visible_to(user: Any) -> QuerySet[Session]:
    matching = Session.objects.filter(policy.audience_q(user)).values("pk")
    return Session.objects.filter(pk__in=matching)


def session_for(user: Any, pk: int) -> Session:
    found = sessions_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404("Séance introuvable")
    return found


def with_seats(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return sessions.annotate(
        seated=Count("registrations", filter=Q(registrations__status__in=Registration.SEATED)),
        waiting=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITING)),
    )


def session_list(user: Any) -> tuple[list[Session], list[Session]]:
    """Coming and past sessions, each with its seats taken and the reader's registration."""
    now = timezone.now()
    visible = with_seats(sessions_visible_to(user))
    coming = list(visible.filter(starts_at__gte=now).order_by("starts_at")[:50])
    past = list(visible.filter(starts_at__lt=now).order_by("-starts_at")[:20])
    mine = {
        r.session_id: r
        for r in Registration.objects.filter(user=user, session__in=[s.pk for s in coming + past])
    }
    for item in coming + past:
        item.my_registration = mine.get(item.pk)  # type: ignore[attr-defined]
    return coming, past


def open_for_registration_read(user: Any, *, days: int = 15) -> Batched:
    """The read of the sessions whose registration is open now, starting within `days` (the
    home page), each with the reader's registration as `my_label`."""
    now = timezone.now()
    until = now + dt.timedelta(days=days)

    def labelled(sessions: list[Session]) -> list[Session]:
        for item in sessions:
            status = getattr(item, "my_status", None)
            item.my_label = (  # type: ignore[attr-defined]
                Registration.Status(status).label
                if status and status != Registration.Status.CANCELLED
                else ""
            )
        return sessions

    return Batched(
        with_seats(sessions_visible_to(user))
        .filter(
            status=Session.State.SCHEDULED,
            registration_opens_at__lte=now,
            registration_closes_at__gt=now,
            starts_at__gt=now,
            starts_at__lte=until,
        )
        .annotate(
            my_status=Subquery(
                Registration.objects.filter(session=OuterRef("pk"), user=user.pk).values("status")[
                    :1
                ]
            )
        )
        .order_by("starts_at", "pk"),
        limit=5,
        then=labelled,
    )


def registrations_of(session: Session) -> list[Registration]:
    return list(
        session.registrations.select_related("user", "user__direction").order_by("queued_at", "pk")
    )


def waiting_rank(registration: Registration) -> int:
    return (
        Registration.objects.filter(
            session_id=registration.session_id,
            status=Registration.Status.WAITING,
        )
        .filter(
            Q(queued_at__lt=registration.queued_at)
            | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def attendance_by_direction(user: Any, *, sessions: QuerySet[Session] | None = None) -> list[dict]:
    """Past sessions' attendance by direction: the writers see every direction, a director
    their own."""
    scope = policy.communication_directions_q(user, direction="user__direction")
    if scope == policy.NOTHING:
        return []
    rows = (
        Registration.objects.filter(scope, user__direction__isnull=False)
        .filter(status__in=[Registration.Status.PRESENT, Registration.Status.ABSENT])
        .values("user__direction__code", "user__direction__name")
        .annotate(
            present=Count("pk", filter=Q(status=Registration.Status.PRESENT)),
            absent=Count("pk", filter=Q(status=Registration.Status.ABSENT)),
        )
        .order_by("user__direction__code")
    )
    if sessions is not None:
        rows = rows.filter(session__in=sessions)
    out = []
    for row in rows:
        total = row["present"] + row["absent"]
        out.append(
            {
                "code": row["user__direction__code"],
                "name": row["user__direction__name"],
                "present": row["present"],
                "absent": row["absent"],
                "rate": round(100 * row["present"] / total) if total else None,
            }
        )
    return out


def session_reservations(session: Session) -> list[dict[str, Any]]:
    """Per pôle: the seats reserved and how many its people hold (one query)."""
    return [
        {"pole": r.pole, "seats": r.seats, "taken": r.taken}
        for r in session.reservations.select_related("pole").annotate(
            taken=Count(
                "session__registrations",
                filter=Q(
                    session__registrations__status__in=Registration.SEATED,
                    session__registrations__reserved_pole=F("pole"),
                ),
            )
        )
    ]
