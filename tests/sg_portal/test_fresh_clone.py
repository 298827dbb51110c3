"""`make run` on a fresh clone with DATABASE_URL and REDIS_URL set: nothing of `var/` exists yet."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_beat_starts_with_postgresql_and_redis_when_var_does_not_exist_yet():
    var = Path(tempfile.mkdtemp(prefix="sg-fresh-clone-")) / "var"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sg_portal.settings",
        "DEBUG": "true",
        "SG_VAR_DIR": str(var),
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sg_portal"
        ),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9"),
    }
    beat = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "sg_portal", "beat", "--loglevel", "INFO"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and beat.poll() is None:
            if any(var.glob("celerybeat-schedule*")):
                break
            time.sleep(0.2)
        time.sleep(1)
        assert beat.poll() is None, beat.stderr.read() if beat.stderr else ""
        assert any(var.glob("celerybeat-schedule*"))
    finally:
        beat.terminate()
        beat.wait(timeout=20)
        shutil.rmtree(var.parent, ignore_errors=True)


def _site_url(**overrides: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
    env.update({"DJANGO_SETTINGS_MODULE": "sg_portal.settings", "DEBUG": "true", **overrides})
    result = subprocess.run(
        [sys.executable, "-c",
         "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return result.stdout.strip()


def test_links_in_emails_and_calendars_follow_the_port_make_run_serves_on():
    assert _site_url() == "http://127.0.0.1:8000"
    assert _site_url(PORT="8123") == "http://127.0.0.1:8123"
    assert _site_url(PORT="8123", SITE_URL="https://portail-sg.paris.fr/") == (
        "https://portail-sg.paris.fr"
    )
