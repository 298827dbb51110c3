"""Small helpers shared by the outbox's tests."""

from __future__ import annotations

import contextlib

from sg_portal.outbox.services import email_queue


@contextlib.contextmanager
def eager_tasks():
    """Tasks run in the test process, as a worker would run them."""
    from sg_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = previous


def queue(key: str = "tests.demo:1", **overrides):
    fields = {
        "purpose": "tests.demo",
        "key": key,
        "to": ["dir.dases@paris.fr"],
        "subject": "Rapport DASES attendu",
        "body": "Bonjour,\nle rapport est attendu.",
    }
    fields.update(overrides)
    return email_queue(**fields)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    """A redis-server of the test's own, on a free port, that the test may stop and restart."""

    def __init__(self) -> None:
        import tempfile

        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = tempfile.mkdtemp(prefix="outbox-redis-")
        self.process = None

    def start(self) -> None:
        import subprocess
        import time

        import redis

        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", self.directory,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@contextlib.contextmanager
def celery_broker(url: str):
    """Point the Celery app at another broker (and forget its pooled connections)."""
    from sg_portal.celery import app

    def forget_connections() -> None:
        app._pool = None
        app.__dict__.get("amqp") and setattr(app.amqp, "_producer_pool", None)

    from sg_portal.outbox import services

    previous = (app.conf.broker_url, app.conf.task_always_eager)
    services._broker_unreachable_until = 0.0
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    forget_connections()
    try:
        yield app
    finally:
        app.conf.broker_url, app.conf.task_always_eager = previous
        services._broker_unreachable_until = 0.0
        forget_connections()


@contextlib.contextmanager
def redis_down_then_up():
    """A broker that is down during the block, started again (empty) once it ends."""
    server = OwnRedis()
    server.start()
    try:
        with celery_broker(server.url):
            server.stop()
            yield server
            server.start()
    finally:
        server.stop()
