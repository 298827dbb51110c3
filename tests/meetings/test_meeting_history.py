"""The meeting's history on its page: read by whoever sees the meeting, and by nobody else."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest
from django.urls import reverse

from meetings import services

from .conftest import make_meeting

pytestmark = pytest.mark.django_db

MOVED = "a déplacé la réunion"
DRAFT_ITEM = "Budget participatif, point confidentiel"


@pytest.fixture
def moved_cds(cds, cast):
    meeting = make_meeting(cds, days=7)
    services.meeting_move(
        meeting=meeting,
        actor=cast["cm.demo"],
        starts_at=meeting.starts_at + dt.timedelta(hours=2),
        place="Salle des Fêtes",
    )
    services.agenda_item_propose(
        meeting=meeting, actor=cast["cm.demo"], title=DRAFT_ITEM, accepted=True
    )
    return meeting


def _page(client, user, meeting):
    client.force_login(user)
    return client.get(reverse("meetings:detail", args=[meeting.pk]))


def _text(client, user, meeting) -> str:
    return unescape(_page(client, user, meeting).content.decode())


@pytest.mark.parametrize(
    "username", ["dir.dases", "dir.drh", "cm.demo", "sg.demo", "adjoint.demo", "admin.demo"]
)
def test_every_role_that_sees_the_meeting_reads_its_history(client, cast, moved_cds, username):
    response = _page(client, cast[username], moved_cds)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Historique" in html and MOVED in html
    assert "Salle des Fêtes" in html


@pytest.mark.parametrize("username", ["cadre.demo", "ref.dases", "cp.demo"])
def test_a_role_outside_the_body_gets_no_page_and_no_history(client, cast, moved_cds, username):
    response = _page(client, cast[username], moved_cds)
    assert response.status_code == 404
    assert MOVED not in response.content.decode()


def test_an_outsider_gets_no_history(client, outsider, moved_cds):
    response = _page(client, outsider, moved_cds)
    assert response.status_code == 404 and MOVED not in response.content.decode()


def test_acts_on_a_draft_agenda_are_read_only_by_its_preparers_until_it_is_published(
    client, cast, moved_cds
):
    member = _text(client, cast["dir.dases"], moved_cds)
    assert MOVED in member and DRAFT_ITEM not in member
    preparer = _text(client, cast["cm.demo"], moved_cds)
    assert f"a inscrit le point « {DRAFT_ITEM} » à l'ordre du jour" in preparer
    services.meeting_publish_agenda(meeting=moved_cds, actor=cast["cm.demo"])
    member = _text(client, cast["dir.dases"], moved_cds)
    assert "a publié l'ordre du jour" in member and DRAFT_ITEM in member


def test_an_action_decided_in_the_meeting_shows_in_its_history(client, cast, cds):
    meeting = make_meeting(cds, days=-1)
    services.action_create(
        meeting=meeting,
        actor=cast["cm.demo"],
        title="Relancer la DRH",
        owner=cast["dir.drh"],
        due_date=dt.date(2027, 1, 15),
    )
    html = _text(client, cast["dir.dases"], meeting)
    assert "a décidé l'action « Relancer la DRH », confiée à" in html
    assert "pour le 15 janvier 2027" in html
