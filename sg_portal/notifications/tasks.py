"""The notifications' periodic work: an adapter over `digest_send_due`."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from sg_portal.notifications.services import digest_send_due


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def send_digests() -> int:
    """Beat, every five minutes: the daily digests whose hour has come."""
    return digest_send_due()
