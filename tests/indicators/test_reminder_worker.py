"""A real Celery worker (not eager) consuming from the real Redis sends the reminders once:
the beat's ticks queue them in the outbox, the outbox's task sends them."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from celery.signals import task_postrun
from django.core import mail

from indicators.models import Reminder, Report
from indicators.tasks import send_reminders
from sg_portal.outbox.models import EmailState

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def eager_celery():
    """Overrides the package's autouse fixture: the tasks here go through Redis to a worker."""
    from sg_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def celery_worker_thread():
    from celery.contrib.testing.worker import start_worker

    from sg_portal.celery import app

    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(app.conf.task_default_queue)
    done = []
    lock = threading.Condition()

    def count(sender=None, **_kwargs):
        with lock:
            done.append(sender.name)
            lock.notify_all()

    task_postrun.connect(count, weak=False)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10
        ):
            yield done, lock
    finally:
        task_postrun.disconnect(count)


def test_a_real_worker_sends_a_late_reports_escalation_once_however_often_it_ticks(
    report, eager_celery, celery_worker_thread, mailoutbox
):
    done, lock = celery_worker_thread
    # Due a month ago, still to fill: the escalation's time has come.
    Report.objects.filter(pk=report.pk).update(due_date=dt.date.today() - dt.timedelta(days=30))

    for _ in range(3):  # three ticks: a repeated beat, a second beat, a retried task
        send_reminders.delay()
    deadline = time.monotonic() + 30
    with lock:
        while len(done) < 4 and time.monotonic() < deadline:
            lock.wait(timeout=1)
    assert sorted(done) == ["indicators.tasks.send_reminders"] * 3 + [
        "sg_portal.outbox.tasks.send_email"
    ]

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject.startswith("Escalade : rapport DASES")
    assert message.to == ["adjoint.demo@paris.fr"]
    assert message.cc == ["dir.dases@paris.fr"]
    reminder = Reminder.objects.select_related("email").get()
    assert (reminder.kind, reminder.email.state, reminder.email.attempts) == (
        "escalade",
        EmailState.SENT,
        1,
    )
