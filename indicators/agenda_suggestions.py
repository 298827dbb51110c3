"""Agenda suggestions: the late reports of the meeting's directions."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from indicators.models import Report
from sg_portal.agenda import AgendaSuggestion


def suggestions(*, meeting, directions, today: dt.date) -> list[AgendaSuggestion]:
    late = (
        Report.objects.filter(
            direction__in=directions, status=Report.Status.DRAFT, due_date__lt=today
        )
        .select_related("direction", "period")
        .order_by("due_date")[:20]
    )
    return [
        AgendaSuggestion(
            key=f"indicators.report:{report.pk}",
            title=f"Rapport {report.direction.code} en retard : {report.period.label}",
            reason=f"Rapport en retard de {report.days_late(today)} jours",
            item_type="information",
            presenter_direction_id=report.direction_id,
            subject=report,
            url=reverse("indicators:report", args=[report.pk]),
            weight=30,
        )
        for report in late
    ]
