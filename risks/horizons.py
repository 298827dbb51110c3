"""The risks on the home page: as dated items sorted by urgency (15 days), the risks to review
(or whose review is asked for) and the measures due, in the reader's scope; for the SG's staff,
a block of the critical risks with their trend. Every read is a `Batched` one, done with the
page's other reads."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from directions import policy
from risks import selectors
from risks.models import Measure, Risk
from sg_portal.batch import Batched
from sg_portal.horizons import DatedItem, HorizonBlock, Scope

ITEMS_MAX = 40
RISK_RELATED = ("direction", "project", "pole")


def blocks(user, today: dt.date) -> list[HorizonBlock]:
    if not policy.is_active_user(user) or not policy.is_sg_staff(user):
        return []
    return [
        HorizonBlock(
            horizon="15j",
            title="Risques critiques",
            template="risks/_horizon_critical.html",
            context={
                "risks": Batched(selectors.critical_risks(user), limit=8, related=RISK_RELATED)
            },
            order=26,
            unless_empty="risks",
        )
    ]


def dated_items(user, today: dt.date, scope: Scope) -> list[DatedItem | Batched]:
    """Risks to review within 15 days (or whose review is asked for) and measures due within 15
    days (or late), in the reader's scope: their own (« moi »), their pôle's, or every risk they
    see."""
    if not policy.is_active_user(user):
        return []
    visible = selectors.risks_visible_to(user).filter(state=Risk.State.OPEN)
    if scope == Scope.ME:
        risks = visible.filter(owner=user)
        measures = Measure.objects.filter(owner=user, risk__in=visible)
    elif scope == Scope.POLE:
        risks = visible.filter(pole_id=user.pole_id) if user.pole_id else visible.none()
        measures = Measure.objects.filter(risk__in=risks)
    else:
        risks = visible
        measures = Measure.objects.filter(risk__in=visible)
    until = today + dt.timedelta(days=15)

    def review_item(risk: Risk) -> DatedItem:
        asked = bool(risk.review_flag) and risk.next_review_on > today
        return DatedItem(
            key=f"risks.review:{risk.pk}:{risk.next_review_on.isoformat()}",
            horizon="15j",
            due=today if asked else risk.next_review_on,
            title=risk.title,
            url=risk.get_absolute_url(),
            what="Revue demandée" if asked else "Risque à revoir",
            context=(
                f"{risk.scope_label} · {risk.review_flag}"
                if asked
                else f"{risk.scope_label} · net {risk.net.label.lower()}"
            ),
        )

    def measure_item(measure: Measure) -> DatedItem:
        return DatedItem(
            key=f"risks.measure:{measure.pk}:{measure.due_date.isoformat()}",
            horizon="15j",
            due=measure.due_date,
            title=measure.title,
            url=measure.get_absolute_url(),
            what="Mesure de maîtrise",
            context=measure.risk.title,
            late=measure.days_late(today) > 0,
        )

    return [
        Batched(
            risks.filter(Q(next_review_on__lte=until) | ~Q(review_flag="")).order_by(
                "next_review_on", "pk"
            ),
            limit=ITEMS_MAX,
            related=RISK_RELATED,
            then=lambda rows: [review_item(r) for r in rows],
        ),
        Batched(
            measures.filter(selectors.open_measures_q(), due_date__lte=until).order_by(
                "due_date", "pk"
            ),
            limit=ITEMS_MAX,
            related=("risk",),
            then=lambda rows: [measure_item(m) for m in rows],
        ),
    ]
