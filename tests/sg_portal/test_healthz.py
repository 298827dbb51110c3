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
    from sg_portal import views

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connexion refusée")

    monkeypatch.setattr(views.connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["state"] == "down"
