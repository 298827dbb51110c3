"""Internal communication on the home page: the « important » banner and the pinned news above
the horizons; at 15 days, the sessions open for registration and, for a director, the
announcements their direction has still to relay."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from communication import selectors
from sg_portal.horizons import NOTICES, DatedItem, HorizonBlock, Scope


def notices(user, today: dt.date) -> list[HorizonBlock]:
    if not user.is_authenticated:
        return []
    out = []
    banner, pinned = selectors.home_notices_for(user)
    if banner is not None:
        out.append(
            HorizonBlock(
                horizon=NOTICES,
                title="Important",
                template="communication/_home_banner.html",
                context={"banner": banner},
                order=10,
            )
        )
    if pinned:
        out.append(
            HorizonBlock(
                horizon=NOTICES,
                title="À la une",
                template="communication/_home_pinned.html",
                context={"pinned": pinned},
                order=20,
            )
        )
    return out


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
    return out


def dated_items(user, today: dt.date, scope: Scope) -> list[DatedItem]:
    """The sessions one may still register for within 15 days (due: the close of registration),
    and the seat offered to the reader, to confirm before its time. The same in every scope:
    a session is for its audience, and the reader is in it."""
    if not user.is_authenticated:
        return []
    items = []
    for session in selectors.open_for_registration(user, today=today):
        status = getattr(session, "my_status", None)
        if status == "place_offerte":
            continue
        if status and status != "annule" and scope == Scope.ME:
            continue  # already registered or waiting: nothing to do
        closes = timezone.localtime(session.registration_closes_at)
        starts = timezone.localtime(session.starts_at)
        items.append(
            DatedItem(
                key=f"communication.session:{session.pk}:{closes:%Y%m%d}",
                horizon="15j",
                due=closes.date(),
                title=session.title,
                url=f"/auditorium/{session.pk}/#inscription",
                what="Inscription à l'auditorium",
                context=f"séance le {starts:%d/%m à %Hh%M}"
                + (" · complet, liste d'attente" if _full(session) else ""),
                late=False,
            )
        )
    for registration in selectors.offers_to_confirm(user):
        expires = timezone.localtime(registration.offer_expires_at)
        items.append(
            DatedItem(
                key=f"communication.offer:{registration.pk}:{registration.offer_count}",
                horizon="15j",
                due=expires.date(),
                title=registration.session.title,
                url=f"/auditorium/{registration.session_id}/#inscription",
                what="Place libérée à confirmer",
                context=f"avant le {expires:%d/%m à %Hh%M}",
                late=False,
            )
        )
    return items


def _full(session) -> bool:
    return getattr(session, "seated", 0) >= session.capacity
