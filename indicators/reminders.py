"""Reporting reminders and the fortnightly digest: which are due, to whom, and queuing them.

This module decides; the outbox sends.
1. *Planning* writes one `Reminder` row per (report, kind) whose time has come and, in the same
   transaction, queues its email in the outbox. A partial unique constraint on (report, kind) for
   automatic reminders, and the email's unique key, make a second one impossible: a repeated
   tick, two beats or a retried task queue nothing twice.
2. The outbox sends each email once after commit, retries it with backoff, takes up the claim of
   a killed worker and records the outcome (`sg_portal.outbox.delivery` says how, and names the
   one narrow at-least-once gap at the SMTP hand-off).
3. A report submitted before its reminder went out withdraws it (`reminders_withdraw`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from directions import policy
from directions.models import User
from indicators import emails as E
from indicators.models import (
    Period,
    Periodicity,
    Reminder,
    ReminderKind,
    ReminderPolicy,
    Report,
    ReportingDigest,
    ReportState,
)
from sg_portal.calendar import add_working_days
from sg_portal.outbox.models import Email, EmailState
from sg_portal.outbox.services import email_cancel, email_queue

log = logging.getLogger(__name__)
PARIS = ZoneInfo("Europe/Paris")
# Reports due longer ago than this are not reminded any more (old drafts never flood anyone).
LOOKBACK_DAYS = 90
# Reports due further ahead than this cannot have a reminder due yet.
LOOKAHEAD_DAYS = 40
KIND_ORDER: list[str] = [
    ReminderKind.BEFORE,
    ReminderKind.DUE,
    ReminderKind.AFTER,
    ReminderKind.ESCALATION,
]


class ReminderError(Exception):
    """A refused action, with a message for the person who tried it."""


# --- The policy ---------------------------------------------------------------------------------


def policies() -> dict[str, ReminderPolicy]:
    """The policy of every periodicity, created with the defaults the first time it is read."""
    existing = {p.periodicity: p for p in ReminderPolicy.objects.all()}
    missing = [
        ReminderPolicy(periodicity=value, **ReminderPolicy.DEFAULTS)
        for value in Periodicity.values
        if value not in existing
    ]
    if missing:
        ReminderPolicy.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {p.periodicity: p for p in ReminderPolicy.objects.all()}
    return existing


def policy_update(*, policy: ReminderPolicy, user: User, data: dict) -> ReminderPolicy:
    """Save the policy's new numbers (validated by the form) and who changed them."""
    fields = ["days_before", "on_due_date", "days_after", "escalation_days", "send_hour"]
    for name in fields:
        setattr(policy, name, data[name])
    policy.updated_by = user
    policy.save(update_fields=[*fields, "updated_by", "updated_at"])
    log.info("Politique de rappel %s modifiée par %s : %s", policy.periodicity, user, data)
    return policy


def schedule(policy: ReminderPolicy, due_date: dt.date) -> list[tuple[str, dt.date]]:
    """The reminders the policy plans for a due date, in order: (kind, day)."""
    planned = []
    if policy.days_before is not None:
        planned.append((ReminderKind.BEFORE, add_working_days(due_date, -policy.days_before)))
    if policy.on_due_date:
        planned.append((ReminderKind.DUE, due_date))
    if policy.days_after is not None:
        planned.append((ReminderKind.AFTER, add_working_days(due_date, policy.days_after)))
    if policy.escalation_days is not None:
        planned.append(
            (ReminderKind.ESCALATION, add_working_days(due_date, policy.escalation_days))
        )
    return sorted(planned, key=lambda item: (item[1], KIND_ORDER.index(item[0])))


def send_moment(policy: ReminderPolicy, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(policy.send_hour), tzinfo=PARIS)


def due_reminder(
    policy: ReminderPolicy, due_date: dt.date, now: dt.datetime
) -> tuple[str, dt.date] | None:
    """The latest planned reminder whose moment has come (earlier ones it supersedes are
    skipped: after a beat outage nobody receives "due in 3 days" for a report already late)."""
    come = [
        (kind, day) for kind, day in schedule(policy, due_date) if send_moment(policy, day) <= now
    ]
    return come[-1] if come else None


# --- Planning -----------------------------------------------------------------------------------


def reminders_plan(*, now: dt.datetime) -> int:
    """Record and queue a reminder for every open report whose reminder time has come."""
    today = now.astimezone(PARIS).date()
    by_periodicity = policies()
    open_reports = Report.objects.filter(
        status__in=Report.EDITABLE,
        due_date__gte=today - dt.timedelta(days=LOOKBACK_DAYS),
        due_date__lte=today + dt.timedelta(days=LOOKAHEAD_DAYS),
    ).values_list("pk", "due_date", "period__periodicity")
    wanted = []
    for report_id, due_date, periodicity in open_reports:
        found = due_reminder(by_periodicity[periodicity], due_date, now)
        if found:
            wanted.append(Reminder(report_id=report_id, kind=found[0], scheduled_for=found[1]))
    if not wanted:
        return 0
    existing = set(
        Reminder.objects.filter(
            manual=False, report_id__in=[r.report_id for r in wanted]
        ).values_list("report_id", "kind")
    )
    created = 0
    for reminder in wanted:
        if (reminder.report_id, reminder.kind) in existing:
            continue
        with transaction.atomic():
            # The unique constraint decides between two concurrent planners: one insert wins,
            # and only the winner queues the email, in the same transaction.
            planned, new = Reminder.objects.get_or_create(
                report_id=reminder.report_id,
                kind=reminder.kind,
                manual=False,
                defaults={"scheduled_for": reminder.scheduled_for},
            )
            if new:
                reminder_queue(reminder=planned)
        created += new
    return created


def reminders_queue_unsent() -> int:
    """Queue the reminders decided but never queued (recorded before the outbox existed)."""
    queued = 0
    for reminder_id in Reminder.objects.filter(email=None).values_list("pk", flat=True):
        with transaction.atomic():
            reminder = (
                Reminder.objects.select_for_update(skip_locked=True)
                .filter(pk=reminder_id, email=None)
                .first()
            )
            if reminder is not None:
                reminder_queue(reminder=reminder)
                queued += 1
    return queued


def reminder_resend(*, reminder: Reminder, user: User) -> Reminder:
    """An administrator sends a reminder again by hand: a new row, marked manual.

    While a resend of this reminder waits in the outbox, another click finds the same email key
    and is refused; once it has gone, a new resend gets a new key.
    """
    report = reminder.report
    if not Report.objects.filter(pk=report.pk, status__in=Report.EDITABLE).exists():
        raise ReminderError("Ce rapport a été soumis : il n'y a plus rien à rappeler.")
    done = Reminder.objects.filter(
        report=report, kind=reminder.kind, manual=True, email__isnull=False
    ).exclude(email__state__in=[EmailState.QUEUED, EmailState.SENDING])
    try:
        with transaction.atomic():
            again = Reminder.objects.create(
                report=report,
                kind=reminder.kind,
                manual=True,
                requested_by=user,
                scheduled_for=timezone.localdate(),
            )
            again.email = reminder_queue(reminder=again, resend_number=done.count() + 1)
    except IntegrityError:
        raise ReminderError("Un renvoi de ce rappel est déjà en attente d'envoi.") from None
    return again


def reminders_withdraw(*, report: Report) -> int:
    """The report was submitted: its reminders not sent yet are withdrawn from the outbox."""
    keys = Email.objects.filter(reminder__report=report, state=EmailState.QUEUED).values_list(
        "key", flat=True
    )
    return sum(email_cancel(key=key) for key in list(keys))


# --- Recipients and message ---------------------------------------------------------------------


def _emails(users) -> list[str]:
    return sorted({u.email.strip().lower() for u in users if u.email.strip()})


def reminder_recipients(report: Report, kind: str) -> tuple[list[str], list[str]]:
    """(to, cc): the director and référents; for an escalation, the pôle's SG adjoint(s) with
    the director in copy (the Secrétaire générale when the pôle has no adjoint)."""
    members = list(
        User.objects.filter(policy.direction_filers_q(report.direction_id)).exclude(email="")
    )
    if kind != ReminderKind.ESCALATION:
        return _emails(members), []
    directors = [u for u in members if policy.is_director(u)]
    adjoints = list(
        User.objects.filter(policy.pole_reviewers_q(report.direction.pole_id)).exclude(email="")
    )
    if not adjoints:
        adjoints = list(User.objects.filter(policy.secretaire_generale_q()).exclude(email=""))
    to = _emails(adjoints)
    return to, [e for e in _emails(directors) if e not in to]


SUBJECTS: dict[str, str] = {
    ReminderKind.BEFORE: "Rappel : rapport {code} — {period} attendu le {due}",
    ReminderKind.DUE: "Rapport {code} — {period} attendu aujourd'hui ({due})",
    ReminderKind.AFTER: "Relance : rapport {code} — {period} en retard (attendu le {due})",
    ReminderKind.ESCALATION: "Escalade : rapport {code} — {period} non remis (attendu le {due})",
}


def report_url(report: Report) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("indicators:report", args=[report.pk])


def reminder_message(reminder: Reminder) -> tuple[str, str, str]:
    """(subject, text, HTML) of a reminder, as of now."""
    from django.utils.dateformat import format as date_format

    from indicators.selectors import report_completeness

    report = reminder.report
    today = timezone.localdate()
    context = {
        "reminder": reminder,
        "report": report,
        "url": report_url(report),
        "missing": report_completeness(report).missing,
        "days_late": report.days_late(today),
        "is_late": report.is_late(today),
    }
    subject = SUBJECTS[reminder.kind].format(
        code=report.direction.code,
        period=report.period.label,
        due=date_format(report.due_date, "j F Y"),
    )
    if reminder.manual:
        subject = f"[Renvoi] {subject}"
    return (
        subject,
        render_to_string("indicators/email/reminder_report.txt", context),
        render_to_string("indicators/email/reminder_report.html", context),
    )


def reminder_queue(*, reminder: Reminder, resend_number: int = 0) -> Email:
    """Queue the reminder's email in the outbox and link it (in the caller's transaction)."""
    reminder = Reminder.objects.select_related(
        "report__direction__pole", "report__period", "requested_by"
    ).get(pk=reminder.pk)
    report = reminder.report
    key = f"indicators.reminder:{report.pk}:{reminder.kind}"
    if reminder.manual:
        key = f"{key}:renvoi:{resend_number or reminder.pk}"
    to, cc = reminder_recipients(report, reminder.kind)
    subject, body, html = reminder_message(reminder)
    email = email_queue(
        purpose=E.ESCALATION if reminder.kind == ReminderKind.ESCALATION else E.REMINDER,
        key=key,
        to=to,
        cc=cc,
        subject=subject,
        body=body,
        html=html,
        about=report,
    )
    if report.status not in Report.EDITABLE:
        email_cancel(key=email.key)  # decided before the report was submitted, never sent
    Reminder.objects.filter(pk=reminder.pk).update(email=email)
    reminder.email = email
    return email


def reminders_tick(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """The beat's job: plan and queue what has come due. Idempotent.

    Returns (planned, queued): the reminders decided now, and every email queued by this tick
    (the planned ones, and any decided earlier but never queued).
    """
    now = now or timezone.now()
    planned = reminders_plan(now=now)
    return planned, planned + reminders_queue_unsent()


# --- The fortnightly digest ---------------------------------------------------------------------


LATE_FIRST = {
    ReportState.LATE: 0,
    ReportState.RETURNED: 1,
    ReportState.TO_FILL: 2,
    ReportState.SUBMITTED: 3,
    ReportState.VALIDATED: 4,
}


@dataclass
class PoleBlock:
    name: str
    rows: list[dict] = field(default_factory=list)

    @property
    def received(self) -> int:
        return sum(
            1 for r in self.rows if r["state"] in {ReportState.SUBMITTED, ReportState.VALIDATED}
        )

    @property
    def late(self) -> int:
        return sum(1 for r in self.rows if r["late"])


def digest_content(period: Period, today: dt.date) -> dict:
    """Every report of the periods that closed with this fortnight, by pôle then direction,
    late reports first."""
    reports = Report.objects.filter(period__end=period.end).select_related(
        "direction__pole", "period"
    )
    poles: dict[tuple[int, str], PoleBlock] = {}
    for report in reports:
        pole = report.direction.pole
        key = (pole.order, pole.name) if pole else (9999, "")
        block = poles.setdefault(key, PoleBlock(pole.name if pole else "Hors pôle"))
        state = report.state(today)
        block.rows.append(
            {
                "report": report,
                "state": state,
                "late": report.is_late(today),
                "days_late": report.days_late(today),
                "url": report_url(report),
            }
        )
    blocks = [poles[key] for key in sorted(poles)]
    for block in blocks:
        block.rows.sort(
            key=lambda r: (LATE_FIRST[r["state"]], -r["days_late"], r["report"].direction.code)
        )
    total = sum(len(b.rows) for b in blocks)
    received = sum(b.received for b in blocks)
    return {
        "period": period,
        "blocks": blocks,
        "total": total,
        "received": received,
        "late": sum(b.late for b in blocks),
        "percent": round(100 * received / total) if total else 100,
        "late_rows": [r for b in blocks for r in b.rows if r["late"]],
    }


def digest_recipients() -> list[str]:
    return _emails(User.objects.filter(policy.sg_staff_q()).exclude(email=""))


def digest_plan(*, now: dt.datetime) -> int:
    """Record and queue the digest of the fortnight that just closed, once its moment has come:
    the first working day after its due date, at the fortnightly policy's hour. Old ones are not
    sent."""
    today = now.astimezone(PARIS).date()
    policy = policies()[Periodicity.FORTNIGHTLY]
    period = (
        Period.objects.filter(periodicity=Periodicity.FORTNIGHTLY, due_date__lt=today)
        .order_by("-due_date")
        .first()
    )
    if period is None or period.due_date < today - dt.timedelta(days=16):
        return 0
    if send_moment(policy, add_working_days(period.due_date, 1)) > now:
        return 0
    with transaction.atomic():
        digest, new = ReportingDigest.objects.get_or_create(period=period)
        if new:
            digest_queue(digest=digest)
    return int(new)


def digest_queue(*, digest: ReportingDigest) -> Email:
    """Queue the digest's email in the outbox and link it (in the caller's transaction)."""
    period = digest.period
    context = digest_content(period, timezone.localdate())
    context["site_url"] = settings.SITE_URL.rstrip("/")
    email = email_queue(
        purpose=E.DIGEST,
        key=f"indicators.digest:{period.pk}",
        to=digest_recipients(),
        subject=(
            f"Synthèse du reporting : {period.label}, {context['percent']} % reçus, "
            f"{context['late']} en retard"
        ),
        body=render_to_string("indicators/email/reminder_digest.txt", context),
        html=render_to_string("indicators/email/reminder_digest.html", context),
        about=period,
    )
    ReportingDigest.objects.filter(pk=digest.pk).update(email=email)
    digest.email = email
    return email


def digests_queue_unsent() -> int:
    """Queue the digests decided but never queued (recorded before the outbox existed)."""
    queued = 0
    for digest_id in ReportingDigest.objects.filter(email=None).values_list("pk", flat=True):
        with transaction.atomic():
            digest = (
                ReportingDigest.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("period")
                .filter(pk=digest_id, email=None)
                .first()
            )
            if digest is not None:
                digest_queue(digest=digest)
                queued += 1
    return queued


def digest_tick(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """(planned, queued), like `reminders_tick`."""
    now = now or timezone.now()
    planned = digest_plan(now=now)
    return planned, planned + digests_queue_unsent()
