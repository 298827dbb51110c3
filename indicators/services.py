"""Writes of the reporting workflow: periods, reports, values, review, import.

State transitions are conditional updates, so two clicks or two reviewers cannot both win; every
change is recorded in the journal (who, when, before, after) inside its transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import formats, timezone

from directions.models import Arrondissement, User
from indicators import notifications
from indicators import periods as P
from indicators.emails import review_notice_queue
from indicators.models import (
    COMMENT_MAX_LENGTH,
    Comment,
    Indicator,
    Period,
    Periodicity,
    Report,
    Value,
)
from indicators.numbers import NotANumber, decimals_text, format_decimal, parse_decimal
from indicators.selectors import Completeness, comment_name, field_name, report_completeness
from sg_portal.journal.models import Entry
from sg_portal.journal.services import journal_record
from sg_portal.text import normalise_line_ends


class ReportError(Exception):
    """A refused action, with a message for the person who tried it."""


class ReportLocked(ReportError):
    pass


@dataclass
class Conflict(ReportError):
    """Somebody else saved this field since the page was loaded."""

    current_text: str
    current_version: int

    def __str__(self) -> str:
        shown = self.current_text or "vide"
        return (
            "Une autre personne a modifié ce champ entre-temps (valeur actuelle : "
            f"{shown}). Votre saisie n'a pas été enregistrée : vérifiez puis enregistrez à nouveau."
        )


class FieldInvalid(ReportError):
    pass


@dataclass(frozen=True)
class Change:
    """A value or comment of the report saved by someone since the submitter's page was drawn."""

    name: str  # the field's name in the report form
    label: str  # the indicator, and its arrondissement where it is broken down
    before: str
    after: str
    by: str
    at: dt.datetime | None

    def __str__(self) -> str:
        text = f"{self.label} : {self.before or 'vide'} → {self.after or 'vide'}"
        if self.by:
            text += f", par {self.by}"
        if self.at:
            text += f" le {formats.date_format(timezone.localtime(self.at), 'j F Y à H:i')}"
        return text


@dataclass
class ReportChanged(ReportError):
    """The report changed since the page that asked to submit it was drawn: nothing is submitted."""

    changes: list[Change]

    def __str__(self) -> str:
        return (
            "Le rapport n'a pas été soumis : des valeurs ont été modifiées depuis l'ouverture de "
            "la page. Vérifiez les nouvelles valeurs ci-dessous, puis soumettez à nouveau."
        )


# --- Periods and reports ------------------------------------------------------------------------


def periods_ensure(*, today: dt.date, since: dt.date | None = None, ahead: int = 1) -> int:
    """Create the periods from `since` (default: the current one) to `ahead` periods after today.

    Creating them twice creates nothing twice (unique constraint, conflicts ignored).
    """
    wanted = []
    for periodicity in Periodicity.values:
        start, end = P.bounds(periodicity, since or today)
        last_start = P.bounds(periodicity, today)[0]
        for _ in range(ahead):
            last_start = P.following(periodicity, last_start)[0]
        while start <= last_start:
            wanted.append(
                Period(periodicity=periodicity, start=start, end=end, due_date=P.due_date(end))
            )
            start, end = P.following(periodicity, start)
    before = Period.objects.count()
    Period.objects.bulk_create(wanted, ignore_conflicts=True)
    return Period.objects.count() - before


def reports_ensure(*, today: dt.date, periods=None) -> int:
    """Create the report of every direction for every started period (not yet closed long ago).

    A direction has a report for a period when it reports at least one active indicator of that
    periodicity. Idempotent.
    """
    if periods is None:
        periods = Period.objects.filter(
            start__lte=today, due_date__gte=today - dt.timedelta(days=62)
        )
    by_periodicity: dict[str, set[int]] = {}
    for direction_id, periodicity in Indicator.objects.filter(is_active=True).values_list(
        "direction_id", "periodicity"
    ):
        by_periodicity.setdefault(periodicity, set()).add(direction_id)
    wanted = [
        Report(direction_id=direction_id, period=period, due_date=period.due_date)
        for period in periods
        for direction_id in sorted(by_periodicity.get(period.periodicity, ()))
    ]
    before = Report.objects.count()
    Report.objects.bulk_create(wanted, ignore_conflicts=True)
    return Report.objects.count() - before


def reporting_calendar_ensure(*, today: dt.date) -> tuple[int, int]:
    """The beat's daily job: the coming periods, then the reports of the started ones."""
    return periods_ensure(today=today), reports_ensure(today=today)


# --- Values -------------------------------------------------------------------------------------


def _text(value: Decimal | None, indicator: Indicator) -> str:
    return format_decimal(value, indicator.decimals)


def _within_decimals(number: Decimal, indicator: Indicator) -> Decimal:
    """The number at the indicator's precision; more digits are refused, never rounded silently:
    « 1 234,5 » typed for a count of people is a mistake the person must see."""
    rounded = number.quantize(Decimal(1).scaleb(-indicator.decimals))
    if rounded != number:
        lower = number.quantize(Decimal(1).scaleb(-indicator.decimals), rounding="ROUND_FLOOR")
        upper = lower + Decimal(1).scaleb(-indicator.decimals)
        if indicator.decimals:
            raise FieldInvalid(
                f"Cet indicateur se saisit avec {decimals_text(indicator.decimals)} au plus : "
                f"saisissez {_text(lower, indicator)} ou {_text(upper, indicator)}."
            )
        raise FieldInvalid(
            "Cet indicateur se saisit en nombre entier, sans décimale : "
            f"saisissez {_text(lower, indicator)} ou {_text(upper, indicator)}."
        )
    return rounded


def _lock_editable(report_id: int) -> Report:
    report = Report.objects.select_for_update().get(pk=report_id)
    if report.status not in Report.EDITABLE:
        raise ReportLocked(
            "Ce rapport n'est plus modifiable (il a été soumis ou validé). "
            "Votre saisie n'a pas été enregistrée."
        )
    return report


def value_save(
    *,
    report: Report,
    indicator: Indicator,
    arrondissement: Arrondissement | None,
    raw: str,
    version: int,
    user: User,
) -> Value | None:
    """Save one field of a report as a draft.

    `version` is the version the person's page was showing (0: no value yet). If somebody else
    saved the field since, Conflict is raised and nothing is written.
    """
    try:
        number = parse_decimal(raw)
    except NotANumber as exc:
        raise FieldInvalid(str(exc)) from exc
    if number is not None:
        # Checked before rounding too: a 40-digit number would overflow the rounding itself.
        if abs(number) >= Decimal(10) ** 14:
            raise FieldInvalid("Ce nombre est trop grand.")
        number = _within_decimals(number, indicator)
    with transaction.atomic():
        _lock_editable(report.pk)
        existing = (
            Value.objects.select_for_update()
            .filter(report=report, indicator=indicator, arrondissement=arrondissement)
            .first()
        )
        current_version = existing.version if existing else 0
        if version != current_version:
            if (existing.value if existing else None) == number:
                return existing  # the same input sent twice (autosave and submit): no conflict
            raise Conflict(
                current_text=_text(existing.value if existing else None, indicator),
                current_version=current_version,
            )
        before = existing.value if existing else None
        if before == number:
            return existing  # unchanged (or still empty): nothing to write or record
        if existing:
            existing.value = number
            existing.version += 1
            existing.updated_by = user
            existing.save(update_fields=["value", "version", "updated_by", "updated_at"])
            saved = existing
        else:
            saved = Value.objects.create(
                report=report,
                indicator=indicator,
                arrondissement=arrondissement,
                period_end=report.period.end,
                value=number,
                updated_by=user,
            )
        journal_record(
            actor=user,
            action="indicators.value.save",
            obj=report,
            before={"value": _text(before, indicator)},
            after={
                "value": _text(number, indicator),
                "indicator": indicator.pk,
                "indicator_name": indicator.name,
                "arrondissement": arrondissement.pk if arrondissement else None,
                "arrondissement_label": arrondissement.label if arrondissement else "",
            },
        )
    return saved


def comment_save(
    *, report: Report, indicator: Indicator, text: str, version: int, user: User
) -> Comment | None:
    text = normalise_line_ends(text).strip()
    if len(text) > COMMENT_MAX_LENGTH:
        raise FieldInvalid(
            f"Commentaire trop long : {format_decimal(COMMENT_MAX_LENGTH)} caractères au plus "
            f"(vous en avez saisi {format_decimal(len(text))}). Raccourcissez-le."
        )
    with transaction.atomic():
        _lock_editable(report.pk)
        existing = (
            Comment.objects.select_for_update().filter(report=report, indicator=indicator).first()
        )
        current_version = existing.version if existing else 0
        if version != current_version:
            if (existing.text if existing else "") == text:
                return existing
            raise Conflict(
                current_text=existing.text if existing else "", current_version=current_version
            )
        before = existing.text if existing else ""
        if before == text:
            return existing
        if existing:
            existing.text = text
            existing.version += 1
            existing.save(update_fields=["text", "version", "updated_at"])
            saved = existing
        else:
            saved = Comment.objects.create(report=report, indicator=indicator, text=text)
        journal_record(
            actor=user,
            action="indicators.comment.save",
            obj=report,
            before={"text": before},
            after={"text": text, "indicator": indicator.pk, "indicator_name": indicator.name},
        )
    return saved


# --- Transitions --------------------------------------------------------------------------------


def _journal(report: Report, verb: str, user: User | None, before: str, after: str, comment=""):
    journal_record(
        actor=user,
        action=f"indicators.report.{verb}",
        obj=report,
        before={"status": before},
        after={"status": after},
        comment=comment,
    )


def _person(user: User | None) -> str:
    return (user.get_full_name() or user.get_username()) if user else "le portail"


def report_changes_since(*, report: Report, seen: dict[str, int]) -> list[Change]:
    """What was saved in the report since a page showing the versions `seen` was drawn.

    `seen` maps each field name of the form (`v-…`, `c-…`) to the version the page showed (a
    field missing from it showed nothing: version 0). Who changed a field, when, and what it was
    come from the journal, where every save records its before and after.
    """
    stale: dict[str, tuple[Value | Comment, int, str]] = {}
    for value in Value.objects.filter(report=report).select_related("indicator", "arrondissement"):
        name = field_name(value.indicator_id, value.arrondissement_id)
        if value.version != seen.get(name, 0):
            label = value.indicator.name
            if value.arrondissement:
                label += f" ({value.arrondissement.label})"
            stale[name] = (value, seen.get(name, 0), label)
    for comment in Comment.objects.filter(report=report).select_related("indicator"):
        name = comment_name(comment.indicator_id)
        if comment.version != seen.get(name, 0):
            stale[name] = (
                comment,
                seen.get(name, 0),
                f"Commentaire de « {comment.indicator.name} »",
            )
    if not stale:
        return []
    saves: dict[str, list[Entry]] = {}
    entries = Entry.objects.filter(
        content_type=ContentType.objects.get_for_model(Report),
        object_id=report.pk,
        action__in=["indicators.value.save", "indicators.comment.save"],
    ).select_related("actor")
    for entry in entries.order_by("-at", "-pk"):  # newest first
        after = entry.after or {}
        if entry.action == "indicators.value.save":
            name = field_name(after.get("indicator") or 0, after.get("arrondissement"))
        else:
            name = comment_name(after.get("indicator") or 0)
        if name in stale:
            saves.setdefault(name, []).append(entry)
    changes = []
    for name, (obj, seen_version, label) in stale.items():
        # Every save adds one to the version and one entry: the saves since the page are the
        # newest (current - seen) entries of the field.
        since = saves.get(name, [])[: max(obj.version - seen_version, 1)]
        if isinstance(obj, Value):
            after_text = _text(obj.value, obj.indicator)
            before_text = since[-1].before.get("value", "") if since else ""
        else:
            after_text = obj.text
            before_text = since[-1].before.get("text", "") if since else ""
        changes.append(
            Change(
                name=name,
                label=label,
                before=before_text,
                after=after_text,
                by=_person(since[0].actor) if since else "",
                at=since[0].at if since else None,
            )
        )
    return sorted(changes, key=lambda c: c.label)


def report_submit(
    *, report: Report, user: User, seen: dict[str, int] | None = None
) -> Completeness:
    """Send the report to the SG if it is complete; returns what is missing otherwise.

    `seen` is the version of each field the submitter's page showed: if anything was saved since
    (a colleague's autosave), ReportChanged is raised and nothing is submitted, so a director
    never sends a value they did not see. Without `seen` (the portal itself), no such check.
    """
    with transaction.atomic():
        locked = _lock_editable(report.pk)
        if seen is not None:
            changes = report_changes_since(report=locked, seen=seen)
            if changes:
                raise ReportChanged(changes=changes)
        completeness = report_completeness(locked)
        if not completeness.complete:
            return completeness
        now = timezone.now()
        updated = Report.objects.filter(pk=report.pk, status=locked.status).update(
            status=Report.Status.SUBMITTED, submitted_at=now, submitted_by=user
        )
        if updated != 1:  # pragma: no cover - the row lock makes this unreachable
            raise ReportLocked("Ce rapport vient d'être modifié par quelqu'un d'autre.")
        _journal(report, "submit", user, locked.status, Report.Status.SUBMITTED)
        notifications.report_submitted(report=locked, actor=user, at=now)
        from indicators.reminders import reminders_withdraw

        reminders_withdraw(report=report)
    report.refresh_from_db()
    return completeness


def report_validate(*, report: Report, user: User) -> None:
    with transaction.atomic():
        now = timezone.now()
        updated = Report.objects.filter(pk=report.pk, status=Report.Status.SUBMITTED).update(
            status=Report.Status.VALIDATED, reviewed_at=now, reviewed_by=user
        )
        if updated != 1:
            raise ReportError("Seul un rapport soumis peut être validé.")
        _journal(report, "validate", user, Report.Status.SUBMITTED, Report.Status.VALIDATED)
        notifications.report_reviewed(report=report, actor=user, at=now, returned=False)
    report.refresh_from_db()


def report_return(*, report: Report, user: User, comment: str) -> None:
    comment = comment.strip()
    if not comment:
        raise ReportError("Indiquez au directeur ce qu'il faut corriger.")
    with transaction.atomic():
        now = timezone.now()
        updated = Report.objects.filter(pk=report.pk, status=Report.Status.SUBMITTED).update(
            status=Report.Status.RETURNED,
            reviewed_at=now,
            reviewed_by=user,
            return_comment=comment,
        )
        if updated != 1:
            raise ReportError("Seul un rapport soumis peut être renvoyé.")
        _journal(report, "return", user, Report.Status.SUBMITTED, Report.Status.RETURNED, comment)
        notifications.report_reviewed(
            report=report, actor=user, at=now, returned=True, comment=comment
        )
        review_notice_queue(report=report, reopened=False, at=now)
    report.refresh_from_db()


def report_reopen(*, report: Report, user: User, reason: str) -> None:
    reason = reason.strip()
    if not reason:
        raise ReportError("Indiquez pourquoi vous rouvrez ce rapport.")
    with transaction.atomic():
        now = timezone.now()
        updated = Report.objects.filter(pk=report.pk, status=Report.Status.VALIDATED).update(
            status=Report.Status.RETURNED,
            reviewed_at=now,
            reviewed_by=user,
            return_comment=reason,
        )
        if updated != 1:
            raise ReportError("Seul un rapport validé peut être rouvert.")
        _journal(report, "reopen", user, Report.Status.VALIDATED, Report.Status.RETURNED, reason)
        notifications.report_reviewed(
            report=report, actor=user, at=now, returned=True, comment=reason
        )
        review_notice_queue(report=report, reopened=True, at=now)
    report.refresh_from_db()
