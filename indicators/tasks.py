from __future__ import annotations

from celery import shared_task
from celery.signals import worker_ready
from django.db import OperationalError
from django.utils import timezone


@shared_task
def ensure_reporting_calendar() -> tuple[int, int]:
    """Beat: create the coming periods and the started periods' reports (idempotent)."""
    from indicators.services import reporting_calendar_ensure

    return reporting_calendar_ensure(today=timezone.localdate())


# --- Reporting reminders ------------------------------------------------------------------------
# Tasks are adapters: the services decide what is due and queue it in the outbox under a unique
# key, so a repeated tick, a second beat or a retried task queues nothing twice.


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_reminders() -> tuple[int, int]:
    """Beat, every 15 minutes: plan the reminders whose time has come and queue their emails."""
    from indicators.reminders import reminders_tick

    return reminders_tick(now=timezone.now())


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


# --- Imports ------------------------------------------------------------------------------------
# A run's state is claimed in the database: a task delivered twice (a worker killed and the
# message redelivered) finds its run already checked or written and does nothing.


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def import_check(run_id: int) -> str | None:
    from indicators.importer import import_run_check

    run = import_run_check(run_id=run_id)
    return run.status if run else None


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def import_write(run_id: int) -> str | None:
    from indicators.importer import import_run_write

    run = import_run_write(run_id=run_id)
    return run.status if run else None
