"""Celery adapters: they take ids (or nothing) and call a service. Emails are sent by the
outbox, never here."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction

from projects import services


@shared_task
def send_status_reminders() -> int:
    """Beat entry (settings): queue a reminder to the chefs de projet whose status is overdue."""
    return services.status_reminders_queue()


@shared_task
def send_status_question(status_id: int) -> bool:
    """Queue the question on a status (idempotent: a status already queued is not again)."""
    with transaction.atomic():
        return services.status_question_queue(status_id=status_id)
