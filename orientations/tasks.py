"""Celery adapters of the consultations' calendar: they call a service, which claims each row."""

from __future__ import annotations

from celery import shared_task

from orientations import services


@shared_task
def close_consultations() -> int:
    """Beat entry: consultations past their deadline close, silence is « réputé sans avis »."""
    return services.consultations_close_due()


@shared_task
def send_opinion_reminders() -> int:
    """Beat entry: reminders five and one days before a deadline, once each."""
    return services.opinion_reminders_queue()
