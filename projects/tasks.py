"""Celery adapters: they take ids (or nothing) and call a service."""

from __future__ import annotations

from celery import shared_task

from projects import services


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def send_status_reminders() -> int:
    """Beat entry (settings): remind the chefs de projet whose status is overdue."""
    return services.status_reminders_send()


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def send_status_question(status_id: int) -> None:
    services.status_question_email(status_id=status_id)
