"""Agenda suggestions for the meeting's directions: their late reports (drafts past due, and
returned reports past due: late is one notion, `Report.late_q`) and their indicators in alert.

Both lists are `Batched` reads, done with every other app's (`sg_portal.agenda`). The alerts
need one more query once the indicators are read: their figures, whose window depends on each
indicator's periodicity (`city_figures`)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse

from indicators import periods as P
from indicators.dashboards import VISIBLE, alerts_for, city_figures
from indicators.models import Indicator, Periodicity, Report
from sg_portal.agenda import AgendaSuggestion
from sg_portal.batch import Batched
from sg_portal.calendar import days_late_text

# At most this many indicators in alert are proposed for one meeting, the most serious first:
# the CDS looks at every direction and a list of forty would be read by no one.
MAX_ALERTS = 8


def suggestions(*, meeting, directions, today: dt.date) -> list[AgendaSuggestion | Batched]:
    return [
        Batched(
            Report.objects.filter(Report.late_q(today), direction__in=directions).order_by(
                "due_date", "pk"
            ),
            limit=20,
            related=("direction", "period"),
            then=lambda late: _late_reports(late, today),
        ),
        Batched(
            Indicator.objects.filter(is_active=True, direction__in=directions),
            related=("direction",),
            then=lambda indicators: _alerts(indicators, today),
        ),
    ]


def _late_reports(late: list[Report], today: dt.date) -> list[AgendaSuggestion]:
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
            duration_minutes=5,
            presenter_direction_id=report.direction_id,
            subject=report,
            url=reverse("indicators:report", args=[report.pk]),
            weight=30,
        )
        for report in late
    ]


def _alerts(indicators: list[Indicator], today: dt.date) -> list[AgendaSuggestion]:
    """The indicators of the meeting's directions whose latest published figure raises an
    alert of the dashboards (out of the plausible range, wrong way, off target), each suggested
    once per figure: the next period's alert is a new suggestion."""
    if not indicators:
        return []
    until = P.bounds(Periodicity.FORTNIGHTLY, today)[1]
    # The figures the dashboards show the SG: validated, and submitted marked provisional.
    figures = city_figures(indicators, Q(report__status__in=VISIBLE), until=until, points=2)
    found = []
    for indicator in indicators:
        series = figures.get(indicator.pk, [])
        alerts = alerts_for(indicator, series)
        if not alerts:
            continue
        kinds = {kind for kind, _ in alerts}
        severity = 0 if "seuil" in kinds else 1 if "tendance" in kinds else 2
        found.append(
            (
                severity,
                AgendaSuggestion(
                    key=f"indicators.alert:{indicator.pk}:{series[-1].period_end.isoformat()}",
                    title=f"Indicateur en alerte : {indicator.name}",
                    reason=f"{indicator.direction.code} — "
                    + " ; ".join(message for _kind, message in alerts),
                    item_type="information",
                    duration_minutes=10,
                    presenter_direction_id=indicator.direction_id,
                    subject=indicator,
                    url=reverse("indicators:indicator", args=[indicator.code]),
                    weight=25 + severity,
                ),
            )
        )
    found.sort(key=lambda pair: (pair[0], pair[1].title))
    return [suggestion for _severity, suggestion in found[:MAX_ALERTS]]
