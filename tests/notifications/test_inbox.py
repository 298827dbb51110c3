"""The notification page: unread first, filtered by reason, read one or all, each opening its
object; another person's notification answers 404."""

from __future__ import annotations

import pytest

from sg_portal.notifications.models import Notification
from sg_portal.notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(cast, dir_dases, sg_user):
    notify(
        kind="meetings.action_assigned",
        recipients=[dir_dases],
        key="a",
        title="Action A",
        url="/reunions/",
        actor=sg_user,
    )
    notify(
        kind="indicators.report_validated",
        recipients=[dir_dases],
        key="v",
        title="Rapport V",
        url="/rapports/",
        actor=sg_user,
    )
    Notification.objects.filter(key="a").update(read_at="2026-11-20T10:00:00Z")
    return {n.key: n for n in Notification.objects.filter(recipient=dir_dases)}


def test_unread_comes_first_and_the_reason_filters(
    client, mine, dir_dases, django_assert_max_num_queries
):
    client.force_login(dir_dases)
    with django_assert_max_num_queries(10):
        page = client.get("/notifications/").content.decode()
    assert page.index("Rapport V") < page.index("Action A")
    assigned = client.get("/notifications/", {"raison": "assigned"}).content.decode()
    assert "Action A" in assigned and "Rapport V" not in assigned


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, mine, dir_dases):
    client.force_login(dir_dases)
    response = client.get(f"/notifications/{mine['v'].pk}/")
    assert response.status_code == 302 and response["Location"] == "/rapports/"
    assert Notification.objects.get(pk=mine["v"].pk).read_at is not None


def test_mark_all_read(client, mine, dir_dases):
    client.force_login(dir_dases)
    client.post("/notifications/tout-lu/")
    assert not Notification.objects.filter(recipient=dir_dases, read_at__isnull=True).exists()


def test_another_persons_notification_is_not_found(client, mine, dir_drh):
    client.force_login(dir_drh)
    assert client.get(f"/notifications/{mine['v'].pk}/").status_code == 404
    assert client.post(f"/notifications/{mine['v'].pk}/lue/").status_code == 404
    assert Notification.objects.get(pk=mine["v"].pk).read_at is None


def test_the_preferences_are_saved_per_kind_with_the_digest_hour(client, cast, dir_dases):
    from sg_portal.notifications.models import DigestHour, Preference

    client.force_login(dir_dases)
    response = client.post(
        "/notifications/preferences/",
        {"digest_hour": "18", "kind-meetings.action_assigned": "digest"},
    )
    assert response.status_code == 302
    assert (
        Preference.objects.get(user=dir_dases, kind="meetings.action_assigned").delivery == "digest"
    )
    assert DigestHour.objects.get(user=dir_dases).hour == 18
