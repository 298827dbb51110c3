"""With Redis down, an act that queues an email still succeeds; the sweep sends it once later."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from sg_portal.outbox.delivery import Outcome, outbox_sweep
from sg_portal.outbox.models import Email, EmailState
from tests.sg_portal.outbox_helpers import OwnRedis, celery_broker, queue, redis_down_then_up

pytestmark = pytest.mark.django_db


def test_queuing_with_the_broker_down_succeeds_and_the_sweep_sends_once_it_is_back(
    mailoutbox, django_capture_on_commit_callbacks, caplog
):
    with redis_down_then_up():
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            email = queue()
        assert time.monotonic() - started < 2  # the act does not hang on the broker
        email.refresh_from_db()
        assert email.state == EmailState.QUEUED
        assert "non confié au courtier" in caplog.text
        assert len(mailoutbox) == 0

    # Redis is back: the next beat's sweep sends the row, and only once.
    soon = timezone.now() + dt.timedelta(minutes=1)
    assert outbox_sweep(now=soon)[Outcome.SENT] == 1
    assert outbox_sweep(now=soon)[Outcome.SENT] == 0
    assert len(mailoutbox) == 1
    assert Email.objects.get().state == EmailState.SENT


def test_with_the_broker_up_the_act_hands_the_email_to_a_worker(
    mailoutbox, django_capture_on_commit_callbacks
):
    import json

    import redis

    server = OwnRedis()
    server.start()
    try:
        with celery_broker(server.url):
            with django_capture_on_commit_callbacks(execute=True):
                email = queue()
            waiting = redis.Redis.from_url(server.url).lrange("celery", 0, -1)
    finally:
        server.stop()
    assert len(waiting) == 1
    message = json.loads(waiting[0])
    assert message["headers"]["task"] == "sg_portal.outbox.tasks.send_email"
    assert message["headers"]["argsrepr"] == f"({email.pk},)"
