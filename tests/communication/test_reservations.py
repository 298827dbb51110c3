"""Seats reserved per pôle (issue 13, item 4): taken first by the pôle's people, closed to the
others until the release date, respected by the waiting list, shown on the session page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from communication import services
from communication.models import Registration, Session
from tests import factories
from tests.race import at_once

from .conftest import make_session


def _person(name: str, pole):
    direction = factories.make_direction(f"d-{name}", pole=pole)
    return factories.make_user(name, direction=direction)


def _status(session, user) -> tuple[str, int | None]:
    registration = Registration.objects.get(session=session, user=user)
    return registration.status, registration.reserved_pole_id


@pytest.fixture
def poles(db):
    return factories.make_pole("p-social", name="Pôle social"), factories.make_pole(
        "p-ressources", name="Pôle ressources"
    )


def _reserved_session(organiser, poles, *, capacity=3, social=2, ressources=0, **data) -> Session:
    session = make_session(organiser, "Réservée", capacity=capacity, **data)
    social_pole, ressources_pole = poles
    services.session_update(
        actor=organiser,
        session=session,
        data={name: getattr(session, name) for name in services.SESSION_FIELDS},
        reservations={social_pole.pk: social, ressources_pole.pk: ressources},
    )
    return session


@pytest.mark.django_db
def test_a_pole_takes_its_reserved_seats_first_and_others_only_the_unreserved(cast, sg_user, poles):
    social, ressources = poles
    session = _reserved_session(sg_user, poles, capacity=3, social=2)
    a, b, c = (_person(n, social) for n in ("soc.a", "soc.b", "soc.c"))
    x, y = (_person(n, ressources) for n in ("res.x", "res.y"))
    for user in (x, a, y, b, c):
        services.session_register(session_id=session.pk, user=user)
    assert _status(session, x) == ("inscrit", None)  # the one unreserved seat
    assert _status(session, a) == ("inscrit", social.pk)
    # reserved seats of the social pôle are free, but not for the ressources pôle
    assert _status(session, y) == ("attente", None)
    assert _status(session, b) == ("inscrit", social.pk)
    assert _status(session, c) == ("attente", None)


@pytest.mark.django_db
def test_promotion_from_the_waiting_list_respects_the_reservations(cast, sg_user, poles):
    social, ressources = poles
    session = _reserved_session(sg_user, poles, capacity=2, social=1)
    x, y = (_person(n, ressources) for n in ("res.x", "res.y"))
    a, b = (_person(n, social) for n in ("soc.a", "soc.b"))
    for user in (x, y, a, b):
        services.session_register(session_id=session.pk, user=user)
    assert [_status(session, u)[0] for u in (x, y, a, b)] == [
        "inscrit",
        "attente",
        "inscrit",
        "attente",
    ]
    # the social pôle's reserved seat is freed: b (same pôle) gets it, not y who waits first
    services.registration_cancel(registration=Registration.objects.get(user=a), actor=a)
    assert _status(session, b) == ("place_offerte", social.pk)
    assert _status(session, y) == ("attente", None)
    # an unreserved seat is freed: y gets it
    services.registration_cancel(registration=Registration.objects.get(user=x), actor=x)
    assert _status(session, y) == ("place_offerte", None)


@pytest.mark.django_db
def test_reserved_seats_not_taken_are_released_to_everyone_two_days_before_closing(
    cast, sg_user, poles
):
    social, ressources = poles
    session = _reserved_session(sg_user, poles, capacity=2, social=1)
    x, y, z = (_person(n, ressources) for n in ("res.x", "res.y", "res.z"))
    for user in (x, y):
        services.session_register(session_id=session.pk, user=user)
    assert _status(session, y) == ("attente", None)
    assert services.reservations_release() == 0  # not yet
    with time_machine.travel(session.reservations_release_at + dt.timedelta(minutes=1)):
        assert services.reservations_release() == 1
        assert services.reservations_release() == 0
        assert _status(session, y) == ("place_offerte", None)
        services.session_register(session_id=session.pk, user=z)
        assert _status(session, z) == ("attente", None)


@pytest.mark.django_db(transaction=True)
def test_two_people_of_a_pole_racing_for_its_last_reserved_seat(cast, sg_user, poles):
    social, ressources = poles
    session = _reserved_session(sg_user, poles, capacity=2, social=1)
    x = _person("res.x", ressources)
    a, b = (_person(n, social) for n in ("soc.a", "soc.b"))
    services.session_register(session_id=session.pk, user=x)  # the unreserved seat
    first, second = at_once(
        lambda: services.session_register(session_id=session.pk, user=a).status,
        lambda: services.session_register(session_id=session.pk, user=b).status,
    )
    assert sorted([first, second]) == ["attente", "inscrit"]
    assert Registration.objects.filter(session=session, status="inscrit").count() == 2
    assert Registration.objects.filter(session=session, reserved_pole=social).count() == 1


def _form_data(session_title="Séance réservée", **extra):
    now = timezone.localtime() + dt.timedelta(days=10)
    data = {
        "title": session_title,
        "description": "",
        "speakers": "",
        "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "90",
        "room": "Auditorium",
        "capacity": "10",
        "video_url": "",
        "audience": "cadres",
        "registration_opens_at": (now - dt.timedelta(days=9)).strftime("%Y-%m-%dT%H:%M"),
        "registration_closes_at": (now - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
    }
    data.update(extra)
    return data


@pytest.mark.django_db
def test_the_form_refuses_more_reserved_than_capacity_next_to_the_field_keeping_the_input(
    client, sg_user, poles
):
    social, ressources = poles
    client.force_login(sg_user)
    response = client.post(
        reverse("communication:session_create"),
        _form_data(**{f"reserved_{social.pk}": "8", f"reserved_{ressources.pk}": "4"}),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "12 places réservées pour 10 places" in page
    assert f'id="id_reserved_{social.pk}_error"' in page
    assert 'value="Séance réservée"' in page and 'value="4"' in page
    assert not Session.objects.filter(title="Séance réservée").exists()
    response = client.post(
        reverse("communication:session_create"),
        _form_data(**{f"reserved_{social.pk}": "6", f"reserved_{ressources.pk}": "-1"}),
    )
    assert "ne peut pas être négatif" in response.content.decode()
    response = client.post(
        reverse("communication:session_create"),
        _form_data(**{f"reserved_{social.pk}": "6", f"reserved_{ressources.pk}": "4"}),
    )
    assert response.status_code == 302
    session = Session.objects.get(title="Séance réservée")
    assert {r.pole_id: r.seats for r in session.reservations.all()} == {
        social.pk: 6,
        ressources.pk: 4,
    }
    edit = client.get(reverse("communication:session_edit", args=[session.pk])).content.decode()
    assert f'name="reserved_{social.pk}" value="6"' in edit


@pytest.mark.django_db
def test_fewer_reserved_seats_than_the_pole_holds_is_refused(cast, sg_user, poles):
    social, _ = poles
    session = _reserved_session(sg_user, poles, capacity=3, social=2)
    services.session_register(session_id=session.pk, user=_person("soc.a", social))
    services.session_register(session_id=session.pk, user=_person("soc.b", social))
    with pytest.raises(services.CommunicationError) as error:
        services.session_update(
            actor=sg_user,
            session=session,
            data={name: getattr(session, name) for name in services.SESSION_FIELDS},
            reservations={social.pk: 1},
        )
    assert error.value.field == f"reserved_{social.pk}"


@pytest.mark.django_db
def test_the_session_page_shows_reserved_and_taken_per_pole(client, cast, sg_user, poles):
    social, ressources = poles
    session = _reserved_session(sg_user, poles, capacity=10, social=3, ressources=2)
    services.session_register(session_id=session.pk, user=_person("soc.a", social))
    client.force_login(sg_user)
    page = client.get(reverse("communication:session", args=[session.pk])).content.decode()
    assert "Places réservées par pôle" in page
    assert '<th scope="row">Pôle social</th><td>3</td><td>1</td>' in page
    assert '<th scope="row">Pôle ressources</th><td>2</td><td>0</td>' in page


@pytest.mark.django_db
def test_someone_outside_the_pole_is_told_the_free_seats_are_reserved(client, cast, sg_user, poles):
    social, ressources = poles
    session = _reserved_session(sg_user, poles, capacity=2, social=1)
    services.session_register(session_id=session.pk, user=_person("res.x", ressources))
    client.force_login(_person("res.y", ressources))
    page = client.get(reverse("communication:session", args=[session.pk])).content.decode()
    assert "réservées à d'autres pôles" in page
    assert "M'inscrire sur la liste d'attente" in page
    client.force_login(_person("soc.a", social))
    page = client.get(reverse("communication:session", args=[session.pk])).content.decode()
    assert "réservées à d'autres pôles" not in page
    assert "M'inscrire</button>" in page
