"""Registration at the auditorium: one click, the waiting list in order, the promotion when a
seat frees with 24 hours to confirm, the last seat taken by two people at the same instant, the
reminders two days before sent once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from communication import services
from communication.models import Registration
from sg_portal.outbox.models import Email
from tests import factories
from tests.race import at_once

from .conftest import make_session


def _status(session, user) -> str:
    return Registration.objects.get(session=session, user=user).status


@pytest.mark.django_db
def test_one_click_registers_then_the_waiting_list_fills_in_order(
    client, session, cadre, dir_dases, dir_drh, ref_dases
):
    for user in (cadre, dir_dases, dir_drh, ref_dases):
        client.force_login(user)
        response = client.post(
            reverse("communication:session_register", args=[session.pk]), {"deputy_name": ""}
        )
        assert response.status_code == 302
    assert [_status(session, u) for u in (cadre, dir_dases, dir_drh, ref_dases)] == [
        "inscrit",
        "inscrit",
        "attente",
        "attente",
    ]
    client.force_login(ref_dases)
    page = client.get(reverse("communication:session", args=[session.pk])).content.decode()
    assert "<strong>2<sup>e</sup></strong> sur la liste d'attente" in page


@pytest.mark.django_db
def test_a_freed_seat_is_offered_to_the_first_waiting_who_confirms_it(
    client, session, cadre, dir_dases, dir_drh, ref_dases
):
    for user in (cadre, dir_dases, dir_drh, ref_dases):
        services.session_register(session_id=session.pk, user=user)
    mine = Registration.objects.get(session=session, user=cadre)
    assert services.registration_cancel(registration=mine, actor=cadre)
    assert _status(session, dir_drh) == "place_offerte" and _status(session, ref_dases) == "attente"
    offer = Email.objects.get(purpose="communication.seat_offer")
    assert offer.to == [dir_drh.email] and "24" not in offer.subject
    client.force_login(dir_drh)
    response = client.post(reverse("communication:session_confirm", args=[session.pk]), follow=True)
    assert "Votre place est confirmée" in response.content.decode()
    assert _status(session, dir_drh) == "inscrit"


@pytest.mark.django_db
def test_an_offer_not_confirmed_in_24_hours_passes_to_the_next(
    session, cadre, dir_dases, dir_drh, ref_dases
):
    for user in (cadre, dir_dases, dir_drh, ref_dases):
        services.session_register(session_id=session.pk, user=user)
    services.registration_cancel(
        registration=Registration.objects.get(session=session, user=cadre), actor=cadre
    )
    with time_machine.travel(timezone.now() + dt.timedelta(hours=23), tick=False):
        assert services.offers_expire() == 0
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25), tick=False):
        assert services.offers_expire() == 1
        assert services.offers_expire() == 0
        late = Registration.objects.get(session=session, user=dir_drh)
        assert not services.registration_confirm(registration=late, actor=dir_drh)
    assert _status(session, dir_drh) == "annule"
    assert _status(session, ref_dases) == "place_offerte"
    assert Email.objects.filter(purpose="communication.seat_offer").count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_seat_at_the_same_instant(
    cast, sg_user, cadre, dir_dases, dir_drh
):
    session = make_session(sg_user, "Dernière place", capacity=2)
    services.session_register(session_id=session.pk, user=cadre)
    first, second = at_once(
        lambda: services.session_register(session_id=session.pk, user=dir_dases).status,
        lambda: services.session_register(session_id=session.pk, user=dir_drh).status,
    )
    assert sorted([first, second]) == ["attente", "inscrit"]
    assert Registration.objects.filter(session=session, status="inscrit").count() == 2


@pytest.mark.django_db(transaction=True)
def test_many_people_racing_for_few_seats_never_overfill_the_room(cast, sg_user):
    session = make_session(sg_user, "Affluence", capacity=3)
    people = [factories.make_user(f"cadre.race{i}") for i in range(8)]
    statuses = at_once(
        *[
            (lambda user=user: services.session_register(session_id=session.pk, user=user).status)
            for user in people
        ]
    )
    assert statuses.count("inscrit") == 3 and statuses.count("attente") == 5


@pytest.mark.django_db(transaction=True)
def test_the_reminder_two_days_before_is_sent_once_however_many_ticks_race(
    cast, sg_user, cadre, dir_dases, dir_drh
):
    session = make_session(sg_user, "Rappel", days=5, capacity=2)
    for user in (cadre, dir_dases, dir_drh):
        services.session_register(session_id=session.pk, user=user)
    assert services.session_reminders_queue() == 0  # five days before: not yet
    with time_machine.travel(session.starts_at - dt.timedelta(days=1, hours=12), tick=False):
        at_once(
            services.session_reminders_queue,
            services.session_reminders_queue,
            services.session_reminders_queue,
        )
        services.session_reminders_queue()
    reminders = Email.objects.filter(purpose="communication.session_reminder")
    assert sorted(address for email in reminders for address in email.to) == [
        cadre.email,
        dir_dases.email,
    ]


@pytest.mark.django_db
def test_a_deputy_goes_in_ones_place(client, session, dir_dases):
    client.force_login(dir_dases)
    client.post(
        reverse("communication:session_register", args=[session.pk]),
        {"deputy_name": "Paul Martin, adjoint"},
    )
    registration = Registration.objects.get(session=session, user=dir_dases)
    assert registration.deputy_name == "Paul Martin, adjoint"
    assert registration.attendee == "Paul Martin, adjoint (pour Claire Vasseur)"


@pytest.mark.django_db
def test_registration_outside_its_dates_is_refused(client, sg_user, cadre):
    later = make_session(
        sg_user, "Pas encore", registration_opens_at=timezone.now() + dt.timedelta(days=1)
    )
    client.force_login(cadre)
    response = client.post(
        reverse("communication:session_register", args=[later.pk]), {"deputy_name": ""}, follow=True
    )
    assert "ne sont pas ouvertes" in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_a_larger_room_promotes_the_waiting_list(sg_user, session, cadre, dir_dases, dir_drh):
    for user in (cadre, dir_dases, dir_drh):
        services.session_register(session_id=session.pk, user=user)
    data = {name: getattr(session, name) for name in services.SESSION_FIELDS}
    services.session_update(actor=sg_user, session=session, data=data | {"capacity": 3})
    assert _status(session, dir_drh) == "place_offerte"
