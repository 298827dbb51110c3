"""The Celery configuration that does not lose work."""

from __future__ import annotations

from celery.schedules import schedule
from django.conf import settings

from sg_portal.celery import app


def test_tasks_are_acknowledged_late_and_requeued_when_a_worker_is_lost():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_the_broker_connection_is_retried_at_start_up():
    assert app.conf.broker_connection_retry_on_startup is True


def test_tasks_have_time_limits_and_redis_redelivers_only_after_the_longest_task():
    hard, soft = app.conf.task_time_limit, app.conf.task_soft_time_limit
    assert hard and soft and soft < hard
    if settings.REDIS_URL:
        assert app.conf.broker_transport_options["visibility_timeout"] > hard


def test_an_outbox_claim_is_taken_up_only_once_no_live_send_task_can_hold_it():
    from sg_portal.outbox.delivery import CLAIM_TIMEOUT
    from sg_portal.outbox.tasks import send_email

    assert CLAIM_TIMEOUT.total_seconds() > send_email.time_limit
    # ...and it is minutes, not the broker's visibility timeout, that a lost send waits.
    assert CLAIM_TIMEOUT.total_seconds() <= 10 * 60


def test_the_clock_is_paris():
    assert app.conf.timezone == "Europe/Paris"


def test_beat_ticks_the_reminders_every_quarter_hour_the_digest_and_the_outbox_sweep():
    app.loader.import_default_modules()  # what a worker does at start: autodiscovers the tasks
    entries = app.conf.beat_schedule
    reminders = entries["indicators-reminders"]
    assert reminders["task"] == "indicators.tasks.send_reminders"
    assert schedule(reminders["schedule"]).run_every.total_seconds() == 900
    assert (
        entries["indicators-reporting-digest"]["task"] == "indicators.tasks.send_reporting_digest"
    )
    sweep = entries["outbox-sweep"]
    assert sweep["task"] == "sg_portal.outbox.tasks.sweep"
    assert schedule(sweep["schedule"]).run_every.total_seconds() <= 120
    for entry in entries.values():
        assert entry["task"] in app.tasks


def test_a_forked_worker_forgets_the_parents_database_connections():
    from celery.signals import worker_process_init

    from sg_portal.celery import _forget_inherited_connections

    receivers = [r() if callable(r) else r for _, r in worker_process_init.receivers]
    assert _forget_inherited_connections in receivers


def test_the_solo_pool_which_does_not_fork_keeps_its_connections(db):
    """The solo pool (and the in-process test worker) sends worker_process_init in the process
    that owns the connections: they are kept, or their pool's sessions would leak."""
    from django.db import connection

    from sg_portal.celery import _forget_inherited_connections

    connection.ensure_connection()
    before = connection.connection
    pools = dict(getattr(type(connection), "_connection_pools", {}) or {})
    _forget_inherited_connections()
    assert connection.connection is before
    assert dict(getattr(type(connection), "_connection_pools", {}) or {}) == pools
