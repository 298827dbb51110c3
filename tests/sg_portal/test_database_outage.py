"""PostgreSQL stopped under a running portal: a quick French 503, then service resumes cleanly.

The portal runs as in production (gunicorn) against a PostgreSQL server of the test's own, which
the test stops and starts again; the shared server is never touched.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.sg_portal.postgres_helpers import OwnPostgres, _free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
SESSION_COOKIE = "sessionid=0123456789abcdefghijklmnopqrstuv"


def _get(port: int, path: str, *, cookie: bool = True) -> tuple[int, str, float]:
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": SESSION_COOKIE} if cookie else {}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    return response.status, body, time.monotonic() - started


@pytest.fixture
def portal_on_own_postgres():
    server = OwnPostgres()
    if not server.available:
        pytest.skip("PostgreSQL's initdb is not installed")
    server.init()
    server.start()
    web = None
    try:
        server.create_database("portail")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "sg_portal.settings_test",
            "DATABASE_URL": server.url("portail"),
            "DATABASE_CONNECT_TIMEOUT": "2",
            # Several idle connections in the pool, all of which die with the server.
            "DATABASE_POOL_MIN": "4",
            "DEBUG": "false",
        }
        # The sessions' table is all these requests read: each request with a session cookie
        # queries it once.
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "sessions", "--noinput"],
            cwd=ROOT, env=env, check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        port = _free_port()
        web = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "sg_portal.wsgi",
                "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "60",
            ],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

        def answers() -> bool:
            try:
                return _get(port, "/healthz", cookie=False)[0] == 200
            except OSError:
                return False

        wait_for(answers, seconds=60)
        yield server, port
    finally:
        if web is not None:
            web.terminate()
            web.wait(timeout=20)
        server.destroy()


def _serves_without_an_error(port: int) -> None:
    answers = [_get(port, "/")[0] for _ in range(20)]
    answers += [_get(port, "/connexion/")[0] for _ in range(5)]
    assert answers == [302] * 20 + [200] * 5  # the session is read, nobody is signed in
    assert _get(port, "/healthz")[0] == 200


def test_a_restarted_database_serves_the_next_requests_without_an_error(portal_on_own_postgres):
    server, port = portal_on_own_postgres
    _serves_without_an_error(port)
    time.sleep(1)  # the pool has opened its connections

    server.stop()
    server.start()
    _serves_without_an_error(port)


def test_a_stopped_database_answers_quick_french_503s_and_service_resumes_without_an_error(
    portal_on_own_postgres,
):
    server, port = portal_on_own_postgres
    _serves_without_an_error(port)

    server.stop()
    for _ in range(6):
        status, body, elapsed = _get(port, "/")
        assert status == 503
        assert "Le portail est momentanément indisponible" in body
        assert elapsed < 6
    status, body, elapsed = _get(port, "/healthz")
    assert status == 503 and '"database": {"vendor": "postgresql", "state": "down"}' in body
    assert elapsed < 6

    server.start()
    _serves_without_an_error(port)
