"""Configuration comes from the environment; a value that cannot be parsed stops start-up by name."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from sg_portal import envconf

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("1", True), ("Oui", True), ("off", False), ("0", False)]
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("DEBUG", raw)
    assert envconf.env_bool("DEBUG", not expected) is expected


def test_env_bool_rejects_anything_else_naming_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "peut-être")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        envconf.env_bool("DEBUG", False)


def test_env_int_rejects_text_and_values_below_the_minimum(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "vingt-cinq")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        envconf.env_int("EMAIL_PORT", 25)
    monkeypatch.setenv("EMAIL_PORT", "0")
    with pytest.raises(ImproperlyConfigured, match="au moins 1"):
        envconf.env_int("EMAIL_PORT", 25, minimum=1)


@pytest.mark.parametrize("raw", ["mysql://db/portail", "postgres://", "postgres://host:port/db"])
def test_database_url_is_checked(monkeypatch, raw):
    monkeypatch.setenv("DATABASE_URL", raw)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        envconf.database_from_env("DATABASE_URL", sqlite_path="/tmp/x.sqlite3")


def test_database_url_gives_postgresql_with_a_pool(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://portail:secret@db.example:5433/portail")
    config = envconf.database_from_env("DATABASE_URL", sqlite_path="/tmp/x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["HOST"] == "db.example" and config["PORT"] == 5433 and config["NAME"] == "portail"
    assert config["OPTIONS"]["pool"]["max_size"] >= 1


def test_no_database_url_means_embedded_sqlite(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = envconf.database_from_env("DATABASE_URL", sqlite_path="/tmp/x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"


def _start(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "sg_portal.settings",
            "SECRET_KEY": "x",
            "SG_VAR_DIR": "/tmp/sg-settings-test",
        }
    )
    env.update(env_overrides)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'], settings.CELERY_BROKER_URL)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_start_up_stops_with_the_name_of_a_bad_variable():
    result = _start({"REDIS_URL": "http://redis"})
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr
    result = _start({"SESSION_COOKIE_AGE": "deux heures"})
    assert result.returncode != 0
    assert "SESSION_COOKIE_AGE" in result.stderr


def test_embedded_default_needs_no_server():
    result = _start({"DEBUG": "true"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "filesystem://"]


@pytest.mark.django_db
def test_a_browser_asking_for_english_still_gets_djangos_own_messages_in_french(client):
    response = client.post(
        reverse("login"),
        {"username": "", "password": ""},
        headers={"accept-language": "en-GB,en;q=0.9"},
    )
    assert "Ce champ est obligatoire." in response.content.decode()
    assert date_format(dt.date(2026, 11, 28)) == "28 novembre 2026"


def test_the_portals_day_turns_at_midnight_in_paris_in_summer_and_in_winter():
    with time_machine.travel(dt.datetime(2026, 7, 1, 22, 30, tzinfo=dt.UTC), tick=False):
        assert timezone.localdate() == dt.date(2026, 7, 2)  # 00:30 in Paris (summer time)
    with time_machine.travel(dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC), tick=False):
        assert timezone.localdate() == dt.date(2026, 12, 31)  # 23:30 in Paris (winter time)
        assert timezone.localtime().hour == 23
