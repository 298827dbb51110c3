from __future__ import annotations

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import OperationalError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from directions import policy
from directions.models import User


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_report_returned(report_id: int) -> int:
    """Email the return comment to the direction's director and référents."""
    from indicators.models import Report

    report = Report.objects.select_related("direction", "period", "reviewed_by").get(pk=report_id)
    recipients = list(
        User.objects.filter(policy.direction_filers_q(report.direction_id))
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return 0
    context = {
        "report": report,
        "url": settings.SITE_URL.rstrip("/") + reverse("indicators:report", args=[report.pk]),
    }
    subject = f"Rapport renvoyé : {report.direction.code}, {report.period.label}"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("indicators/email/report_returned.txt", context),
        to=recipients,
    )
    message.attach_alternative(
        render_to_string("indicators/email/report_returned.html", context), "text/html"
    )
    message.send()
    return len(recipients)


@shared_task
def ensure_reporting_calendar() -> tuple[int, int]:
    """Beat: create the coming periods and the started periods' reports (idempotent)."""
    from indicators.services import reporting_calendar_ensure

    return reporting_calendar_ensure(today=timezone.localdate())


# --- Reporting reminders (issue 4) --------------------------------------------------------------
# Tasks are adapters: the services claim each row in the database, so a repeated tick, a second
# beat, a retried task or a message redelivered after a worker loss sends nothing twice.


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_reminders() -> tuple[int, int]:
    """Beat, every 15 minutes: plan the reminders whose time has come, send the pending ones."""
    from indicators.reminders import reminders_tick

    return reminders_tick(now=timezone.now())


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def deliver_reminders() -> int:
    """Send the pending reminders now (after a manual resend), without waiting for the beat."""
    from indicators.reminders import reminders_send

    return reminders_send(now=timezone.now())


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_reporting_digest() -> tuple[int, int]:
    """Beat, hourly: the fortnightly digest to SG staff, once per fortnight."""
    from indicators.reminders import digest_tick

    return digest_tick(now=timezone.now())


@worker_ready.connect
def _tick_when_a_worker_starts(sender=None, **_kwargs) -> None:
    """Catch up at start-up (after an outage, or on `make run`) rather than wait for the beat.

    Harmless: a tick is idempotent. Not sent by the in-process test worker.
    """
    send_reminders.delay()
    send_reporting_digest.delay()
