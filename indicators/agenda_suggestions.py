"""Agenda suggestions: the late reports of the meeting's directions (drafts past due, and
returned reports past due: late is one notion, `Report.late_q`)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from indicators.models import Report
from sg_portal.agenda import AgendaSuggestion
from sg_portal.calendar import days_late_text


def suggestions(*, meeting, directions, today: dt.date) -> list[AgendaSuggestion]:
    late = (
        Report.objects.filter(Report.late_q(today), direction__in=directions)
        .select_related("direction", "period")
        .order_by("due_date")[:20]
    )
    return [
        AgendaSuggestion(
            key=f"indicators.report:{report.pk}",
            title=f"Rapport {report.direction.code} en retard : {report.period.label}",
            reason=(
                "Renvoyé pour correction et pas encore soumis à nouveau, en retard de "
                if report.is_returned
                else "Rapport en retard de "
            )
            + days_late_text(report.days_late(today)),
            item_type="information",
            presenter_direction_id=report.direction_id,
            subject=report,
            url=reverse("indicators:report", args=[report.pk]),
            weight=30,
        )
        for report in late
    ]
