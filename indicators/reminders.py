"""Reporting reminders and the fortnightly digest: which are due, and sending each exactly once.

How "exactly once" is kept
--------------------------
1. *Planning* writes one `Reminder` row per (report, kind) whose time has come. A partial unique
   constraint on (report, kind) for automatic reminders makes a second row impossible, so a
   repeated tick, two beats or a retried task plan nothing twice (`bulk_create(ignore_conflicts)`).
2. *Sending* claims one row at a time (`select_for_update(skip_locked=True)` then a conditional
   update to "en cours", attempts + 1), commits the claim, sends, then marks the row "envoyé"
   with a conditional update on the claim. Two workers never hold the same row.
3. A send that raises leaves the row "échec" with the error and a next attempt time (backoff,
   capped at an hour): it is retried by a later tick, never dropped.
4. A worker killed between the claim and the "envoyé" mark leaves the row "en cours". A claim
   older than the task's hard time limit cannot belong to a live task any more (Celery kills a
   task at that limit), so such a stale claim is taken again by a later tick.

The honest guarantee is therefore *at-least-once at the SMTP hand-off, exactly once on our side*:
if the process dies after the mail server accepted the message but before the "envoyé" mark is
committed, the stale claim is sent again (one duplicate, minutes later). Marking "envoyé" before
sending would turn that into a possible loss instead, which is worse for a reminder. Everything
else (repeated ticks, concurrent beats, retried tasks, redelivered messages) sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from directions import policy
from directions.models import User
from indicators.models import (
    DeliveryStatus,
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

log = logging.getLogger(__name__)
PARIS = ZoneInfo("Europe/Paris")
# Reports due longer ago than this are not reminded any more (old drafts never flood anyone).
LOOKBACK_DAYS = 90
# Reports due further ahead than this cannot have a reminder due yet.
LOOKAHEAD_DAYS = 40
BATCH = 200
KIND_ORDER = [ReminderKind.BEFORE, ReminderKind.DUE, ReminderKind.AFTER, ReminderKind.ESCALATION]


class ReminderError(Exception):
    """A refused action, with a message for the person who tried it."""


def stale_after() -> dt.timedelta:
    """A claim older than the hard time limit (plus a margin) belongs to no live task."""
    return dt.timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 300) + 60)


def retry_delay(attempts: int) -> dt.timedelta:
    """5, 10, 20, 40 minutes, then every hour: a failed send is retried, never dropped."""
    return dt.timedelta(minutes=min(5 * 2 ** max(attempts - 1, 0), 60))


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
    """Record a pending reminder for every open report whose reminder time has come."""
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
        # The unique constraint decides between two concurrent planners: one insert wins.
        _, new = Reminder.objects.get_or_create(
            report_id=reminder.report_id,
            kind=reminder.kind,
            manual=False,
            defaults={"scheduled_for": reminder.scheduled_for},
        )
        created += new
    return created


def reminder_resend(*, reminder: Reminder, user: User) -> Reminder:
    """An administrator sends a reminder again by hand: a new row, marked manual."""
    report = reminder.report
    if not Report.objects.filter(pk=report.pk, status__in=Report.EDITABLE).exists():
        raise ReminderError("Ce rapport a été soumis : il n'y a plus rien à rappeler.")
    try:
        with transaction.atomic():
            again = Reminder.objects.create(
                report=report,
                kind=reminder.kind,
                manual=True,
                requested_by=user,
                scheduled_for=timezone.localdate(),
            )
    except IntegrityError:
        raise ReminderError("Un renvoi de ce rappel est déjà en attente d'envoi.") from None
    from indicators.tasks import deliver_reminders

    transaction.on_commit(deliver_reminders.delay)
    return again


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


SUBJECTS = {
    ReminderKind.BEFORE: "Rappel : rapport {code} — {period} attendu le {due}",
    ReminderKind.DUE: "Rapport {code} — {period} attendu aujourd'hui ({due})",
    ReminderKind.AFTER: "Relance : rapport {code} — {period} en retard (attendu le {due})",
    ReminderKind.ESCALATION: "Escalade : rapport {code} — {period} non remis (attendu le {due})",
}


def report_url(report: Report) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("indicators:report", args=[report.pk])


def reminder_message(reminder: Reminder, to: list[str], cc: list[str]) -> EmailMultiAlternatives:
    from django.utils.dateformat import format as date_format

    from indicators.selectors import report_completeness

    report = reminder.report
    today = timezone.localdate()
    missing = report_completeness(report).missing
    context = {
        "reminder": reminder,
        "report": report,
        "url": report_url(report),
        "missing": missing,
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
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("indicators/email/reminder_report.txt", context),
        to=to,
        cc=cc,
    )
    message.attach_alternative(
        render_to_string("indicators/email/reminder_report.html", context), "text/html"
    )
    return message


# --- Claim and send (shared by reminders and digests) -------------------------------------------


def _claimable(model, now: dt.datetime):
    return model.objects.filter(
        Q(status=DeliveryStatus.PENDING)
        | Q(status=DeliveryStatus.FAILED, next_attempt_at__lte=now)
        | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - stale_after())
    )


def _claim_one(model, now: dt.datetime, exclude: set[int]):
    """Claim one row in a short transaction of its own; None when nothing is left."""
    while True:
        with transaction.atomic():
            row = (
                _claimable(model, now)
                .exclude(pk__in=exclude)
                .select_for_update(skip_locked=True)
                .order_by("pk")
                .first()
            )
            if row is None:
                return None
            # Conditional: on a database without row locks (SQLite) the first writer wins.
            won = (
                model.objects.filter(
                    pk=row.pk, status=row.status, claimed_at=row.claimed_at
                ).update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
                == 1
            )
        if won:
            row.claimed_at = now
            row.attempts += 1
            return row
        exclude.add(row.pk)


def _finish(model, row, claimed_at: dt.datetime, **fields) -> bool:
    return (
        model.objects.filter(
            pk=row.pk, status=DeliveryStatus.SENDING, claimed_at=claimed_at
        ).update(**fields)
        == 1
    )


def _fail(model, row, claimed_at: dt.datetime, exc: Exception, **fields) -> None:
    log.warning("Envoi %s %s en échec (essai %s) : %s", model.__name__, row.pk, row.attempts, exc)
    _finish(
        model,
        row,
        claimed_at,
        status=DeliveryStatus.FAILED,
        last_error=f"{type(exc).__name__}: {exc}"[:2000],
        next_attempt_at=timezone.now() + retry_delay(row.attempts),
        **fields,
    )


def _deliver_reminder(reminder: Reminder) -> bool:
    claimed_at = reminder.claimed_at
    reminder = Reminder.objects.select_related(
        "report__direction__pole", "report__period", "requested_by"
    ).get(pk=reminder.pk)
    report = reminder.report
    if report.status not in Report.EDITABLE:
        _finish(Reminder, reminder, claimed_at, status=DeliveryStatus.CANCELLED)
        return False
    to, cc = reminder_recipients(report, reminder.kind)
    if not to:
        _finish(Reminder, reminder, claimed_at, status=DeliveryStatus.NO_RECIPIENT)
        return False
    try:
        reminder_message(reminder, to, cc).send()
    except Exception as exc:  # the SMTP server, the network, a template: retried later
        _fail(Reminder, reminder, claimed_at, exc, recipients=to, copy_to=cc)
        return False
    return _finish(
        Reminder,
        reminder,
        claimed_at,
        status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
        recipients=to,
        copy_to=cc,
        last_error="",
    )


def reminders_send(*, now: dt.datetime, limit: int = BATCH) -> int:
    """Send the pending reminders one at a time; returns how many went out."""
    sent = 0
    seen: set[int] = set()
    for _ in range(limit):
        reminder = _claim_one(Reminder, now, seen)
        if reminder is None:
            break
        seen.add(reminder.pk)
        sent += _deliver_reminder(reminder)
    return sent


def reminders_tick(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """The beat's job: plan what has come due, then send what is pending. Idempotent."""
    now = now or timezone.now()
    return reminders_plan(now=now), reminders_send(now=now)


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
    poles: dict[object, PoleBlock] = {}
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
    """Record the digest of the fortnight that just closed, once its moment has come: the first
    working day after its due date, at the fortnightly policy's hour. Old ones are not sent."""
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
    before = ReportingDigest.objects.count()
    ReportingDigest.objects.bulk_create([ReportingDigest(period=period)], ignore_conflicts=True)
    return ReportingDigest.objects.count() - before


def _deliver_digest(digest: ReportingDigest) -> bool:
    claimed_at = digest.claimed_at
    digest = ReportingDigest.objects.select_related("period").get(pk=digest.pk)
    to = digest_recipients()
    if not to:
        _finish(ReportingDigest, digest, claimed_at, status=DeliveryStatus.NO_RECIPIENT)
        return False
    context = digest_content(digest.period, timezone.localdate())
    context["site_url"] = settings.SITE_URL.rstrip("/")
    message = EmailMultiAlternatives(
        subject=(
            f"Synthèse du reporting : {digest.period.label}, {context['percent']} % reçus, "
            f"{context['late']} en retard"
        ),
        body=render_to_string("indicators/email/reminder_digest.txt", context),
        to=to,
    )
    message.attach_alternative(
        render_to_string("indicators/email/reminder_digest.html", context), "text/html"
    )
    try:
        message.send()
    except Exception as exc:
        _fail(ReportingDigest, digest, claimed_at, exc, recipients=to)
        return False
    return _finish(
        ReportingDigest,
        digest,
        claimed_at,
        status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
        recipients=to,
        last_error="",
    )


def digest_send(*, now: dt.datetime, limit: int = 5) -> int:
    sent = 0
    seen: set[int] = set()
    for _ in range(limit):
        digest = _claim_one(ReportingDigest, now, seen)
        if digest is None:
            break
        seen.add(digest.pk)
        sent += _deliver_digest(digest)
    return sent


def digest_tick(*, now: dt.datetime | None = None) -> tuple[int, int]:
    now = now or timezone.now()
    return digest_plan(now=now), digest_send(now=now)
