"""Internal communication on the home page: the « important » banner and the pinned news above
the horizons; at 15 days, the sessions open for registration and, for a director, the
announcements their direction has still to relay; as dated items, the sessions where the reader
holds a seat (the home page by urgency and the personal calendar)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from communication import selectors
from communication.models import Registration, Session
from sg_portal.batch import Batched
from sg_portal.horizons import NOTICES, DatedItem, HorizonBlock, Scope


def notices(user, today: dt.date) -> list[HorizonBlock]:
    if not user.is_authenticated:
        return []
    read = selectors.home_notices_read(user)  # (banner, pinned) once read with the page's others
    return [
        HorizonBlock(
            horizon=NOTICES,
            title="Important",
            template="communication/_home_banner.html",
            context={"notices": read},
            prepare=lambda context: {"banner": context["notices"][0]},
            unless_empty="banner",
            order=10,
        ),
        HorizonBlock(
            horizon=NOTICES,
            title="À la une",
            template="communication/_home_pinned.html",
            context={"notices": read},
            prepare=lambda context: {"pinned": context["notices"][1]},
            unless_empty="pinned",
            order=20,
        ),
    ]


def blocks(user, today: dt.date) -> list[HorizonBlock]:
    if not user.is_authenticated:
        return []
    out = []
    to_relay = selectors.to_relay_for(user)
    if to_relay:
        out.append(
            HorizonBlock(
                horizon="15j",
                title="Annonces à relayer dans ma direction",
                template="communication/_horizon_relay.html",
                context={"announcements": to_relay[:5]},
                order=25,
            )
        )
    out.append(
        HorizonBlock(
            horizon="15j",
            title="Auditorium : inscriptions ouvertes",
            template="communication/_horizon_sessions.html",
            context={"sessions": selectors.open_for_registration_read(user)},
            unless_empty="sessions",
            order=35,
        )
    )
    return out


def dated_items(user, today: dt.date, scope: Scope) -> list[DatedItem | Batched]:
    """The auditorium sessions where the reader holds a seat (or has one offered to confirm):
    dated items of « moi », so the personal calendar carries them too."""
    if scope != Scope.ME or not user.is_authenticated:
        return []
    seats = Registration.objects.filter(
        user=user,
        status__in=(Registration.Status.REGISTERED, Registration.Status.OFFERED),
        session__in=selectors.sessions_visible_to(user),
        session__status=Session.State.SCHEDULED,
        session__starts_at__gte=timezone.now(),
    ).order_by("session__starts_at", "pk")

    def seat_item(seat: Registration) -> DatedItem:
        session = seat.session
        starts = timezone.localtime(session.starts_at)
        offered = seat.status == Registration.Status.OFFERED
        return DatedItem(
            key=f"communication.session:{session.pk}:{seat.status}",
            horizon="15j",
            due=starts.date(),
            title=f"{session.title}, {starts:%Hh%M}",
            url=f"/auditorium/{session.pk}/",
            what="Place libérée à confirmer" if offered else "Séance à l'auditorium",
            context=session.room,
            late=False,
        )

    return [
        Batched(
            seats, limit=20, related=("session",), then=lambda rows: [seat_item(s) for s in rows]
        )
    ]
