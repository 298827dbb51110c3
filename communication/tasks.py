"""Celery adapters: the periodic work of the auditorium calls a service that claims each row."""

from __future__ import annotations

from celery import shared_task

from communication import services


@shared_task
def sessions_tick() -> dict[str, int]:
    """Lapsed seat offers pass to the next person waiting; reserved seats released to everyone; the
    directors notified of the announcements to relay whose publication time has come."""
    return {
        "lapsed": services.offers_expire(),
        "released": services.reservations_release(),
        "reminders": services.session_reminders_queue(),
        "relays": services.relay_notifications_due(),
    }
