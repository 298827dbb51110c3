"""Home page: the reports to fill, to review or late, as dated items sorted by urgency (15 days).

A director sees the reports of their direction; a reviewer those waiting for review and the
late ones of the directions they review; « mon pôle » and « tout le SG » widen the scope."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from directions import policy
from indicators.models import Report, ReportState
from indicators.selectors import (
    reports_edited_by,
    reports_reviewed_by,
    reports_visible_to,
)
from sg_portal.batch import Batched
from sg_portal.calendar import days_late_text
from sg_portal.horizons import DatedItem, Scope

ITEMS_MAX = 40
RELATED = ("direction", "period")


def dated_items(user, today: dt.date, scope: Scope) -> list[DatedItem | Batched]:
    """Reports to fill (late, due today, this week, later) and reports to review, in the
    reader's scope; every query goes through the app's selectors."""
    visible = reports_visible_to(user)
    if scope == Scope.ME:
        reviewed = reports_reviewed_by(user).values("pk")
        to_fill = visible.filter(
            Q(pk__in=reports_edited_by(user).values("pk"))
            | (Q(pk__in=reviewed) & Report.late_q(today))
        )
        to_review = visible.filter(pk__in=reviewed)
    elif scope == Scope.POLE:
        to_fill = to_review = visible.filter(policy.pole_directions_q(user, direction="direction"))
    else:
        to_fill = to_review = visible
    horizon_end = today + dt.timedelta(days=15)

    def to_fill_item(report: Report) -> DatedItem:
        late = report.is_late(today)
        return DatedItem(
            key=f"indicators.report:{report.pk}:{report.status}",
            horizon="15j",
            due=report.due_date,
            title=f"Rapport {report.direction.code} — {report.period.label}",
            url=f"/rapports/{report.pk}/",
            what=(
                "Renvoyé pour correction"
                if report.is_returned
                else "Rapport en retard"
                if late
                else "Rapport à remplir"
            ),
            context=(
                f"{report.direction.name} · {days_late_text(report.days_late(today))} de retard"
                if late
                else report.direction.name
            ),
            late=late,
            state=report.state(today),
        )

    def to_review_item(report: Report) -> DatedItem:
        return DatedItem(
            key=f"indicators.review:{report.pk}:{report.submitted_at or ''}",
            horizon="15j",
            due=max(report.due_date, today),
            title=f"Rapport {report.direction.code} — {report.period.label}",
            url=f"/rapports/{report.pk}/",
            what="Rapport à examiner",
            context=report.direction.name,
            late=False,
            state=ReportState.SUBMITTED,
        )

    return [
        Batched(
            to_fill.filter(status__in=Report.EDITABLE, due_date__lte=horizon_end).order_by(
                "due_date", "pk"
            ),
            limit=ITEMS_MAX,
            related=RELATED,
            then=lambda reports: [to_fill_item(r) for r in reports],
        ),
        Batched(
            to_review.filter(status=Report.Status.SUBMITTED).order_by("submitted_at", "pk"),
            limit=ITEMS_MAX,
            related=RELATED,
            then=lambda reports: [to_review_item(r) for r in reports],
        ),
    ]
