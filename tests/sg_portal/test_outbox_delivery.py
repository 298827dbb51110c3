"""Queuing an email in the act's transaction, sending it after commit, retries and failures."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from django.db import transaction
from django.utils import timezone

from directions.models import Direction
from sg_portal.outbox import delivery
from sg_portal.outbox.delivery import MAX_ATTEMPTS, email_send, outbox_sweep
from sg_portal.outbox.models import Email, EmailState
from sg_portal.outbox.services import clean_subject, email_cancel
from tests.sg_portal.outbox_helpers import eager_tasks, queue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def eager():
    with eager_tasks():
        yield


def later(minutes: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


def test_an_email_is_sent_once_the_act_commits_and_not_before(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = queue(html="<p>Bonjour</p>", cc=["adjoint.demo@paris.fr"])
    assert len(mailoutbox) == 0
    assert Email.objects.get().state == EmailState.QUEUED

    for callback in callbacks:
        callback()

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "Rapport DASES attendu"
    assert message.to == ["dir.dases@paris.fr"]
    assert message.cc == ["adjoint.demo@paris.fr"]
    assert message.alternatives[0].content == "<p>Bonjour</p>"
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.SENT, 1)
    assert email.sent_at is not None


def test_a_rolled_back_act_sends_nothing(mailoutbox, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue()
        raise RuntimeError("the act failed")
    assert len(mailoutbox) == 0
    assert not Email.objects.exists()


def test_queuing_the_same_key_twice_returns_the_first_row_and_sends_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue()
        second = queue(subject="Un autre sujet")
    with django_capture_on_commit_callbacks(execute=True):
        third = queue(subject="Encore un autre")
    assert first.pk == second.pk == third.pk
    assert Email.objects.count() == 1
    assert [m.subject for m in mailoutbox] == ["Rapport DASES attendu"]


def test_the_email_names_what_it_is_about_and_carries_its_attachments(
    mailoutbox, django_capture_on_commit_callbacks
):
    direction = Direction.objects.create(code="DTEST", name="Direction de test")
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(
            about=direction,
            attachments=[("reunion.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
        )
    email.refresh_from_db()
    assert email.about == direction
    name, content, mimetype = mailoutbox[0].attachments[0]
    assert (name, mimetype) == ("reunion.ics", "text/calendar")
    assert "BEGIN:VCALENDAR" in (content.decode() if isinstance(content, bytes) else content)


def test_an_email_for_later_waits_for_the_sweep_at_its_time(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(not_before=later(60))
    assert len(mailoutbox) == 0
    assert outbox_sweep()[delivery.Outcome.SENT] == 0
    assert outbox_sweep(now=later(61))[delivery.Outcome.SENT] == 1
    email.refresh_from_db()
    assert email.state == EmailState.SENT
    assert len(mailoutbox) == 1


def test_a_subject_with_a_line_break_is_cleaned_and_sent(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(subject="Projet « Rénovation\r\ndes écoles »\tphase 2\x00")
    email.refresh_from_db()
    assert email.subject == "Projet « Rénovation des écoles » phase 2"
    assert email.state == EmailState.SENT
    assert mailoutbox[0].subject == "Projet « Rénovation des écoles » phase 2"


def test_a_long_subject_is_cut_with_an_ellipsis():
    cleaned = clean_subject("x" * 500)
    assert len(cleaned) == 200
    assert cleaned.endswith("…")


def test_an_invalid_address_fails_its_row_once_with_a_french_reason_and_is_not_retried(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(to=["dir.dases@paris.fr", "pas une adresse"])
    email.refresh_from_db()
    assert email.state == EmailState.FAILED
    assert email.attempts == 1
    assert email.last_error == "Adresse invalide : « pas une adresse »."
    assert len(mailoutbox) == 0
    # Later sweeps leave it alone: no loop.
    outbox_sweep(now=later(24 * 60))
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.FAILED, 1)


def test_an_address_with_a_line_break_fails_once(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(to=["dir.dases@paris.fr\nBcc: tout.le.monde@paris.fr"])
    email.refresh_from_db()
    assert email.state == EmailState.FAILED
    assert email.last_error.startswith("Adresse invalide (saut de ligne)")
    assert len(mailoutbox) == 0


def test_an_email_without_recipient_fails_with_a_reason(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(to=[])
    email.refresh_from_db()
    assert email.state == EmailState.FAILED
    assert email.last_error.startswith("Aucun destinataire")


class FlakyServer:
    """Stands for an SMTP server that refuses the next `failures` connections."""

    def __init__(self, monkeypatch, failures: int, error: Exception | None = None) -> None:
        self.failures = failures
        self.calls = 0
        self.error = error or smtplib.SMTPServerDisconnected("Connexion fermée par le serveur")
        original = delivery.EmailMultiAlternatives.send

        def send(message, *args, **kwargs):
            self.calls += 1
            if self.calls <= self.failures:
                raise self.error
            return original(message, *args, **kwargs)

        monkeypatch.setattr(delivery.EmailMultiAlternatives, "send", send)


def test_a_transient_failure_is_retried_later_with_backoff_and_its_reason(
    monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    FlakyServer(monkeypatch, failures=2)
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()
    email.refresh_from_db()
    assert email.state == EmailState.QUEUED
    assert email.attempts == 1
    assert "Connexion fermée par le serveur" in email.last_error
    first_delay = email.next_attempt_at - timezone.now()
    assert dt.timedelta(minutes=1) < first_delay <= dt.timedelta(minutes=2)

    # Too early: the sweep waits for the next attempt time.
    assert outbox_sweep()[delivery.Outcome.RETRY] == 0
    outbox_sweep(now=email.next_attempt_at + dt.timedelta(minutes=1))
    email.refresh_from_db()
    assert email.attempts == 2
    second_delay = email.next_attempt_at - timezone.now()
    assert second_delay > first_delay  # it backs off

    outbox_sweep(now=email.next_attempt_at + dt.timedelta(minutes=1))
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.SENT, 3)
    assert len(mailoutbox) == 1


def test_after_the_last_attempt_the_row_is_failed_and_left_alone(monkeypatch, mailoutbox):
    FlakyServer(monkeypatch, failures=100, error=ConnectionRefusedError(111, "Connection refused"))
    email = queue()
    moment = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        email_send(email_id=email.pk, now=moment)
        moment += dt.timedelta(hours=2)
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.FAILED, MAX_ATTEMPTS)
    assert email.last_error.startswith(f"Abandon après {MAX_ATTEMPTS} tentatives.")
    assert "Connection refused" in email.last_error
    assert outbox_sweep(now=moment + dt.timedelta(days=1))[delivery.Outcome.FAILED] == 0
    assert len(mailoutbox) == 0


def test_recipients_refused_for_good_fail_at_once(monkeypatch, mailoutbox):
    FlakyServer(
        monkeypatch,
        failures=1,
        error=smtplib.SMTPRecipientsRefused({"dir.dases@paris.fr": (550, b"No such user")}),
    )
    email = queue()
    email_send(email_id=email.pk)
    email.refresh_from_db()
    assert email.state == EmailState.FAILED
    assert email.last_error.startswith("Destinataires refusés")


def test_a_cancelled_email_is_not_sent(mailoutbox):
    email = queue()
    assert email_cancel(key=email.key)
    assert email_send(email_id=email.pk) == delivery.Outcome.SKIPPED
    email.refresh_from_db()
    assert email.state == EmailState.CANCELLED
    assert len(mailoutbox) == 0


def test_a_sent_email_is_never_sent_again_by_a_redelivered_task(mailoutbox):
    email = queue()
    assert email_send(email_id=email.pk) == delivery.Outcome.SENT
    assert email_send(email_id=email.pk) == delivery.Outcome.SKIPPED
    outbox_sweep(now=later(60))
    assert len(mailoutbox) == 1


def test_the_sweep_sends_what_the_broker_never_delivered(mailoutbox):
    # Queued outside any commit hook: as if the message to the worker were lost.
    email = queue()
    assert outbox_sweep()[delivery.Outcome.SENT] == 0  # still the task's turn
    assert outbox_sweep(now=later(1))[delivery.Outcome.SENT] == 1
    email.refresh_from_db()
    assert email.state == EmailState.SENT
    assert len(mailoutbox) == 1


def test_a_claim_left_by_a_killed_worker_is_taken_up_by_the_sweep(mailoutbox):
    email = queue()
    # A worker claimed it ten minutes ago, then was killed before sending.
    Email.objects.filter(pk=email.pk).update(
        state=EmailState.SENDING, claimed_at=later(-10), attempts=1
    )
    assert outbox_sweep()[delivery.Outcome.SENT] == 1
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.SENT, 2)
    assert len(mailoutbox) == 1


def test_a_recent_claim_is_left_to_the_worker_that_holds_it(mailoutbox):
    email = queue()
    Email.objects.filter(pk=email.pk).update(
        state=EmailState.SENDING, claimed_at=later(-1), attempts=1
    )
    assert outbox_sweep(now=later(1))[delivery.Outcome.SENT] == 0
    assert len(mailoutbox) == 0


def test_a_worker_that_lost_its_claim_cannot_overwrite_the_outcome(monkeypatch, mailoutbox):
    email = queue()
    slow = delivery._claim(email.pk, timezone.now())  # a worker that hangs after its claim
    outbox_sweep(now=later(10))  # takes the stale claim up and sends
    assert delivery._finish(slow, state=EmailState.QUEUED, last_error="trop tard") is False
    email.refresh_from_db()
    assert email.state == EmailState.SENT
