"""Home page: reports due or late for a direction, reports to review for the SG (15 days)."""

from __future__ import annotations

import datetime as dt

from indicators.models import Report, ReportState
from indicators.selectors import (
    files_reports,
    reports_reviewed_by,
    reports_visible_to,
    reviews_reports,
)
from sg_portal.horizons import HorizonBlock

LIMIT = 6


def blocks(user, today: dt.date) -> list[HorizonBlock]:
    if files_reports(user):
        reports = (
            reports_visible_to(user)
            .filter(status__in=Report.EDITABLE, due_date__lte=today + dt.timedelta(days=15))
            .order_by("due_date")
        )
        items = list(reports[: LIMIT + 1])
        return [
            HorizonBlock(
                horizon="15j",
                title="Mes rapports à remplir",
                template="indicators/_horizon_reports.html",
                order=10,
                context={
                    "items": [
                        {"report": r, "state": r.state(today), "days_late": r.days_late(today)}
                        for r in items[:LIMIT]
                    ],
                    "more": max(0, reports.count() - LIMIT) if len(items) > LIMIT else 0,
                    "more_state": "",
                    "empty": "Aucun rapport à rendre dans les quinze jours.",
                },
            )
        ]
    if reviews_reports(user):
        # An adjoint·e sees the reports of her pôle; the SG and the délégué·e all of them.
        reviewed = reports_visible_to(user).filter(pk__in=reports_reviewed_by(user).values("pk"))
        reports = reviewed.filter(status=Report.Status.SUBMITTED).order_by("submitted_at")
        items = list(reports[: LIMIT + 1])
        late = reviewed.filter(Report.late_q(today))
        late_count = late.count()
        return [
            HorizonBlock(
                horizon="15j",
                title="Rapports à examiner",
                template="indicators/_horizon_reports.html",
                order=10,
                context={
                    "items": [{"report": r, "state": ReportState.SUBMITTED} for r in items[:LIMIT]],
                    "more": max(0, reports.count() - LIMIT) if len(items) > LIMIT else 0,
                    "more_state": ReportState.SUBMITTED,
                    "empty": "Aucun rapport en attente d'examen.",
                },
            ),
            HorizonBlock(
                horizon="15j",
                title=f"Rapports en retard ({late_count})",
                template="indicators/_horizon_reports.html",
                order=11,
                context={
                    "items": [
                        {"report": r, "state": r.state(today), "days_late": r.days_late(today)}
                        for r in late.order_by("due_date")[:LIMIT]
                    ]
                    if late_count
                    else [],
                    "more": max(0, late_count - LIMIT),
                    "more_state": ReportState.LATE,
                    "empty": "Aucun rapport en retard.",
                },
            ),
        ]
    return []
