"""An announcement only for its audience and within its publication window: others get 404;
writing and the figures are for the SG's staff."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from communication.models import Audience
from directions.models import Pole

from .conftest import make_announcement

pytestmark = pytest.mark.django_db


def _status(client, user, name, *args) -> int:
    client.force_login(user)
    return client.get(reverse(name, args=args)).status_code


def test_an_announcement_for_a_pole_is_read_in_that_pole_only(
    client, sg_user, dir_dases, dir_drh, adjoint, cadre, dases
):
    pole = Pole.objects.get(pk=dases.pole_id)
    item = make_announcement(
        sg_user, "Pôle solidarités", audience=Audience.POLE, audience_pole=pole
    )
    assert _status(client, dir_dases, "communication:announcement", item.pk) == 200
    assert _status(client, adjoint, "communication:announcement", item.pk) == 200
    assert _status(client, dir_drh, "communication:announcement", item.pk) == 404
    assert _status(client, cadre, "communication:announcement", item.pk) == 404


def test_an_announcement_for_some_directions_is_read_in_them_only(
    client, sg_user, dir_dases, ref_dases, dir_drh, dases
):
    item = make_announcement(sg_user, "DASES", audience=Audience.DIRECTIONS, directions=[dases])
    assert _status(client, ref_dases, "communication:announcement", item.pk) == 200
    assert _status(client, dir_drh, "communication:announcement", item.pk) == 404
    client.force_login(dir_drh)
    assert "DASES" not in client.get(reverse("communication:announcements")).content.decode()


def test_an_announcement_for_the_directors_is_not_read_by_a_cadre(
    client, sg_user, dir_drh, cadre, outsider
):
    item = make_announcement(sg_user, "Aux directeurs", audience=Audience.DIRECTORS)
    assert _status(client, dir_drh, "communication:announcement", item.pk) == 200
    assert _status(client, cadre, "communication:announcement", item.pk) == 404
    assert _status(client, outsider, "communication:announcement", item.pk) == 404


def test_an_announcement_for_the_sg_reaches_its_people_only(
    client, sg_user, charge_mission, chef_projet, dir_dases
):
    item = make_announcement(sg_user, "Au SG", audience=Audience.SG)
    assert _status(client, charge_mission, "communication:announcement", item.pk) == 200
    assert _status(client, chef_projet, "communication:announcement", item.pk) == 200  # in the DGM
    assert _status(client, dir_dases, "communication:announcement", item.pk) == 404


def test_a_scheduled_or_withdrawn_announcement_is_seen_by_its_writers_only(client, sg_user, cadre):
    now = timezone.now()
    later = make_announcement(sg_user, "Plus tard", publish_at=now + dt.timedelta(days=2))
    gone = make_announcement(
        sg_user,
        "Retirée",
        publish_at=now - dt.timedelta(days=5),
        unpublish_at=now - dt.timedelta(days=1),
    )
    for item in (later, gone):
        assert _status(client, cadre, "communication:announcement", item.pk) == 404
        assert _status(client, sg_user, "communication:announcement", item.pk) == 200


def test_a_scheduled_announcement_is_published_at_its_time_without_any_task(client, sg_user, cadre):
    import time_machine

    publish = timezone.now() + dt.timedelta(hours=2)
    item = make_announcement(sg_user, "À l'heure dite", publish_at=publish)
    with time_machine.travel(publish + dt.timedelta(minutes=1), tick=False):
        assert _status(client, cadre, "communication:announcement", item.pk) == 200


def test_only_the_sg_writes_announcements_and_sessions(
    client, dir_dases, cadre, sg_user, announcement
):
    for user in (dir_dases, cadre):
        assert _status(client, user, "communication:announcement_create") == 403
        assert _status(client, user, "communication:announcement_edit", announcement.pk) == 403
        assert _status(client, user, "communication:session_create") == 403
    assert _status(client, sg_user, "communication:announcement_create") == 200
    assert _status(client, sg_user, "communication:session_create") == 200


def test_the_figures_are_the_sgs_and_a_director_sees_their_own_direction(
    client, sg_user, dir_dases, cadre, announcement
):
    client.force_login(sg_user)
    page = client.get(
        reverse("communication:announcement", args=[announcement.pk])
    ).content.decode()
    assert "par direction" in page and "DRH" in page and "DASES" in page
    client.force_login(dir_dases)
    page = client.get(
        reverse("communication:announcement", args=[announcement.pk])
    ).content.decode()
    assert "par direction" in page and ">DASES<" in page and ">DRH<" not in page
    client.force_login(cadre)
    page = client.get(
        reverse("communication:announcement", args=[announcement.pk])
    ).content.decode()
    assert "par direction" not in page


def test_the_list_of_announcements_costs_a_fixed_number_of_queries(
    client, sg_user, cadre, django_assert_max_num_queries
):
    for number in range(25):
        make_announcement(sg_user, f"Annonce {number}")
    client.force_login(cadre)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("communication:announcements"))
    assert response.content.decode().count('class="comm-item') == 25
