"""The risks' blocks on the home page: my risks to review and my measures due (15 days); the
critical risks with their trend for the SG's staff."""

from __future__ import annotations

import datetime as dt

from directions import policy
from risks import selectors
from risks.models import Measure, Risk
from sg_portal.horizons import DatedItem, HorizonBlock, Scope


def blocks(user, today: dt.date) -> list[HorizonBlock]:
    if not policy.is_active_user(user):
        return []
    until = today + dt.timedelta(days=15)
    out = []
    risks = list(selectors.risks_to_review(user, until=until)[:10])
    if risks:
        out.append(
            HorizonBlock(
                horizon="15j",
                title="Mes risques à revoir",
                template="risks/_horizon_reviews.html",
                context={"risks": risks, "today": today},
                order=25,
            )
        )
    measures = list(selectors.measures_of_user(user, until=until)[:10])
    if measures:
        out.append(
            HorizonBlock(
                horizon="15j",
                title="Mes mesures de maîtrise des risques",
                template="risks/_horizon_measures.html",
                context={"measures": [(m, m.days_late(today)) for m in measures]},
                order=21,
            )
        )
    if policy.is_sg_staff(user):
        critical = list(selectors.critical_risks(user)[:8])
        if critical:
            out.append(
                HorizonBlock(
                    horizon="15j",
                    title="Risques critiques",
                    template="risks/_horizon_critical.html",
                    context={"risks": critical},
                    order=26,
                )
            )
    return out


ITEMS_MAX = 40


def dated_items(user, today: dt.date, scope: Scope) -> list[DatedItem]:
    """Risks to review and measures due within 15 days (or late), in the reader's scope: their
    own (« moi »), their pôle's, or every risk they see."""
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
    items = [
        DatedItem(
            key=f"risks.review:{risk.pk}:{risk.next_review_on.isoformat()}",
            horizon="15j",
            due=risk.next_review_on,
            title=risk.title,
            url=risk.get_absolute_url(),
            what="Risque à revoir",
            context=f"{risk.scope_label} · net {risk.net.label.lower()}",
        )
        for risk in risks.filter(next_review_on__lte=until)
        .select_related("direction", "project", "pole")
        .order_by("next_review_on", "pk")[:ITEMS_MAX]
    ]
    items += [
        DatedItem(
            key=f"risks.measure:{measure.pk}:{measure.due_date.isoformat()}",
            horizon="15j",
            due=measure.due_date,
            title=measure.title,
            url=measure.get_absolute_url(),
            what="Mesure de maîtrise",
            context=measure.risk.title,
            late=measure.days_late(today) > 0,
        )
        for measure in measures.filter(selectors.open_measures_q(), due_date__lte=until)
        .select_related("risk")
        .order_by("due_date", "pk")[:ITEMS_MAX]
    ]
    return items
