"""Celery adapters: take ids, call a service. Emails are sent by the outbox, never here."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from meetings import services
from meetings.models import Meeting


@shared_task
def send_agenda(meeting_id: int) -> int:
    """Queue a published agenda's emails (idempotent: members already queued are skipped)."""
    with transaction.atomic():
        meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
        return services.agenda_emails_queue(meeting=meeting) if meeting else 0


@shared_task
def remind_actions() -> int:
    """Beat entry: queue the reminders of the actions due soon and alert the owners of those
    past due, one action at a time; returns how many reminders and alerts this tick made."""
    today = timezone.localdate()
    return services.action_reminders_queue(today=today) + services.action_overdue_alerts(
        today=today
    )


@shared_task
def generate_meetings() -> int:
    return services.meetings_generate_all(today=timezone.localdate())
