"""At most one « important » banner, dismissible, shown again when its text changes; pinned
news on the home page until their date; sessions open for registration in the 15 days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from communication import services
from communication.models import Announcement

from .conftest import make_announcement, make_session

pytestmark = pytest.mark.django_db


def _home(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


def test_a_new_important_banner_replaces_the_previous_one(sg_user):
    first = make_announcement(sg_user, "Premier bandeau", is_important=True)
    second = make_announcement(sg_user, "Second bandeau", is_important=True)
    first.refresh_from_db()
    second.refresh_from_db()
    assert not first.is_important and second.is_important
    with pytest.raises(IntegrityError):
        Announcement.objects.filter(pk=first.pk).update(is_important=True)


def test_the_banner_is_dismissed_and_shows_again_when_its_text_changes(client, sg_user, cadre):
    banner = make_announcement(sg_user, "Plan grand froid", is_important=True)
    assert "Plan grand froid" in _home(client, cadre)
    response = client.post(reverse("communication:banner_dismiss", args=[banner.pk]), {"next": "/"})
    assert response.status_code == 302
    assert "Plan grand froid" not in _home(client, cadre)
    data = {name: getattr(banner, name) for name in services.ANNOUNCEMENT_FIELDS}
    services.announcement_update(
        actor=sg_user, announcement=banner, data=data | {"body": "Niveau 3 déclenché."}
    )
    assert "Plan grand froid" in _home(client, cadre)


def test_the_banner_is_shown_only_to_its_audience(client, sg_user, cadre, dir_dases):
    make_announcement(sg_user, "Aux directeurs seulement", is_important=True, audience="directeurs")
    assert "Aux directeurs seulement" in _home(client, dir_dases)
    assert "Aux directeurs seulement" not in _home(client, cadre)


def test_pinned_news_stay_on_the_home_page_until_their_date(client, sg_user, cadre):
    today = timezone.localdate()
    make_announcement(sg_user, "Épinglée", pinned_until=today + dt.timedelta(days=3))
    make_announcement(sg_user, "Pas épinglée")
    page = _home(client, cadre)
    assert "À la une" in page and "Épinglée" in page and "Pas épinglée" not in page
    import time_machine

    with time_machine.travel(timezone.now() + dt.timedelta(days=5), tick=False):
        assert "Épinglée" not in _home(client, cadre)


def test_sessions_open_for_registration_within_15_days_are_on_the_home_page(client, sg_user, cadre):
    make_session(sg_user, "Dans dix jours", days=10)
    make_session(sg_user, "Dans trente jours", days=30)
    make_session(
        sg_user,
        "Pas encore ouverte",
        days=12,
        registration_opens_at=timezone.now() + dt.timedelta(days=2),
    )
    page = _home(client, cadre)
    assert "Auditorium : inscriptions ouvertes" in page
    assert "Dans dix jours" in page
    assert "Dans trente jours" not in page and "Pas encore ouverte" not in page


def test_a_seat_offered_is_on_the_home_page_until_confirmed(client, sg_user, cadre, dir_dases):
    from communication.models import Registration

    session = make_session(sg_user, "Séance complète", capacity=1)
    services.session_register(session_id=session.pk, user=dir_dases)
    services.session_register(session_id=session.pk, user=cadre)
    assert "Place libérée à confirmer" not in _home(client, cadre)  # waiting: nothing to do
    services.registration_cancel(
        registration=Registration.objects.get(user=dir_dases), actor=dir_dases
    )
    assert "Place libérée à confirmer" in _home(client, cadre)
    services.registration_confirm(registration=Registration.objects.get(user=cadre), actor=cadre)
    page = _home(client, cadre)
    assert "Place libérée à confirmer" not in page
    assert "Séance à l&#x27;auditorium" in page
