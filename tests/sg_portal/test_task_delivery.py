"""What a real worker does with the broker's messages: a task whose process is killed mid-task
is run again by the next process (its message stays with the broker until the task has finished,
and goes back to the queue when the process running it is lost), and a busy worker leaves the
next message in the queue for another worker instead of holding it."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis as the broker"),
]


def _wait(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def broker():
    return redis.Redis.from_url(settings.CELERY_BROKER_URL)


@contextlib.contextmanager
def running_worker(queue: str, broker_url: str):
    """A prefork worker with one process, in a process of its own, consuming `queue` (a queue of
    the test's own: no other worker takes its messages) on `broker_url`."""
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tests.sg_portal.celery_probe", "worker"]
        + ["--pool=prefork", "--concurrency=1", f"--queues={queue}", "--loglevel=WARNING"]
        + ["--without-heartbeat", "--without-mingle", "--without-gossip"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "sg_portal.settings_test",
            "REDIS_URL": broker_url,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    process.lines = lines  # what the worker logged so far
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def worker(broker):
    """A worker on the tests' broker; yields its queue's name, also the prefix of the test's
    keys."""
    from sg_portal.celery import app

    key = f"tests:task-delivery:{uuid.uuid4().hex}"
    previous, app.conf.task_always_eager = app.conf.task_always_eager, False
    try:
        with running_worker(key, settings.CELERY_BROKER_URL):
            yield key
    finally:
        app.conf.task_always_eager = previous
        broker.delete(*broker.keys(f"{key}*"))


def test_a_task_whose_worker_process_is_killed_is_run_again_by_the_next_one(broker, worker):
    from tests.sg_portal.celery_probe import dies_the_first_time

    key = worker
    dies_the_first_time.apply_async(args=[key], queue=key)
    assert _wait(lambda: broker.get(f"{key}:done"), timeout=60)
    assert int(broker.get(f"{key}:attempts")) == 2  # killed once, then run to the end


def test_a_busy_worker_leaves_the_next_message_in_the_queue_for_another_worker(broker, worker):
    from tests.sg_portal.celery_probe import holds_until_released

    key = worker
    holds_until_released.apply_async(args=[f"{key}:first"], queue=key)
    holds_until_released.apply_async(args=[f"{key}:second"], queue=key)
    assert _wait(lambda: broker.get(f"{key}:first:running"), timeout=60)
    time.sleep(1)  # time enough for the worker to take a second message, were it to
    waiting = broker.llen(key)
    broker.set(f"{key}:first:release", 1)
    assert _wait(lambda: broker.get(f"{key}:second:running"), timeout=30)
    broker.set(f"{key}:second:release", 1)
    assert waiting == 1


def test_a_worker_started_before_the_broker_waits_for_it_and_then_works():
    from tests.sg_portal.celery_probe import holds_until_released
    from tests.sg_portal.outbox_helpers import OwnRedis, celery_broker

    server = OwnRedis()  # not started yet
    queue = f"tests:task-delivery:{uuid.uuid4().hex}"
    try:
        with running_worker(queue, server.url) as process:
            # The worker has tried the broker and failed, and is still there, trying again.
            def tried() -> bool:
                return "Cannot connect to redis" in "".join(process.lines)

            _wait(lambda: tried() or process.poll() is not None, 60)
            time.sleep(1)
            assert tried() and process.poll() is None, "".join(process.lines)
            server.start()
            with celery_broker(server.url):
                holds_until_released.apply_async(args=[queue], queue=queue)
            own = redis.Redis.from_url(server.url)
            own.set(f"{queue}:release", 1)
            assert _wait(lambda: own.get(f"{queue}:running"), timeout=60)
    finally:
        server.stop()
