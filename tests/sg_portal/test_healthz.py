import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_broker_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == {"vendor": "postgresql", "state": "ok"}
    assert body["broker"] == {"transport": "redis", "state": "ok"}


def test_healthz_answers_503_when_the_broker_is_down(client, monkeypatch):
    from sg_portal import celery

    monkeypatch.setattr(celery.app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"]["state"] == "down"
    assert response.json()["database"]["state"] == "ok"


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    from sg_portal import health

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connexion refusée")

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["state"] == "down"


def _database_down(monkeypatch):
    """Every database access fails, as when PostgreSQL is stopped (sessions included)."""
    from django.contrib.sessions.backends import db as session_db

    from sg_portal import health

    def refused(*args, **kwargs):
        raise OperationalError("connexion refusée")

    monkeypatch.setattr(health.connection, "cursor", refused)
    monkeypatch.setattr(session_db.SessionStore, "load", refused)
    monkeypatch.setattr(session_db.SessionStore, "save", refused)


def test_healthz_answers_503_json_to_a_signed_in_browser_when_the_database_is_down(
    client, dir_dases, monkeypatch
):
    client.force_login(dir_dases)
    _database_down(monkeypatch)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["database"]["state"] == "down"
    assert "Set-Cookie" not in str(response.cookies)


def test_healthz_does_not_touch_the_session(client, dir_dases):
    client.force_login(dir_dases)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_healthz_answers_json_to_another_method(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["status"] == "méthode non permise"
