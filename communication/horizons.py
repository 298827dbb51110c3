"""Internal communication on the home page: the « important » banner and the pinned news above
the horizons; at 15 days, the sessions open for registration and, for a director, the
announcements their direction has still to relay."""

from __future__ import annotations

import datetime as dt

from communication import selectors
from sg_portal.horizons import NOTICES, HorizonBlock


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
    sessions = selectors.open_for_registration(user, today=today)
    if sessions:
        out.append(
            HorizonBlock(
                horizon="15j",
                title="Auditorium : inscriptions ouvertes",
                template="communication/_horizon_sessions.html",
                context={"sessions": sessions},
                order=35,
            )
        )
    return out
