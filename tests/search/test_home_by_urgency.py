"""The home page sorts the reader's dated items by urgency, switches scope where the role
allows it, and puts an item aside until a date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from directions.models import User
from meetings.models import Action
from sg_portal.notifications.models import Snooze
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def actions(cast, dir_dases):
    body = factories.make_body("cds-test")
    meeting = factories.make_meeting(body, days=-10)
    today = timezone.localdate()
    late = Action.objects.create(
        meeting=meeting,
        title="Relancer la DASES",
        owner=dir_dases,
        due_date=today - dt.timedelta(days=3),
    )
    soon = Action.objects.create(
        meeting=meeting,
        title="Préparer la note",
        owner=dir_dases,
        due_date=today + dt.timedelta(days=3),
    )
    return late, soon


def test_items_are_sorted_into_late_and_this_week(client, actions, dir_dases):
    client.force_login(dir_dases)
    page = client.get("/").content.decode()
    assert "En retard" in page and "Dans les 7 jours" in page
    assert page.index("Relancer la DASES") < page.index("Préparer la note")


def test_a_director_has_no_scope_switch_and_the_sg_has_one(client, cast, dir_dases, adjoint):
    client.force_login(dir_dases)
    assert "Tout le SG" not in client.get("/").content.decode()
    client.force_login(adjoint)
    page = client.get("/?vue=sg").content.decode()
    assert "Tout le SG" in page and "Mon pôle" in page


def test_a_snoozed_item_comes_back_on_its_date(client, actions, dir_dases):
    late, _ = actions
    client.force_login(dir_dases)
    until = timezone.localdate() + dt.timedelta(days=2)
    key = f"meetings.action:{late.pk}:{late.due_date:%Y%m%d}"
    response = client.post("/accueil/mettre-de-cote/", {"cle": key, "jusqua": until.isoformat()})
    assert response.status_code == 302
    assert Snooze.objects.get(user=dir_dases).until == until
    assert f'value="{key}"' not in client.get("/").content.decode()
    Snooze.objects.filter(user=dir_dases).update(until=timezone.localdate())
    assert f'value="{key}"' in client.get("/").content.decode()


def test_a_snooze_in_the_past_is_refused_in_french(client, actions, dir_dases):
    client.force_login(dir_dases)
    response = client.post(
        "/accueil/mettre-de-cote/", {"cle": "x", "jusqua": "2001-01-01"}, follow=True
    )
    assert "Choisissez une date après" in response.content.decode()
    assert not Snooze.objects.exists()


def test_the_home_page_query_count_is_bounded(
    client, actions, adjoint, django_assert_max_num_queries
):
    client.force_login(adjoint)
    client.get("/?vue=sg")
    with django_assert_max_num_queries(14):
        client.get("/?vue=sg")


def test_the_bell_counts_unread_in_one_query(
    client, cast, dir_dases, django_assert_max_num_queries
):
    from sg_portal.notifications.services import notify

    notify(kind="meetings.action_assigned", recipients=[dir_dases], key="k1", title="t", url="/")
    client.force_login(dir_dases)
    client.get("/notifications/cloche/")
    with django_assert_max_num_queries(6) as captured:  # session, user, navigation, the count
        page = client.get("/notifications/cloche/").content.decode()
    on_notifications = [
        q for q in captured.captured_queries if "notifications_notification" in q["sql"]
    ]
    assert len(on_notifications) == 1 and "COUNT" in on_notifications[0]["sql"]
    assert "1 non lue" in page
    assert isinstance(User.objects.get(pk=dir_dases.pk), User)


def test_the_personal_calendar_feed_carries_every_dated_item(client, actions, dir_dases):
    from meetings.services import calendar_token_regenerate

    secret = calendar_token_regenerate(user=dir_dases)
    client.logout()
    feed = client.get(f"/reunions/abonnement/{secret}.ics").content.decode()
    assert "Action : Relancer la DASES" in feed and "Action : Préparer la note" in feed
    assert "DTSTART;VALUE=DATE:" in feed
