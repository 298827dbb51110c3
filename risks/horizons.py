"""The risks' blocks on the home page: my risks to review and my measures due (15 days); the
critical risks with their trend for the SG's staff."""

from __future__ import annotations

import datetime as dt

from directions import policy
from risks import selectors
from sg_portal.horizons import HorizonBlock


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
