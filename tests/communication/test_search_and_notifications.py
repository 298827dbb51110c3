"""Announcements and sessions in the portal's search, for their audience only; the directors
notified once of an announcement to relay, and a person waiting of a freed seat."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from communication import services
from communication.models import Registration
from directions.models import Pole
from sg_portal.notifications.models import Notification
from sg_portal.search.index import flush_pending
from sg_portal.search.query import search
from tests.race import at_once

from .conftest import make_announcement, make_session

pytestmark = pytest.mark.django_db


def _titles(user, query):
    return [hit.title for group in search(user, query).groups for hit in group.hits]


def test_an_announcement_is_found_by_its_audience_only(sg_user, dir_dases, dir_drh, dases):
    pole = Pole.objects.get(pk=dases.pole_id)
    make_announcement(
        sg_user,
        "Vaccination antigrippale",
        body="Campagne dans les crèches.",
        audience="pole",
        audience_pole=pole,
    )
    flush_pending()
    assert "Vaccination antigrippale" in _titles(dir_dases, "crèches")
    assert "Vaccination antigrippale" not in _titles(dir_drh, "crèches")


def test_a_scheduled_announcement_is_not_found_before_its_time(sg_user, cadre):
    make_announcement(sg_user, "Vœux aux cadres", publish_at=timezone.now() + dt.timedelta(days=3))
    flush_pending()
    assert "Vœux aux cadres" not in _titles(cadre, "vœux")
    assert "Vœux aux cadres" in _titles(sg_user, "vœux")


def test_a_session_is_found_by_its_speakers(sg_user, cadre, dir_drh, dases):
    make_session(
        sg_user,
        "L'IA dans les services",
        speakers="Pauline Garnier, cheffe de projet",
        audience="directions",
        directions=[dases],
    )
    flush_pending()
    assert "L'IA dans les services" in _titles(sg_user, "Garnier")
    assert "L'IA dans les services" not in _titles(dir_drh, "Garnier")


def test_the_directors_are_notified_once_of_an_announcement_to_relay(
    sg_user, dir_dases, dir_drh, ref_dases, cadre
):
    item = make_announcement(sg_user, "Charte", asks_relay=True)
    notified = set(
        Notification.objects.filter(kind="communication.relay_due").values_list(
            "recipient__username", flat=True
        )
    )
    assert notified == {"dir.dases", "dir.dfpe", "dir.dvd", "dir.drh", "dir.df"}
    services.relay_notifications_due()
    data = {name: getattr(item, name) for name in services.ANNOUNCEMENT_FIELDS}
    services.announcement_update(
        actor=sg_user, announcement=item, data=data | {"body": "Nouveau texte."}
    )
    assert Notification.objects.filter(kind="communication.relay_due").count() == 5


def test_a_scheduled_announcement_notifies_its_directors_when_its_time_comes(sg_user, dir_dases):
    import time_machine

    publish = timezone.now() + dt.timedelta(days=1)
    make_announcement(sg_user, "Plus tard", asks_relay=True, publish_at=publish)
    assert not Notification.objects.filter(kind="communication.relay_due").exists()
    with time_machine.travel(publish + dt.timedelta(minutes=5), tick=False):
        services.relay_notifications_due()
    assert (
        Notification.objects.filter(kind="communication.relay_due", recipient=dir_dases).count()
        == 1
    )


@pytest.mark.django_db(transaction=True)
def test_racing_ticks_notify_each_director_once(cast, sg_user):
    import time_machine

    publish = timezone.now() + dt.timedelta(hours=1)
    make_announcement(sg_user, "Course", asks_relay=True, publish_at=publish)
    with time_machine.travel(publish + dt.timedelta(minutes=5), tick=False):
        at_once(services.relay_notifications_due, services.relay_notifications_due)
    assert Notification.objects.filter(kind="communication.relay_due").count() == 5


def test_a_freed_seat_is_notified_to_the_person_offered_it(sg_user, cadre, dir_dases, dir_drh):
    session = make_session(sg_user, "Complet", capacity=1)
    services.session_register(session_id=session.pk, user=cadre)
    services.session_register(session_id=session.pk, user=dir_dases)
    services.registration_cancel(registration=Registration.objects.get(user=cadre), actor=cadre)
    [notification] = Notification.objects.filter(kind="communication.seat_offered")
    assert notification.recipient == dir_dases
    assert notification.url == f"/auditorium/{session.pk}/#inscription"
