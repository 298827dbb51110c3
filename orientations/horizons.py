"""The app's blocks on the home page: consultations closing within 15 days (and, for a person
asked, « votre avis est attendu avant le … »), arbitrations due; in the 3-month horizon, the
orientations awaiting arbitration and the sittings their scenarios aim at."""

from __future__ import annotations

import datetime as dt

from django.db.models import Min, Q
from django.urls import reverse

from directions import policy
from directions.models import User
from orientations import selectors
from orientations.models import ConsultationRequest, Orientation, Scenario
from sg_portal.horizons import DatedItem, HorizonBlock, Scope

ITEMS_MAX = 40


def _home(user: User, today: dt.date) -> tuple[list[Orientation], list[ConsultationRequest]]:
    """The orientations and the awaited opinions both contributions read: one query each, kept
    on the reader for the request (the home page asks for blocks, then for dated items)."""
    cached = getattr(user, "_orientations_home", None)
    if cached is not None and cached[0] == today:
        return cached[1], cached[2]
    fortnight, three_months = today + dt.timedelta(days=15), today + dt.timedelta(days=92)
    orientations: list[Orientation] = list(
        selectors.orientations_visible_to(user)
        .filter(
            Q(
                status=Orientation.Status.CONSULTATION,
                consultation_deadline__gte=today,
                consultation_deadline__lte=fortnight,
            )
            | Q(status=Orientation.Status.AWAITING, arbitration_due__lte=three_months)
        )
        # the first sitting a scenario's deliberation aims at: what depends on the decision
        .annotate(
            sitting_start=Min(
                "scenarios__sitting__start_date",
                filter=Q(scenarios__vehicle=Scenario.Vehicle.DELIBERATION),
            )
        )
        .order_by("arbitration_due", "pk")
    )
    awaited = list(
        ConsultationRequest.objects.filter(selectors.awaiting_opinion_q(user))
        .select_related("orientation", "official")
        .order_by("orientation__consultation_deadline")[:ITEMS_MAX]
    )
    user._orientations_home = (today, orientations, awaited)  # type: ignore[attr-defined]
    return orientations, awaited


def blocks(user: User, today: dt.date) -> list[HorizonBlock]:
    if not user.is_authenticated:
        return []
    fortnight = today + dt.timedelta(days=15)
    orientations, awaited = _home(user, today)
    awaited = awaited[:8]
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


def dated_items(user: User, today: dt.date, scope: Scope) -> list[DatedItem]:
    """Opinions awaited from the reader (as the élu·e or their cabinet), consultations closing
    and arbitrations due, in the reader's scope; read through the app's selectors."""
    if not user.is_authenticated:
        return []
    orientations, awaited = _home(user, today)
    items: list[DatedItem] = []
    for request in awaited:
        orientation = request.orientation
        assert orientation.consultation_deadline is not None
        items.append(
            DatedItem(
                key=f"orientations.opinion:{request.pk}",
                horizon="15j",
                due=orientation.consultation_deadline,
                title=orientation.title,
                url=reverse("orientations:opinion", args=[orientation.pk]),
                what="Avis attendu",
                context=f"Votre avis est attendu avant le {orientation.consultation_deadline:%d/%m/%Y}",
            )
        )
    if scope == Scope.POLE:
        return items  # an orientation belongs to no pôle
    if scope == Scope.ME and not policy.records_arbitrations(user):
        return items
    fortnight = today + dt.timedelta(days=15)
    for orientation in orientations:
        if orientation.status == Orientation.Status.CONSULTATION:
            if scope == Scope.ME:
                continue  # the closing of a consultation is the SG's to watch, not one's own
            assert orientation.consultation_deadline is not None
            items.append(
                DatedItem(
                    key=f"orientations.closing:{orientation.pk}:{orientation.consultation_deadline}",
                    horizon="15j",
                    due=orientation.consultation_deadline,
                    title=orientation.title,
                    url=orientation.get_absolute_url(),
                    what="Consultation close",
                    context="Date limite des avis",
                )
            )
        else:
            items.append(
                DatedItem(
                    key=f"orientations.arbitration:{orientation.pk}:{orientation.arbitration_due}",
                    horizon="15j" if orientation.arbitration_due <= fortnight else "3m",
                    due=orientation.arbitration_due,
                    title=orientation.title,
                    url=orientation.get_absolute_url(),
                    what="Arbitrage attendu",
                    context="Consultation close, en attente de la décision de la Maire",
                )
            )
    return items
