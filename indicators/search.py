"""The indicators' searchable documents: the catalogue and the reports (with their comments).

Visibility is the app's: the catalogue is read by everyone, a report by `reports_visible_to`.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from directions.models import User
from indicators.models import Comment, Indicator, Report
from indicators.selectors import indicators_catalogue, reports_visible_to
from sg_portal.search.kinds import Entry, SearchKind


def _indicators() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("direction")


def _indicator(indicator: Indicator) -> Entry | None:
    if not indicator.is_active:
        return None
    return Entry(
        title=indicator.name,
        code=indicator.code,
        context=f"Indicateur · {indicator.direction.code} · {indicator.get_family_display()}",
        body=indicator.definition,
        url=f"/indicateurs/{indicator.code}/",
    )


def _reports() -> QuerySet[Report]:
    return Report.objects.select_related("direction", "period").prefetch_related(
        Prefetch("comments", queryset=Comment.objects.select_related("indicator").order_by("pk"))
    )


def _report(report: Report) -> Entry:
    comments = [f"{c.indicator.name} : {c.text}" for c in report.comments.all() if c.text]
    body = "\n".join(
        ([f"Motif du renvoi : {report.return_comment}"] if report.return_comment else []) + comments
    )
    return Entry(
        title=f"Rapport {report.direction.code} — {report.period.label}",
        context=(
            f"{report.direction.name} · {report.get_status_display()} · "
            f"à rendre le {report.due_date:%d/%m/%Y}"
        ),
        body=body,
        url=f"/rapports/{report.pk}/",
    )


def _visible_indicators(user: User) -> QuerySet[Indicator]:
    return indicators_catalogue()


def _visible_reports(user: User) -> QuerySet[Report]:
    return reports_visible_to(user)


def searchable() -> list[SearchKind]:
    return [
        SearchKind(
            key="indicators.indicator",
            label="Indicateurs",
            model=Indicator,
            queryset=_indicators,
            document=_indicator,
            visible=_visible_indicators,
            order=10,
        ),
        SearchKind(
            key="indicators.report",
            label="Rapports",
            model=Report,
            queryset=_reports,
            document=_report,
            visible=_visible_reports,
            order=20,
            follows=((Comment, lambda comment: [comment.report]),),
        ),
    ]
