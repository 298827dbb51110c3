"""The outbox's Celery tasks: adapters over `outbox.delivery`."""

from __future__ import annotations

from celery import shared_task
from celery.signals import worker_ready
from django.db import OperationalError

from sg_portal.outbox.delivery import SEND_TIME_LIMIT, email_send, outbox_sweep


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    time_limit=SEND_TIME_LIMIT,
    soft_time_limit=SEND_TIME_LIMIT - 20,
)
def send_email(email_id: int) -> str:
    """Send one queued row, after the commit of the act that queued it.

    SMTP failures are not retried by Celery: the row records them and the sweep sends it again
    at its next attempt time (the database is the schedule, so a lost retry message loses nothing).
    """
    return email_send(email_id=email_id)


@shared_task(time_limit=180, soft_time_limit=150)
def sweep() -> dict[str, int]:
    """Beat, every minute: what the broker never delivered, retries that are due, stale claims."""
    return outbox_sweep()


@worker_ready.connect
def _sweep_when_a_worker_starts(sender=None, **_kwargs) -> None:
    """Send at start-up what waited while no worker ran, rather than wait for the beat."""
    sweep.delay()
