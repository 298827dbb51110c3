"""Sending the queued emails: claim a row, send it, record the outcome.

How "sent once" is kept
-----------------------
1. A row is *claimed* before it is sent: a conditional update queued → sending that stamps
   `claimed_at` and counts the attempt. Two workers (the after-commit task and the sweep, two
   sweeps of a duplicated beat, a message the broker delivered twice) race on that update and only
   one wins; the others do nothing.
2. The outcome is written by a conditional update on the claim (same `claimed_at`), so a worker
   that lost its claim to the sweep cannot overwrite the outcome of the one that took it up.
3. A transient failure (the SMTP server or the network: `SMTPException`, `OSError`) puts the row
   back in the queue with a next attempt time that backs off (2, 4, 8... minutes, at most an
   hour) and the error; after `MAX_ATTEMPTS` it is failed. A message that can never be sent (no
   valid recipient, a header that cannot be encoded, recipients refused for good) is failed at the
   first attempt with a French reason, and never retried in a loop.
4. The sweep (`outbox_sweep`, on the beat every minute) sends what the broker never delivered
   (rows still queued some seconds after their time: Redis was down, the message was lost) and
   takes up claims older than `CLAIM_TIMEOUT` (a worker killed mid-send). Recovery after a worker
   crash is therefore a matter of minutes, whatever the broker's visibility timeout.

The one gap, stated honestly: a worker killed *after* the SMTP server accepted the message but
*before* the "sent" mark is committed leaves a claim that the sweep takes up, so that email goes
out twice (minutes apart). That window is a single database write wide. Marking the row sent
*before* sending would trade this duplicate for a silent loss, which is worse for the SG's
reminders. Everything else (repeated beats, retried tasks, redelivered messages, concurrent
workers) sends nothing twice.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import smtplib
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from sg_portal.outbox.models import Email, EmailState

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# A claim older than this belongs to no live worker: the send task's hard time limit is shorter.
CLAIM_TIMEOUT = dt.timedelta(minutes=5)
SEND_TIME_LIMIT = 120
# The after-commit task gets this long before the sweep sends a queued row itself.
SWEEP_GRACE = dt.timedelta(seconds=30)
SWEEP_BATCH = 200
# A sweep stops claiming after this long, well inside its task's time limit.
SWEEP_BUDGET_SECONDS = 90
ERROR_MAX = 2000

TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (smtplib.SMTPException, OSError)


class PermanentFailure(Exception):
    """This message can never be sent as it is; the text is the French reason shown."""


def retry_delay(attempts: int) -> dt.timedelta:
    """2, 4, 8, 16, 32 minutes, then every hour."""
    return dt.timedelta(minutes=min(2 ** max(attempts, 1), 60))


class Outcome:
    """What one send did to its row."""

    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    SKIPPED = "skipped"


# --- Claims ---------------------------------------------------------------------------------------


def _claim(email_id: int, now: dt.datetime) -> Email | None:
    """Take the row if it is due or its claim is stale; None if another worker has it (or had it).

    One conditional update: of two workers racing, exactly one gets `1`.
    """
    due = Q(state=EmailState.QUEUED, next_attempt_at__lte=now)
    stale = Q(state=EmailState.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
    row = Email.objects.filter(pk=email_id).filter(due | stale).first()
    if row is None:
        return None
    won = (
        Email.objects.filter(pk=row.pk, state=row.state, claimed_at=row.claimed_at)
        .filter(due | stale)
        .update(state=EmailState.SENDING, claimed_at=now, attempts=F("attempts") + 1)
        == 1
    )
    if not won:
        return None
    row.state = EmailState.SENDING
    row.claimed_at = now
    row.attempts += 1
    return row


def _finish(email: Email, **fields) -> bool:
    """Write the outcome if the claim is still ours (same claim time)."""
    return (
        Email.objects.filter(
            pk=email.pk, state=EmailState.SENDING, claimed_at=email.claimed_at
        ).update(**fields)
        == 1
    )


# --- The message ----------------------------------------------------------------------------------


def _check_addresses(addresses: list[str]) -> None:
    for address in addresses:
        if "\n" in address or "\r" in address:
            raise PermanentFailure(f"Adresse invalide (saut de ligne) : « {address[:120]!s} ».")
        try:
            validate_email(address)
        except ValidationError:
            raise PermanentFailure(f"Adresse invalide : « {address[:120]} ».") from None


def build_message(email: Email) -> EmailMultiAlternatives:
    """The Django message of a row, or PermanentFailure with the reason it can never be sent."""
    if not email.to:
        raise PermanentFailure("Aucun destinataire : personne n'a d'adresse électronique.")
    _check_addresses([*email.to, *email.cc])
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(email.to),
        cc=list(email.cc),
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    for attachment in email.attachments:
        message.attach(
            attachment["filename"],
            base64.b64decode(attachment["content"]),
            attachment["mimetype"],
        )
    try:
        message.message()  # encodes every header now: a bad one is refused before any SMTP talk
    except ValueError as exc:
        raise PermanentFailure(f"En-tête impossible à envoyer : {exc}") from None
    return message


def _refused_for_good(exc: BaseException) -> bool:
    """Every recipient refused with a 5xx code: the same message will never be accepted."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return bool(exc.recipients) and all(code >= 500 for code, _ in exc.recipients.values())
    return False


# --- Sending --------------------------------------------------------------------------------------


def _send_claimed(email: Email) -> str:
    try:
        message = build_message(email)
    except PermanentFailure as reason:
        _fail(email, str(reason))
        return Outcome.FAILED
    try:
        message.send()
    except TRANSIENT_ERRORS as exc:
        if _refused_for_good(exc):
            _fail(email, f"Destinataires refusés par le serveur de messagerie : {exc}")
            return Outcome.FAILED
        error = f"{type(exc).__name__} : {exc}"[:ERROR_MAX]
        if email.attempts >= MAX_ATTEMPTS:
            _fail(email, f"Abandon après {email.attempts} tentatives. Dernière erreur : {error}")
            return Outcome.FAILED
        retry_at = timezone.now() + retry_delay(email.attempts)
        log.warning("Envoi %s en échec (essai %s) : %s", email.pk, email.attempts, error)
        _finish(email, state=EmailState.QUEUED, last_error=error, next_attempt_at=retry_at)
        return Outcome.RETRY
    except ValueError as exc:  # an address the SMTP backend cannot encode
        _fail(email, f"En-tête impossible à envoyer : {exc}")
        return Outcome.FAILED
    _finish(email, state=EmailState.SENT, sent_at=timezone.now())
    return Outcome.SENT


def _fail(email: Email, reason: str) -> None:
    log.warning("Envoi %s définitivement en échec : %s", email.pk, reason)
    _finish(
        email,
        state=EmailState.FAILED,
        last_error=reason[:ERROR_MAX],
        failed_at=timezone.now(),
    )


def email_send(*, email_id: int, now: dt.datetime | None = None) -> str:
    """Claim and send one row; an Outcome. Does nothing to a row another worker holds."""
    email = _claim(email_id, now or timezone.now())
    if email is None:
        return Outcome.SKIPPED
    if email.attempts > MAX_ATTEMPTS:
        # A stale claim on the last attempt: the worker died each time, stop here.
        _fail(email, f"Abandon après {email.attempts - 1} tentatives interrompues.")
        return Outcome.FAILED
    return _send_claimed(email)


def _next_candidate(now: dt.datetime, seen: set[int]) -> int | None:
    with transaction.atomic():
        return (
            Email.objects.filter(
                Q(state=EmailState.QUEUED, next_attempt_at__lte=now - SWEEP_GRACE)
                | Q(state=EmailState.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
            )
            .exclude(pk__in=seen)
            .order_by("next_attempt_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
            .first()
        )


def outbox_sweep(*, now: dt.datetime | None = None, limit: int = SWEEP_BATCH) -> dict[str, int]:
    """Send what the broker never delivered and take up stale claims, one row at a time.

    Safe to run twice at once (a duplicated beat): each row is claimed before it is sent.
    """
    started = time.monotonic()
    counts = {Outcome.SENT: 0, Outcome.RETRY: 0, Outcome.FAILED: 0, Outcome.SKIPPED: 0}
    seen: set[int] = set()
    for _ in range(limit):
        if time.monotonic() - started > SWEEP_BUDGET_SECONDS:
            break
        moment = now or timezone.now()
        email_id = _next_candidate(moment, seen)
        if email_id is None:
            break
        seen.add(email_id)
        counts[email_send(email_id=email_id, now=moment)] += 1
    return counts
