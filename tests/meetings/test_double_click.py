"""A double click on a form records what it sends once: two identical posts racing each other,
or the same form sent again after its answer."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_meeting
from tests.race import at_once


def _clients(user, warm_up: str, count=2) -> list[Client]:
    """Logged-in clients that have already loaded `warm_up`, so that neither pays the first
    request's start-up cost inside the race."""
    clients = [Client() for _ in range(count)]
    for client in clients:
        client.force_login(user)
        assert client.get(warm_up).status_code == 200
    return clients


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_propose_the_item_once(next_cds, dir_dases):
    data = {"title": "Plan grand froid", "item_type": "information", "duration_minutes": 15}
    url = reverse("meetings:item_propose", args=[next_cds.pk])
    first, second = _clients(dir_dases, reverse("meetings:detail", args=[next_cds.pk]))
    answers = at_once(lambda: first.post(url, data), lambda: second.post(url, data))
    assert [answer.status_code for answer in answers] == [302, 302]
    assert next_cds.items.filter(title="Plan grand froid").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_record_the_action_once(cds, charge_mission, dir_dases):
    past = make_meeting(cds, days=-3)
    data = {"title": "Notifier le gel", "owner": dir_dases.pk, "due_date": "2099-01-15"}
    url = reverse("meetings:action_add", args=[past.pk])
    first, second = _clients(charge_mission, reverse("meetings:detail", args=[past.pk]))
    answers = at_once(lambda: first.post(url, data), lambda: second.post(url, data))
    assert [answer.status_code for answer in answers] == [302, 302]
    assert past.actions.count() == 1


@pytest.mark.django_db
def test_a_proposal_or_an_action_sent_again_after_its_answer_is_recorded_once(
    client, cds, next_cds, charge_mission, dir_dases
):
    client.force_login(dir_dases)
    data = {"title": "Plan grand froid", "item_type": "information", "duration_minutes": 15}
    url = reverse("meetings:item_propose", args=[next_cds.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert next_cds.items.filter(title="Plan grand froid").count() == 1

    past = make_meeting(cds, days=-3)
    cds.preparers.add(charge_mission)
    client.force_login(charge_mission)
    data = {"title": "Notifier le gel", "owner": dir_dases.pk, "due_date": "2099-01-15"}
    url = reverse("meetings:action_add", args=[past.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert past.actions.count() == 1
