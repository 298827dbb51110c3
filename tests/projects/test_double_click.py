"""A double click on a form posts a status or declares a deliberation once: two identical posts
racing each other, or the same form sent again after its answer."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from projects.models import Deliberation
from tests.race import at_once

STATUS = {
    "schedule": "at_risk",
    "budget": "on_track",
    "scope": "on_track",
    "narrative": "Un retard se dessine sur le jalon en cours.",
}
DELIBERATION = {"title": "Schéma parisien de protection de l'enfance", "status": "preparation"}


def _clients(user, warm_up: str, count=2) -> list[Client]:
    """Logged-in clients that have already loaded `warm_up`, so that neither pays the first
    request's start-up cost inside the race."""
    clients = [Client() for _ in range(count)]
    for client in clients:
        client.force_login(user)
        assert client.get(warm_up).status_code == 200
    return clients


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_on_publish_post_the_status_once(make_project, chef_projet):
    project = make_project(chef_projet=chef_projet)
    url = reverse("projects:status_new", args=[project.pk])
    first, second = _clients(chef_projet, url)
    answers = at_once(lambda: first.post(url, STATUS), lambda: second.post(url, STATUS))
    assert [answer.status_code for answer in answers] == [302, 302]
    assert project.statuses.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_on_declare_declare_the_deliberation_once(make_sitting, dir_dases):
    with time_machine.travel(dt.datetime(2026, 11, 28, 10), tick=False):
        data = {**DELIBERATION, "sitting": make_sitting(dt.date(2027, 2, 9)).pk}
        url = reverse("projects:deliberation_new")
        first, second = _clients(dir_dases, url)
        answers = at_once(lambda: first.post(url, data), lambda: second.post(url, data))
    assert [answer.status_code for answer in answers] == [302, 302]
    assert Deliberation.objects.filter(title=data["title"]).count() == 1


@pytest.mark.django_db
def test_a_status_sent_again_is_posted_once_but_a_corrected_one_is_posted(
    client, make_project, chef_projet
):
    project = make_project(chef_projet=chef_projet)
    client.force_login(chef_projet)
    url = reverse("projects:status_new", args=[project.pk])
    assert client.post(url, STATUS).status_code == 302
    assert client.post(url, STATUS).status_code == 302
    assert project.statuses.count() == 1
    client.post(url, {**STATUS, "narrative": "Correction : le retard est rattrapé."})
    assert project.statuses.count() == 2


@pytest.mark.django_db
def test_a_deliberation_sent_again_is_declared_once(client, make_sitting, dir_dases):
    with time_machine.travel(dt.datetime(2026, 11, 28, 10), tick=False):
        data = {**DELIBERATION, "sitting": make_sitting(dt.date(2027, 2, 9)).pk}
        client.force_login(dir_dases)
        url = reverse("projects:deliberation_new")
        assert client.post(url, data).status_code == 302
        assert client.post(url, data).status_code == 302
    assert Deliberation.objects.filter(title=data["title"]).count() == 1
