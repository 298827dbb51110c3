"""Who sees which meeting and which agenda, per role."""

import pytest
from django.urls import reverse

from meetings.models import Meeting

from .conftest import add_item, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(bodies):
    return {code: make_meeting(body, days=5) for code, body in bodies.items()}


def _status(client, user, meeting) -> int:
    client.force_login(user)
    return client.get(reverse("meetings:detail", args=[meeting.pk])).status_code


@pytest.mark.parametrize(
    "username, visible",
    [
        ("dir.dases", {"cds", "pole-solidarites", "auditorium"}),
        ("dir.drh", {"cds", "pole-ressources", "auditorium"}),
        ("cadre.demo", {"auditorium"}),
        ("ref.dases", set()),
        ("cp.demo", set()),
    ],
)
def test_each_role_sees_the_meetings_of_its_bodies_and_no_other(
    client, cast, meetings, username, visible
):
    user = cast[username]
    for code, meeting in meetings.items():
        expected = 200 if code in visible else 404
        assert _status(client, user, meeting) == expected, (username, code)


@pytest.mark.parametrize(
    "username", ["sg.demo", "adjoint.demo", "delegue.demo", "cm.demo", "admin.demo"]
)
def test_city_wide_readers_see_every_meeting(client, cast, meetings, username):
    for meeting in meetings.values():
        assert _status(client, cast[username], meeting) == 200


def test_an_outsider_sees_no_meeting_and_no_fragment(client, outsider, meetings):
    cds = meetings["cds"]
    item = add_item(cds, "Point")
    client.force_login(outsider)
    assert client.get(reverse("meetings:detail", args=[cds.pk])).status_code == 404
    assert client.get(reverse("meetings:ics", args=[cds.pk])).status_code == 404
    response = client.post(
        reverse("meetings:item_move", args=[cds.pk, item.pk]),
        {"direction": "up"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 404


def test_a_draft_agenda_is_read_only_by_its_preparers_until_published(
    client, meetings, dir_dases, charge_mission, sg_user
):
    cds = meetings["cds"]
    add_item(cds, "Sujet en préparation")
    client.force_login(dir_dases)
    html = client.get(reverse("meetings:detail", args=[cds.pk])).content.decode()
    assert "Sujet en préparation" not in html and "en préparation" in html
    for name in ("agenda_pdf", "minutes_pdf", "print"):
        assert client.get(reverse(f"meetings:{name}", args=[cds.pk])).status_code == 404
    for user in (charge_mission, sg_user):  # the preparer and the chair
        client.force_login(user)
        assert (
            "Sujet en préparation"
            in client.get(reverse("meetings:detail", args=[cds.pk])).content.decode()
        )
    Meeting.objects.filter(pk=cds.pk).update(agenda_status=Meeting.AgendaStatus.PUBLISHED)
    client.force_login(dir_dases)
    assert (
        "Sujet en préparation"
        in client.get(reverse("meetings:detail", args=[cds.pk])).content.decode()
    )
    assert client.get(reverse("meetings:agenda_pdf", args=[cds.pk])).status_code == 200


def test_a_charge_de_mission_reads_another_poles_meeting_but_not_its_draft_agenda(
    client, meetings, charge_mission
):
    """Chargés de mission read the whole City, yet prepare only the bodies they are named for:
    the pôle Ressources' draft agenda stays with its own preparers, and they cannot change it."""
    meeting = meetings["pole-ressources"]
    item = add_item(meeting, "Sujet du pôle Ressources")
    client.force_login(charge_mission)
    response = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert response.status_code == 200
    assert "Sujet du pôle Ressources" not in response.content.decode()
    assert client.get(reverse("meetings:agenda_pdf", args=[meeting.pk])).status_code == 404
    moved = client.post(
        reverse("meetings:item_move", args=[meeting.pk, item.pk]), {"direction": "up"}
    )
    assert moved.status_code == 403


def test_a_director_sees_only_their_own_proposals_in_a_draft(client, meetings, dir_dases, dir_drh):
    from meetings.models import AgendaItem

    cds = meetings["cds"]
    add_item(cds, "Proposition DASES", status=AgendaItem.Status.PROPOSED, proposed_by=dir_dases)
    add_item(cds, "Proposition DRH", status=AgendaItem.Status.PROPOSED, proposed_by=dir_drh)
    client.force_login(dir_dases)
    html = client.get(reverse("meetings:detail", args=[cds.pk])).content.decode()
    assert "Proposition DASES" in html and "Proposition DRH" not in html


def test_a_member_who_does_not_prepare_cannot_change_the_agenda(client, meetings, dir_dases):
    cds = meetings["cds"]
    item = add_item(cds, "Point")
    client.force_login(dir_dases)
    for name, args, data in [
        ("item_move", [cds.pk, item.pk], {"direction": "up"}),
        ("reorder", [cds.pk], {"order": str(item.pk)}),
        ("item_decide", [cds.pk, item.pk], {"decision": "decline"}),
        ("suggestion_add", [cds.pk], {"key": "x"}),
        ("publish", [cds.pk], {}),
        ("move", [cds.pk], {}),
        ("cancel", [cds.pk], {"reason": "x"}),
        ("attendance", [cds.pk], {}),
        ("action_add", [cds.pk], {}),
    ]:
        assert client.post(reverse(f"meetings:{name}", args=args), data).status_code == 403, name


def test_the_charges_de_mission_meeting_is_for_charges_de_mission_and_sg_staff(
    client, meetings, dir_dases, charge_mission, adjoint
):
    meeting = meetings["charges-mission"]
    assert _status(client, dir_dases, meeting) == 404
    assert _status(client, charge_mission, meeting) == 200
    assert _status(client, adjoint, meeting) == 200


def test_the_list_shows_only_visible_meetings(client, meetings, dir_drh):
    client.force_login(dir_drh)
    html = client.get(reverse("meetings:list")).content.decode()
    assert "Réunion du pôle Ressources" in html
    assert "Réunion du pôle Solidarités" not in html
    assert "Réunion des chargés de mission" not in html


def test_the_agenda_of_a_past_or_cancelled_meeting_is_frozen(client, cds, charge_mission):
    past = make_meeting(cds, days=-2)
    item = add_item(past, "Point")
    client.force_login(charge_mission)
    for name, args, data in [
        ("item_move", [past.pk, item.pk], {"direction": "up"}),
        ("publish", [past.pk], {}),
        (
            "item_propose",
            [past.pk],
            {"title": "Trop tard", "item_type": "information", "duration_minutes": "5"},
        ),
    ]:
        assert client.post(reverse(f"meetings:{name}", args=args), data).status_code == 403, name
    # the relevé de décisions stays open after the meeting
    response = client.post(
        reverse("meetings:item_decision", args=[past.pk, item.pk]), {"decision": "Adopté."}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("username", "body_code", "expected"),
    [
        ("cm.demo", "cds", 302),  # a preparer of the CDS
        ("cm.demo", "pole-ressources", 403),  # sees that pôle's meetings, does not prepare them
        ("dir.dases", "pole-ressources", 404),  # neither sees nor sits in it
        ("cadre.demo", "cds", 404),
        ("outsider", "cds", 404),
    ],
)
def test_who_closes_an_action_someone_else_owns(
    client, cast, bodies, outsider, dir_drh, username, body_code, expected
):
    from meetings import services
    from meetings.models import Action

    past = make_meeting(bodies[body_code], days=-3)
    action = services.action_create(
        meeting=past,
        actor=dir_drh,
        title="Transmettre le tableau",
        owner=dir_drh,
        due_date=past.starts_at.date(),
    )
    user = outsider if username == "outsider" else cast[username]
    client.force_login(user)
    response = client.post(reverse("meetings:action_close", args=[action.pk]))
    assert response.status_code == expected
    action.refresh_from_db()
    assert (action.status == Action.Status.CLOSED) == (expected == 302)


def test_a_calendar_feed_opens_only_with_a_known_token_of_an_active_account(client, dir_dases):
    from meetings import services

    token = services.calendar_token_regenerate(user=dir_dases)
    assert client.get(reverse("meetings:feed", args=[token])).status_code == 200
    assert client.get(reverse("meetings:feed", args=["inconnu"])).status_code == 404
    dir_dases.is_active = False
    dir_dases.save(update_fields=["is_active"])
    assert client.get(reverse("meetings:feed", args=[token])).status_code == 404
