"""The app's blocks on the home page: consultations closing within 15 days (and, for a person
asked, « votre avis est attendu avant le … »), arbitrations due; in the 3-month horizon, the
orientations awaiting arbitration."""

from __future__ import annotations

import datetime as dt

from directions.models import User
from orientations import selectors
from orientations.models import ConsultationRequest
from sg_portal.horizons import HorizonBlock


def blocks(user: User, today: dt.date) -> list[HorizonBlock]:
    if not user.is_authenticated:
        return []
    found = [_fortnight(user, today), _three_months(user, today)]
    return [block for block in found if block is not None]


def _fortnight(user: User, today: dt.date) -> HorizonBlock | None:
    awaited = list(
        ConsultationRequest.objects.filter(selectors.awaiting_opinion_q(user))
        .select_related("orientation", "official")
        .order_by("orientation__consultation_deadline")[:8]
    )
    closing = list(
        selectors.consultations_closing(user, today=today, days=15).order_by(
            "consultation_deadline"
        )[:8]
    )
    due = list(
        selectors.awaiting_arbitration(user)
        .filter(arbitration_due__lte=today + dt.timedelta(days=15))
        .order_by("arbitration_due")[:8]
    )
    awaited_ids = {r.orientation_id for r in awaited}
    closing = [o for o in closing if o.pk not in awaited_ids]
    if not (awaited or closing or due):
        return None
    return HorizonBlock(
        horizon="15j",
        title="Orientations : avis et arbitrages",
        template="orientations/_horizon_15j.html",
        context={"awaited": awaited, "closing": closing, "due": due, "today": today},
        order=45,
    )


def _three_months(user: User, today: dt.date) -> HorizonBlock | None:
    awaiting = list(
        selectors.awaiting_arbitration(user)
        .filter(arbitration_due__lte=today + dt.timedelta(days=92))
        .prefetch_related("scenarios__sitting")
        .order_by("arbitration_due")[:8]
    )
    if not awaiting:
        return None
    return HorizonBlock(
        horizon="3m",
        title="Orientations en attente d'arbitrage",
        template="orientations/_horizon_3m.html",
        context={"awaiting": awaiting, "today": today},
        order=20,
    )
