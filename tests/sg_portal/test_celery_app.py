"""The Celery app's numbers fit together, so that no work is lost or done twice: a task's time
limit is shorter than the broker's redelivery and than an outbox claim's timeout, every beat entry
names a task a worker knows, and a forked worker does not share its parent's connections.

What a real worker does with the messages (run again after its process is killed, leaves the next
message to another worker, waits for a broker that is not up yet) is in `test_task_delivery`."""

from __future__ import annotations

from celery.schedules import schedule
from django.conf import settings

from sg_portal.celery import app


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


def test_every_beat_entry_names_a_task_a_worker_knows():
    app.loader.import_default_modules()  # what a worker does at start: autodiscovers the tasks
    for name, entry in app.conf.beat_schedule.items():
        assert entry["task"] in app.tasks, name


def test_an_email_the_broker_lost_waits_at_most_two_minutes_for_the_sweep():
    from sg_portal.outbox.tasks import sweep

    entries = [e for e in app.conf.beat_schedule.values() if e["task"] == sweep.name]
    assert entries and schedule(entries[0]["schedule"]).run_every.total_seconds() <= 120


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
