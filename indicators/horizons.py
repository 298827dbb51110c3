"""Home page: reports due or late for a direction, reports to review for the SG (15 days)."""

from __future__ import annotations

import datetime as dt

from directions import policy
from indicators.models import Report, ReportState
from indicators.selectors import (
    files_reports,
    reports_edited_by,
    reports_reviewed_by,
    reports_visible_to,
    reviews_reports,
)
from sg_portal.horizons import DatedItem, HorizonBlock, Scope

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


ITEMS_MAX = 40


def dated_items(user, today: dt.date, scope: Scope) -> list[DatedItem]:
    """Reports to fill (late, due today, this week, later) and reports to review, in the
    reader's scope; every query goes through the app's selectors."""
    visible = reports_visible_to(user)
    if scope == Scope.ME:
        to_fill = visible.filter(pk__in=reports_edited_by(user).values("pk"))
        to_review = visible.filter(pk__in=reports_reviewed_by(user).values("pk"))
    elif scope == Scope.POLE:
        to_fill = to_review = visible.filter(policy.pole_directions_q(user, direction="direction"))
    else:
        to_fill = to_review = visible
    horizon_end = today + dt.timedelta(days=15)
    items = []
    for report in to_fill.filter(status__in=Report.EDITABLE, due_date__lte=horizon_end).order_by(
        "due_date"
    )[:ITEMS_MAX]:
        items.append(
            DatedItem(
                key=f"indicators.report:{report.pk}:{report.status}",
                horizon="15j",
                due=report.due_date,
                title=f"Rapport {report.direction.code} — {report.period.label}",
                url=f"/rapports/{report.pk}/",
                what="Rapport renvoyé" if report.is_returned else "Rapport à remplir",
                context=report.direction.name,
                late=report.is_late(today),
            )
        )
    for report in to_review.filter(status=Report.Status.SUBMITTED).order_by("submitted_at")[
        :ITEMS_MAX
    ]:
        items.append(
            DatedItem(
                key=f"indicators.review:{report.pk}:{report.submitted_at:%Y%m%d%H%M}",
                horizon="15j",
                due=max(report.due_date, today),
                title=f"Rapport {report.direction.code} — {report.period.label}",
                url=f"/rapports/{report.pk}/",
                what="Rapport à examiner",
                context=report.direction.name,
                late=False,
            )
        )
    return items
