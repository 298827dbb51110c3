"""Queue an email in the transaction of the act that causes it; send a failed one again.

    email_queue(purpose="indicators.report_returned", key=f"indicators.report_returned:{event.pk}",
                to=[...], subject=..., body=..., about=report)

The key is unique in the database: queuing the same key twice returns the row already there and
sends nothing more, so two beats, a retried task or a double click never send twice. The row is
handed to the `send_email` task once the transaction commits; if the broker cannot take it (Redis
down), the act still succeeds and the sweep sends the row a minute later.
"""

from __future__ import annotations

import base64
import logging
import re
import time
from collections.abc import Sequence
from datetime import datetime
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from sg_portal.journal.services import journal_record
from sg_portal.outbox.models import KEY_MAX, PURPOSE_MAX, SUBJECT_MAX, Email, EmailState

log = logging.getLogger(__name__)

# Line breaks, tabs and every other control character: a header must stay on one line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPACES = re.compile(r"\s{2,}")
ADDRESS_MAX = 254


class OutboxError(Exception):
    """A refused action, with a message for the person who tried it."""


def clean_subject(text: str, *, limit: int = SUBJECT_MAX) -> str:
    """One line, no control characters, at most `limit` characters (with an ellipsis)."""
    line = _SPACES.sub(" ", _CONTROL.sub(" ", text or "")).strip()
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return line


def _clean_addresses(addresses: Sequence[str]) -> list[str]:
    """Trimmed, deduplicated in order; kept as typed otherwise, so a bad one fails its row with a
    reason on `/envois/` instead of disappearing."""
    if isinstance(addresses, str):
        addresses = [addresses]
    seen: list[str] = []
    for address in addresses:
        address = (address or "").strip()[:ADDRESS_MAX]
        if address and address not in seen:
            seen.append(address)
    return seen


# After the broker refused a message, later ones skip it for a moment: an act that queues fifty
# emails does not wait fifty times on a broker that is down. The sweep sends them all.
BROKER_PAUSE_SECONDS = 30.0
_broker_unreachable_until = 0.0


def _enqueue(email_id: int) -> None:
    """Hand the row to a worker, at once or not at all: a broker that cannot take it right now
    (Redis down, unreachable) is the sweep's business, never the act's."""
    global _broker_unreachable_until
    from sg_portal.celery import app
    from sg_portal.outbox.tasks import send_email

    if app.conf.task_always_eager:
        send_email.apply_async((email_id,))
        return
    if time.monotonic() < _broker_unreachable_until:
        log.info("Envoi %s laissé au balayage (courtier indisponible)", email_id)
        return
    try:
        with app.pool.acquire(block=True, timeout=5) as connection:
            # One connection attempt, no publish retries: kombu would otherwise keep trying for
            # seconds while the person who acted waits for the page.
            connection.ensure_connection(max_retries=0)
            send_email.apply_async((email_id,), connection=connection, retry=False)
    except Exception:  # kombu, redis and socket errors alike: none may fail the act
        _broker_unreachable_until = time.monotonic() + BROKER_PAUSE_SECONDS
        log.warning(
            "Envoi %s non confié au courtier : il partira avec le balayage",
            email_id,
            exc_info=True,
        )


def email_queue(
    *,
    purpose: str,
    key: str,
    to: Sequence[str],
    subject: str,
    body: str,
    html: str = "",
    cc: Sequence[str] = (),
    attachments: Sequence[tuple[str, bytes, str]] = (),
    about: models.Model | None = None,
    not_before: datetime | None = None,
) -> Email:
    """Queue one email, sent after the surrounding transaction commits (or at `not_before`).

    Returns the row; if a row with this key already exists it is returned unchanged and nothing
    more is sent.
    """
    if not purpose or len(purpose) > PURPOSE_MAX:
        raise ValueError(f"purpose must have 1 to {PURPOSE_MAX} characters: {purpose!r}")
    if not key or len(key) > KEY_MAX:
        raise ValueError(f"key must have 1 to {KEY_MAX} characters: {key!r}")
    existing = Email.objects.filter(key=key).first()
    if existing is not None:
        return existing
    now = timezone.now()
    email = Email(
        purpose=purpose,
        key=key,
        to=_clean_addresses(to),
        cc=_clean_addresses(cc),
        subject=clean_subject(subject),
        body=body,
        html=html,
        attachments=[
            {
                "filename": clean_subject(filename, limit=120),
                "mimetype": mimetype,
                "content": base64.b64encode(content).decode("ascii"),
            }
            for filename, content, mimetype in attachments
        ],
        next_attempt_at=max(not_before, now) if not_before else now,
    )
    if about is not None:
        email.about_type = ContentType.objects.get_for_model(about)
        email.about_id = about.pk
    try:
        # A savepoint: a concurrent act that queued the same key first makes this insert wait
        # for it, then fail without spoiling the caller's transaction.
        with transaction.atomic():
            email.save(force_insert=True)
    except IntegrityError:
        return Email.objects.get(key=key)
    if email.next_attempt_at <= now:
        transaction.on_commit(partial(_enqueue, email.pk))
    return email


def email_retry(*, email: Email, actor) -> bool:
    """An administrator sends a failed email again: back to the queue with fresh attempts.

    A conditional update, so two clicks queue it once. Returns whether it was queued.
    """
    with transaction.atomic():
        queued = (
            Email.objects.filter(pk=email.pk, state=EmailState.FAILED).update(
                state=EmailState.QUEUED,
                attempts=0,
                next_attempt_at=timezone.now(),
                claimed_at=None,
                failed_at=None,
            )
            == 1
        )
        if queued:
            journal_record(
                actor=actor,
                action="outbox.email.resend",
                obj=email,
                before={"state": EmailState.FAILED, "last_error": email.last_error},
                after={"state": EmailState.QUEUED},
            )
            transaction.on_commit(partial(_enqueue, email.pk))
    return queued


def email_cancel(*, key: str) -> bool:
    """Withdraw an email not sent yet (its reason went away); returns whether it was withdrawn."""
    return (
        Email.objects.filter(key=key, state=EmailState.QUEUED).update(
            state=EmailState.CANCELLED, claimed_at=None
        )
        == 1
    )
