"""A double click records a risk, a measure or an acceptance once: two identical posts racing
each other, or the same form sent again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from risks.models import Acceptance, Measure, Risk
from tests.race import at_once
from tests.risks.conftest import EVALUATION


def _clients(user, warm_up: str) -> list[Client]:
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(user)
        assert client.get(warm_up).status_code == 200
    return clients


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_record_the_risk_once(dir_dases, dases):
    data = {
        "title": "Rupture d'hébergement",
        "description": "d",
        "category": "continuite",
        "scope": "direction",
        "direction": dases.pk,
        "owner": dir_dases.pk,
        **{k: str(v) for k, v in EVALUATION.items()},
    }
    first, second = _clients(dir_dases, "/risques/nouveau/")
    answers = at_once(
        lambda: first.post("/risques/nouveau/", data),
        lambda: second.post("/risques/nouveau/", data),
    )
    assert [a.status_code for a in answers] == [302, 302]
    assert Risk.objects.count() == 1


@pytest.mark.django_db
def test_a_measure_sent_again_is_added_once(client, make_risk, dir_dases):
    risk = make_risk()
    client.force_login(dir_dases)
    data = {
        "title": "Former les instructeurs",
        "owner": dir_dases.pk,
        "due_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    }
    url = f"/risques/{risk.pk}/mesures/nouvelle/"
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Measure.objects.count() == 1


@pytest.mark.django_db
def test_an_acceptance_sent_again_is_refused_with_a_french_message(client, make_risk, sg_user):
    risk = make_risk()
    client.force_login(sg_user)
    data = {
        "justification": "ok",
        "expires_on": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
        "seen": risk.updated_at.isoformat(),
    }
    assert client.post(f"/risques/{risk.pk}/acceptation/", data).status_code == 302
    again = client.post(f"/risques/{risk.pk}/acceptation/", data)
    assert "a changé depuis" in again.text
    assert Acceptance.objects.count() == 1
