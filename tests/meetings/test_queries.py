import pytest
from django.urls import reverse

from meetings import services
from meetings.models import AgendaItem, Meeting

from .conftest import add_item, make_meeting

pytestmark = pytest.mark.django_db


def test_the_list_needs_few_queries_however_many_meetings(
    client, bodies, sg_user, django_assert_max_num_queries
):
    for body in bodies.values():
        for days in range(1, 80, 4):
            make_meeting(body, days=days)
    assert Meeting.objects.count() > 100
    client.force_login(sg_user)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("meetings:list"))
    assert response.status_code == 200


def test_the_meeting_page_needs_few_queries_however_many_items(
    client, cds, charge_mission, dir_dases, dases, django_assert_max_num_queries
):
    past = make_meeting(cds, days=-14)
    meeting = make_meeting(cds, days=3)
    for n in range(25):
        item = add_item(
            meeting,
            f"Point {n}",
            presenter=dir_dases,
            presenter_direction=dases,
            proposed_by=charge_mission,
        )
        add_item(
            meeting,
            f"Proposition {n}",
            status=AgendaItem.Status.PROPOSED,
            proposed_by=dir_dases,
            presenter_direction=dases,
        )
        services.action_create(
            meeting=past,
            actor=charge_mission,
            title=f"Action {n}",
            owner=dir_dases,
            due_date=past.starts_at.date(),
        )
        del item
    client.force_login(charge_mission)
    # The bound holds for 25 items, 25 proposals and 25 actions as for one, and whatever the
    # number of apps that suggest agenda items: the page's lists and every app's suggestions are
    # read in one query (`sg_portal.batch`). 12 queries: the session, the user, the reader's
    # bodies, the meeting, that one read, the members, the journal and its actors, the
    # directions of the form, the session's save (3); the margin is the indicators' figures,
    # read once there are indicators in alert to look for.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert response.status_code == 200
    assert "Point 24" in response.content.decode()


def test_the_calendar_feed_needs_few_queries(
    client, bodies, sg_user, django_assert_max_num_queries
):
    for body in bodies.values():
        for days in range(1, 60, 3):
            make_meeting(body, days=days)
    token = services.calendar_token_regenerate(user=sg_user)
    # The meetings, and every app's dated items of the owner (read together, `sg_portal.batch`).
    with django_assert_max_num_queries(10):
        assert client.get(reverse("meetings:feed", args=[token])).status_code == 200
