"""Celery adapters: take ids, call a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from meetings import services


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_agenda(self, meeting_id: int) -> int:
    return services.agenda_emails_send(meeting_id=meeting_id)


@shared_task
def remind_actions() -> int:
    return services.action_reminders_send(today=timezone.localdate())


@shared_task
def generate_meetings() -> int:
    return services.meetings_generate_all(today=timezone.localdate())
