"""Who reads, files and reviews which reports: the one place that decides it for this app.

- a director or a référent: their own direction's reports (read and file);
- SG staff (Secrétaire générale, délégué·e, adjoint·e·s), chargés de mission and administrators:
  every report (read only, unless they review it);
- the Secrétaire générale and the délégué·e review every report, an adjoint·e their pôle's;
- anybody else: no report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from directions import policy
from directions.models import Arrondissement, User
from indicators.models import (
    COMMENT_MAX_LENGTH,
    Comment,
    ImportRun,
    Indicator,
    Report,
    ReportState,
    Value,
)
from indicators.numbers import format_decimal


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


def import_runs_of(user: User) -> QuerySet[ImportRun]:
    """The imports a catalogue manager sent, newest first (the file itself is not loaded)."""
    if not can_import(user):
        return ImportRun.objects.none()
    return ImportRun.objects.filter(created_by=user).defer("data", "rows")


def import_run_for(user: User, pk: int) -> ImportRun:
    """One of the person's own imports; anyone else's answers 404."""
    return get_object_or_404(import_runs_of(user), pk=pk)


def reads_reports(user: User) -> bool:
    """Whether the user has any report to read (a City-wide reader, a director or a référent):
    for anyone else the list of reports does not exist."""
    return policy.reads_reporting(user)


def files_reports(user: User) -> bool:
    """A director or référent: the report pages and the home page speak of their own reports."""
    return policy.is_direction_member(user)


def reviews_reports(user: User) -> bool:
    """One of the SG's staff: the home page lists the reports to examine."""
    return policy.reviews_reports(user)


def indicators_catalogue() -> QuerySet[Indicator]:
    return Indicator.objects.filter(is_active=True).select_related("direction")


# --- Checks and counts (what the sheet, the submission and the reminders read) -------------------------------------------------------------------------------------


def report_indicators(report: Report) -> list[Indicator]:
    return list(
        Indicator.objects.filter(
            direction_id=report.direction_id,
            periodicity=report.period.periodicity,
            is_active=True,
        )
    )


def previous_values(report: Report) -> dict[tuple[int, int | None], Decimal]:
    """The values of the same direction's report for the period before this one (one query)."""
    previous = (
        Report.objects.filter(
            direction_id=report.direction_id,
            period__periodicity=report.period.periodicity,
            period__start__lt=report.period.start,
        )
        .order_by("-period__start")
        .values("pk")[:1]
    )
    return {
        (indicator_id, arr_id): value
        for indicator_id, arr_id, value in Value.objects.filter(
            report_id=Subquery(previous), value__isnull=False
        ).values_list("indicator_id", "arrondissement_id", "value")
        if value is not None
    }


def value_warnings(
    indicator: Indicator, value: Decimal | None, previous: Decimal | None, *, advice: bool = True
) -> list[str]:
    """Checks that do not refuse a value but require a comment to submit (`advice`: the
    sentence that asks the filer for it; the reviewer reads the comment instead)."""
    if value is None:
        return []
    warnings = []
    low, high = indicator.min_plausible, indicator.max_plausible
    if (low is not None and value < low) or (high is not None and value > high):
        warnings.append(
            "Valeur hors de la plage plausible ("
            f"{format_decimal(low, indicator.decimals) if low is not None else '…'} à "
            f"{format_decimal(high, indicator.decimals) if high is not None else '…'})."
        )
    if previous is not None and previous != 0 and indicator.max_change_percent:
        change = abs(value - previous) / abs(previous) * 100
        if change > indicator.max_change_percent:
            warnings.append(
                f"Écart de {format_decimal(change, 0)} % avec la période précédente "
                f"({format_decimal(previous, indicator.decimals)}\u202f; "
                f"plus de {indicator.max_change_percent} %)"
                + (" : expliquez-le en commentaire." if advice else ".")
            )
    return warnings


def target_missed(indicator: Indicator, value: Decimal | None) -> bool:
    """Whether a value misses the indicator's target, in the direction its polarity says is
    better (the same rule as the dashboards' « hors cible » alert)."""
    target = indicator.target_value
    if value is None or target is None or indicator.polarity == Indicator.Polarity.NEUTRAL:
        return False
    return value < target if indicator.polarity == Indicator.Polarity.HIGHER else value > target


@dataclass
class ReviewPoint:
    """What deserves the reviewer's look on one indicator, with the direction's explanation."""

    indicator: Indicator
    messages: list[str]
    comment: str


def report_review_points(rows: list[dict]) -> list[ReviewPoint]:
    """The indicators of a report sheet (`report_sheet`, so no query of its own) whose values are
    out of their plausible range, changed more than allowed since the previous period, or miss
    their target."""
    points = []
    for row in rows:
        indicator = row["indicator"]
        messages = []
        for f in row["fields"]:
            if f["value"] is None:
                continue
            where = f"{f['arrondissement'].label} : " if f["arrondissement"] else ""
            for warning in value_warnings(indicator, f["value"], f["prev"], advice=False):
                messages.append(f"{where}{f['display']} — {warning}")
            if not indicator.by_arrondissement and target_missed(indicator, f["value"]):
                messages.append(f"{f['display']} — cible non atteinte ({row['target']}).")
        if messages:
            comment = "" if row["comment"]["error"] else row["comment"]["input"].strip()
            points.append(ReviewPoint(indicator, messages, comment))
    return points


@dataclass
class Missing:
    indicator: Indicator
    message: str


@dataclass
class Completeness:
    missing: list[Missing] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing


def report_completeness(report: Report) -> Completeness:
    """What prevents submitting: empty fields, and unexplained warnings."""
    indicators = report_indicators(report)
    arrondissements = list(Arrondissement.objects.all())
    values = {
        (v.indicator_id, v.arrondissement_id): v.value for v in Value.objects.filter(report=report)
    }
    comments = {
        c.indicator_id: c.text for c in Comment.objects.filter(report=report) if c.text.strip()
    }
    previous = previous_values(report)
    result = Completeness()
    for indicator in indicators:
        keys = (
            [(indicator.pk, a.pk) for a in arrondissements]
            if indicator.by_arrondissement
            else [(indicator.pk, None)]
        )
        empty = [k for k in keys if values.get(k) is None]
        if empty:
            if indicator.by_arrondissement:
                message = f"{len(empty)} arrondissement(s) sans valeur"
            else:
                message = "valeur manquante"
            result.missing.append(Missing(indicator, message))
            continue
        if indicator.pk not in comments and any(
            value_warnings(indicator, values[k], previous.get(k)) for k in keys
        ):
            result.missing.append(
                Missing(indicator, "commentaire requis (écart important ou valeur hors plage)")
            )
    return result


def report_counts(queryset) -> tuple[dict[str, int], int]:
    """Counts per list state, and the total, in one query. Late is derived from the due date by
    the one rule, `Report.late_q`: a returned report past due counts as returned and as late."""
    today = timezone.localdate()
    counts = queryset.aggregate(
        total=Count("pk"),
        to_fill=Count("pk", filter=Q(status=Report.Status.DRAFT) & ~Report.late_draft_q(today)),
        late=Count("pk", filter=Report.late_q(today)),
        submitted=Count("pk", filter=Q(status=Report.Status.SUBMITTED)),
        returned=Count("pk", filter=Q(status=Report.Status.RETURNED)),
        validated=Count("pk", filter=Q(status=Report.Status.VALIDATED)),
    )
    return {
        ReportState.TO_FILL: counts["to_fill"],
        ReportState.LATE: counts["late"],
        ReportState.SUBMITTED: counts["submitted"],
        ReportState.RETURNED: counts["returned"],
        ReportState.VALIDATED: counts["validated"],
    }, counts["total"]


# --- The report sheet ---------------------------------------------------------------------------


def field_name(indicator_id: int, arrondissement_id: int | None) -> str:
    return f"v-{indicator_id}-{arrondissement_id or 0}"


def comment_name(indicator_id: int) -> str:
    return f"c-{indicator_id}"


def report_sheet(report: Report, *, posted: dict | None = None, errors: dict | None = None):
    """Rows of the report form: each indicator with its fields, previous value and target.

    `posted` and `errors` (by field name) keep what the person typed when a save was refused.
    """
    from indicators.numbers import format_input

    posted = posted or {}
    errors = errors or {}
    indicators = report_indicators(report)
    arrondissements: list[Arrondissement] | None = None
    values = {(v.indicator_id, v.arrondissement_id): v for v in Value.objects.filter(report=report)}
    comments = {c.indicator_id: c for c in Comment.objects.filter(report=report)}
    previous = previous_values(report)
    rows = []
    for indicator in indicators:
        if indicator.by_arrondissement and arrondissements is None:
            arrondissements = list(Arrondissement.objects.all())
        places: list[Arrondissement | None] = (
            list(arrondissements or []) if indicator.by_arrondissement else [None]
        )
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
                    "value": stored.value if stored else None,
                    "prev": prev,
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
                    "max_length": COMMENT_MAX_LENGTH,
                },
            }
        )
    return rows
