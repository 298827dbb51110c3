"""The app's blocks on the home page: consultations closing within 15 days (and, for a person
asked, « votre avis est attendu avant le … »), arbitrations due; in the 3-month horizon, the
orientations awaiting arbitration and the sittings their scenarios aim at."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q

from directions.models import User
from orientations import selectors
from orientations.models import ConsultationRequest, Orientation, Scenario
from sg_portal.horizons import HorizonBlock


def blocks(user: User, today: dt.date) -> list[HorizonBlock]:
    if not user.is_authenticated:
        return []
    fortnight, three_months = today + dt.timedelta(days=15), today + dt.timedelta(days=92)
    # One query for both horizons (and one for the scenarios' sittings).
    orientations = list(
        selectors.orientations_visible_to(user)
        .filter(
            Q(
                status=Orientation.Status.CONSULTATION,
                consultation_deadline__gte=today,
                consultation_deadline__lte=fortnight,
            )
            | Q(status=Orientation.Status.AWAITING, arbitration_due__lte=three_months)
        )
        .prefetch_related(
            Prefetch("scenarios", queryset=Scenario.objects.select_related("sitting"))
        )
        .order_by("arbitration_due", "pk")
    )
    awaited = list(
        ConsultationRequest.objects.filter(selectors.awaiting_opinion_q(user))
        .select_related("orientation", "official")
        .order_by("orientation__consultation_deadline")[:8]
    )
    awaiting = [o for o in orientations if o.status == Orientation.Status.AWAITING]
    found = [
        _fortnight(orientations, awaited, awaiting, today, fortnight),
        _three_months(awaiting, today),
    ]
    return [block for block in found if block is not None]


def _fortnight(orientations, awaited, awaiting, today, fortnight) -> HorizonBlock | None:
    awaited_ids = {r.orientation_id for r in awaited}
    closing = sorted(
        (
            o
            for o in orientations
            if o.status == Orientation.Status.CONSULTATION and o.pk not in awaited_ids
        ),
        key=lambda o: o.consultation_deadline,
    )[:8]
    due = [o for o in awaiting if o.arbitration_due <= fortnight][:8]
    if not (awaited or closing or due):
        return None
    return HorizonBlock(
        horizon="15j",
        title="Orientations : avis et arbitrages",
        template="orientations/_horizon_15j.html",
        context={"awaited": awaited, "closing": closing, "due": due, "today": today},
        order=45,
    )


def _three_months(awaiting, today) -> HorizonBlock | None:
    if not awaiting:
        return None
    return HorizonBlock(
        horizon="3m",
        title="Orientations en attente d'arbitrage",
        template="orientations/_horizon_3m.html",
        context={"awaiting": awaiting[:8], "today": today},
        order=20,
    )
