"""Workers racing on the same rows, each in its own thread and database connection, send each
email once: the after-commit task against the sweep, two sweeps of a duplicated beat, and the
take-up of claims left by killed workers."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter

import pytest
from django.core import mail
from django.utils import timezone

from sg_portal.outbox import delivery
from sg_portal.outbox.delivery import email_send, outbox_sweep
from sg_portal.outbox.models import Email, EmailState
from tests.race import at_once
from tests.sg_portal.outbox_helpers import queue

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 30


@pytest.fixture
def slow_smtp(monkeypatch):
    """Each send takes a little while, so the workers really overlap."""
    original = delivery.EmailMultiAlternatives.send

    def send(message, *args, **kwargs):
        time.sleep(0.01)
        return original(message, *args, **kwargs)

    monkeypatch.setattr(delivery.EmailMultiAlternatives, "send", send)


def sends_per_subject() -> Counter:
    return Counter(message.subject for message in mail.outbox)


def queued_rows(count: int = ROWS) -> list[int]:
    return [queue(key=f"tests.race:{i}", subject=f"Envoi {i}").pk for i in range(count)]


def test_two_workers_sending_the_same_rows_send_each_email_once(mailoutbox, slow_smtp):
    ids = queued_rows()

    def worker(order):
        def job():
            for email_id in order:
                email_send(email_id=email_id)

        return job

    # The same order for two of them: they collide on every row.
    shuffled = random.Random(7).sample(ids, len(ids))
    at_once(worker(ids), worker(ids), worker(shuffled))

    assert sends_per_subject() == Counter({f"Envoi {i}": 1 for i in range(ROWS)})
    assert set(Email.objects.values_list("state", "attempts")) == {(EmailState.SENT, 1)}


def test_the_after_commit_task_racing_the_sweep_sends_each_email_once(mailoutbox, slow_smtp):
    ids = queued_rows()
    soon = timezone.now() + dt.timedelta(minutes=1)

    def tasks():
        for email_id in ids:
            email_send(email_id=email_id)

    at_once(tasks, lambda: outbox_sweep(now=soon))

    assert sends_per_subject() == Counter({f"Envoi {i}": 1 for i in range(ROWS)})
    assert Email.objects.filter(state=EmailState.SENT).count() == ROWS


def test_a_duplicated_beat_two_sweeps_at_once_sends_nothing_twice(mailoutbox, slow_smtp):
    queued_rows()
    soon = timezone.now() + dt.timedelta(minutes=1)
    results: list[dict] = []

    at_once(*[lambda: results.append(outbox_sweep(now=soon))] * 3)

    assert sends_per_subject() == Counter({f"Envoi {i}": 1 for i in range(ROWS)})
    assert sum(r[delivery.Outcome.SENT] for r in results) == ROWS


def test_claims_of_killed_workers_are_taken_up_once_by_racing_sweeps(mailoutbox, slow_smtp):
    ids = queued_rows()
    # A worker claimed every row ten minutes ago and was killed before sending any.
    Email.objects.filter(pk__in=ids).update(
        state=EmailState.SENDING,
        claimed_at=timezone.now() - dt.timedelta(minutes=10),
        attempts=1,
    )

    at_once(outbox_sweep, outbox_sweep)

    assert sends_per_subject() == Counter({f"Envoi {i}": 1 for i in range(ROWS)})
    assert set(Email.objects.values_list("state", "attempts")) == {(EmailState.SENT, 2)}
