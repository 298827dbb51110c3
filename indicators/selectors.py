"""Who reads, files and reviews which reports: the one place that decides it for this app.

- a director or a référent: their own direction's reports (read and file);
- SG staff (Secrétaire générale, délégué·e, adjoint·e·s), chargés de mission and administrators:
  every report (read only, unless they review it);
- the Secrétaire générale and the délégué·e review every report, an adjoint·e their pôle's;
- anybody else: no report.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from directions import policy
from directions.models import User
from indicators.models import Indicator, Report


def reports_visible_to(user: User) -> QuerySet[Report]:
    return Report.objects.select_related("direction", "period").filter(
        policy.reporting_directions_q(user, direction="direction")
    )


def reports_edited_by(user: User) -> QuerySet[Report]:
    return Report.objects.filter(policy.filed_directions_q(user, direction="direction"))


def reports_reviewed_by(user: User) -> QuerySet[Report]:
    return Report.objects.filter(policy.reviewed_directions_q(user, direction="direction"))


def report_for(user: User, pk: int) -> Report:
    """The report if the user may read it, 404 otherwise.

    Whether the user files or reviews it comes in the same query (`can_edit` and `can_review`
    read it back), and so does the reviewer named on a returned or validated report.
    """
    reports = reports_visible_to(user).select_related("reviewed_by")
    reports = reports.annotate(
        user_can_edit=Exists(reports_edited_by(user).filter(pk=OuterRef("pk"))),
        user_can_review=Exists(reports_reviewed_by(user).filter(pk=OuterRef("pk"))),
    )
    return get_object_or_404(reports, pk=pk)


def can_edit(user: User, report: Report) -> bool:
    known = getattr(report, "user_can_edit", None)
    if known is not None:
        return known
    return reports_edited_by(user).filter(pk=report.pk).exists()


def can_review(user: User, report: Report) -> bool:
    known = getattr(report, "user_can_review", None)
    if known is not None:
        return known
    return reports_reviewed_by(user).filter(pk=report.pk).exists()


def can_import(user: User) -> bool:
    return policy.manages_catalogue(user)


def files_reports(user: User) -> bool:
    """A director or référent: the report pages and the home page speak of their own reports."""
    return policy.is_direction_member(user)


def reviews_reports(user: User) -> bool:
    """One of the SG's staff: the home page lists the reports to examine."""
    return policy.reviews_reports(user)


def indicators_catalogue() -> QuerySet[Indicator]:
    return Indicator.objects.filter(is_active=True).select_related("direction")


# --- The report sheet ---------------------------------------------------------------------------


def field_name(indicator_id: int, arrondissement_id: int | None) -> str:
    return f"v-{indicator_id}-{arrondissement_id or 0}"


def comment_name(indicator_id: int) -> str:
    return f"c-{indicator_id}"


def report_sheet(report: Report, *, posted: dict | None = None, errors: dict | None = None):
    """Rows of the report form: each indicator with its fields, previous value and target.

    `posted` and `errors` (by field name) keep what the person typed when a save was refused.
    """
    from directions.models import Arrondissement
    from indicators.models import Comment, Value
    from indicators.numbers import format_decimal, format_input
    from indicators.services import previous_values, report_indicators, value_warnings

    posted = posted or {}
    errors = errors or {}
    indicators = report_indicators(report)
    arrondissements = None
    values = {(v.indicator_id, v.arrondissement_id): v for v in Value.objects.filter(report=report)}
    comments = {c.indicator_id: c for c in Comment.objects.filter(report=report)}
    previous = previous_values(report)
    rows = []
    for indicator in indicators:
        if indicator.by_arrondissement and arrondissements is None:
            arrondissements = list(Arrondissement.objects.all())
        places = arrondissements if indicator.by_arrondissement else [None]
        fields = []
        warned = False
        for place in places:
            arr_id = place.pk if place else None
            name = field_name(indicator.pk, arr_id)
            stored = values.get((indicator.pk, arr_id))
            prev = previous.get((indicator.pk, arr_id))
            warnings = value_warnings(indicator, stored.value if stored else None, prev)
            warned = warned or bool(warnings)
            fields.append(
                {
                    "name": name,
                    "label": place.label if place else indicator.name,
                    "arrondissement": place,
                    "input": posted.get(
                        name, format_input(stored.value if stored else None, indicator.decimals)
                    ),
                    "display": format_decimal(stored.value, indicator.decimals)
                    if stored and stored.value is not None
                    else "",
                    "version": stored.version if stored else 0,
                    "previous": format_decimal(prev, indicator.decimals)
                    if prev is not None
                    else "",
                    "warnings": warnings,
                    "error": errors.get(name, ""),
                    "report_id": report.pk,
                }
            )
        comment = comments.get(indicator.pk)
        cname = comment_name(indicator.pk)
        rows.append(
            {
                "indicator": indicator,
                "fields": fields,
                "target": format_decimal(indicator.target_value, indicator.decimals)
                if indicator.target_value is not None
                else "",
                "comment": {
                    "name": cname,
                    "input": posted.get(cname, comment.text if comment else ""),
                    "version": comment.version if comment else 0,
                    "error": errors.get(cname, ""),
                    "report_id": report.pk,
                    "required": warned,
                },
            }
        )
    return rows
