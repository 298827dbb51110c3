"""Celery adapters: they call a service. Emails are sent by the outbox, never here."""

from __future__ import annotations

from celery import shared_task

from risks import reminders


@shared_task
def tick() -> dict[str, int]:
    """Beat entry (settings): reminders and escalations of reviews, tolerance escalations,
    acceptances expired, key risk indicators crossed, measures past due; each acts once however
    often it runs."""
    report = reminders.tick()
    return {
        "reminders": report.reminders,
        "escalations": report.escalations,
        "expired": report.expired,
        "crossed": report.crossed,
        "overdue": report.overdue,
    }
