"""The Celery app with one more task, for the worker that `test_task_delivery` starts: the task's
process dies the first time it runs it."""

from __future__ import annotations

import os
import signal
import time

import redis
from django.conf import settings

from sg_portal.celery import app

__all__ = ["app", "dies_the_first_time", "holds_until_released"]


@app.task(name="tests.sg_portal.dies_the_first_time")
def dies_the_first_time(key: str) -> None:
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    if broker.incr(f"{key}:attempts") == 1:
        os.kill(os.getpid(), signal.SIGKILL)  # the worker's process is killed mid-task
    broker.set(f"{key}:done", 1)


@app.task(name="tests.sg_portal.holds_until_released")
def holds_until_released(key: str) -> None:
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.set(f"{key}:running", 1)
    for _ in range(600):  # at most a minute
        if broker.get(f"{key}:release"):
            break
        time.sleep(0.1)
