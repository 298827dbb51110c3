"""What the first users of the meetings found: French dates, past drafts, SG proposals."""

import pytest
from django.urls import reverse

from meetings.models import Action, AgendaItem

from .conftest import add_item, make_meeting

pytestmark = pytest.mark.django_db


def test_dates_on_the_meetings_pages_use_lowercase_french_month_abbreviations(
    client, cds, charge_mission
):
    meeting = make_meeting(cds, days=-3)
    item = add_item(meeting, "Exécution budgétaire")
    Action.objects.create(
        meeting=meeting,
        item=item,
        title="Notifier le gel",
        owner=charge_mission,
        due_date=meeting.starts_at.date().replace(month=12, day=7),
    )
    make_meeting(cds, days=10)
    client.force_login(charge_mission)
    listing = client.get(reverse("meetings:list")).content.decode()
    detail = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    for capitalised in ("Jan", "Fév", "Mar", "Avr", "Jul", "Sep", "Oct", "Nov", "Déc"):
        assert f" {capitalised} " not in detail and f" {capitalised}," not in listing
        assert f">{capitalised}<" not in listing
    assert "7 déc. " in detail


def test_a_past_meeting_whose_agenda_was_never_published_does_not_say_in_preparation(
    client, bodies, dir_dases, charge_mission
):
    past = make_meeting(bodies["pole-solidarites"], days=-2)
    for user in (dir_dases, charge_mission):
        client.force_login(user)
        page = client.get(reverse("meetings:detail", args=[past.pk])).content.decode()
        assert "en préparation" not in page
        assert "Ordre du jour non publié" in page


def test_a_coming_draft_still_says_in_preparation(client, bodies, dir_dases):
    coming = make_meeting(bodies["pole-solidarites"], days=2)
    client.force_login(dir_dases)
    page = client.get(reverse("meetings:detail", args=[coming.pk])).content.decode()
    assert "Ordre du jour en préparation" in page


@pytest.mark.parametrize("username", ["sg.demo", "adjoint.demo", "delegue.demo"])
def test_the_sg_staff_proposes_an_item_to_a_poles_meeting(client, cast, bodies, username):
    meeting = make_meeting(bodies["pole-ressources"], days=4)
    client.force_login(cast[username])
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Proposer un point" in page or "Ajouter un point" in page
    response = client.post(
        reverse("meetings:item_propose", args=[meeting.pk]),
        {
            "title": "Point de la Secrétaire générale",
            "item_type": "information",
            "duration_minutes": 10,
        },
    )
    assert response.status_code == 302
    assert meeting.items.filter(title="Point de la Secrétaire générale").exists()


def test_a_referent_still_cannot_propose_an_item(client, cast, next_cds):
    client.force_login(cast["ref.dases"])
    response = client.post(
        reverse("meetings:item_propose", args=[next_cds.pk]),
        {"title": "Point du référent", "item_type": "information", "duration_minutes": 10},
    )
    assert response.status_code == 404
    assert not AgendaItem.objects.filter(title="Point du référent").exists()


def test_an_action_due_before_its_meeting_is_refused_with_a_french_message(
    client, cds, charge_mission, dir_dases
):
    meeting = make_meeting(cds, days=-3)
    cds.preparers.add(charge_mission)
    client.force_login(charge_mission)
    response = client.post(
        reverse("meetings:action_add", args=[meeting.pk]),
        {"title": "Notifier le gel", "owner": dir_dases.pk, "due_date": "2020-01-01"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "ne peut précéder la réunion" in page
    assert 'value="Notifier le gel"' in page  # what was typed is kept
    assert not Action.objects.filter(title="Notifier le gel").exists()


def test_a_huge_list_of_guests_is_refused_next_to_the_field_and_kept(
    client, next_cds, cds, charge_mission
):
    cds.preparers.add(charge_mission)
    client.force_login(charge_mission)
    response = client.post(reverse("meetings:guests", args=[next_cds.pk]), {"guests": "x" * 5000})
    assert response.status_code == 422
    assert "Au plus 2000 caractères" in response.content.decode()
    next_cds.refresh_from_db()
    assert next_cds.invited_guests == ""
    response = client.post(
        reverse("meetings:guests", args=[next_cds.pk]),
        {"guests": "  Dr Anne Leclerc, ARS  \n\n M. Paul Roux, RATP"},
    )
    assert response.status_code == 302
    next_cds.refresh_from_db()
    assert next_cds.guests == ["Dr Anne Leclerc, ARS", "M. Paul Roux, RATP"]


def test_the_date_pickers_grey_out_the_days_the_forms_refuse(client, cds, charge_mission):
    past = make_meeting(cds, days=-3)
    coming = make_meeting(cds, days=5)
    cds.preparers.add(charge_mission)
    client.force_login(charge_mission)
    page = client.get(reverse("meetings:detail", args=[past.pk])).content.decode()
    assert f'min="{past.starts_at.date().isoformat()}"' in page  # an action's due date
    page = client.get(reverse("meetings:detail", args=[coming.pk])).content.decode()
    assert f'name="date" value="{coming.starts_at.date().isoformat()}"' in page
    assert 'min="' in page.split('name="date"')[1].split(">")[0]  # the new date of a move


def test_a_double_click_proposes_the_item_and_records_the_action_once(
    client, cds, next_cds, charge_mission, dir_dases
):
    client.force_login(dir_dases)
    data = {"title": "Plan grand froid", "item_type": "information", "duration_minutes": 15}
    url = reverse("meetings:item_propose", args=[next_cds.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert next_cds.items.filter(title="Plan grand froid").count() == 1

    past = make_meeting(cds, days=-3)
    cds.preparers.add(charge_mission)
    client.force_login(charge_mission)
    data = {"title": "Notifier le gel", "owner": dir_dases.pk, "due_date": "2099-01-15"}
    url = reverse("meetings:action_add", args=[past.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert past.actions.count() == 1


def test_each_suggestion_link_says_what_it_opens(client, cds, next_cds, charge_mission):
    past = make_meeting(cds, days=-10)
    add_item(past, "Chantiers de voirie des fêtes", status=AgendaItem.Status.DEFERRED)
    cds.preparers.add(charge_mission)
    client.force_login(charge_mission)
    page = client.get(reverse("meetings:detail", args=[next_cds.pk])).content.decode()
    suggestions = page.split('id="suggestions"')[1]
    assert 'aria-label="Voir « ' in suggestions
    assert ">voir</a>" in suggestions


def test_a_huge_representative_name_is_refused_with_a_message_not_a_server_error(
    client, cds, charge_mission, dir_dases
):
    meeting = make_meeting(cds, days=-1)
    cds.preparers.add(charge_mission)
    client.force_login(charge_mission)
    response = client.post(
        reverse("meetings:attendance", args=[meeting.pk]),
        {f"status-{dir_dases.pk}": "represented", f"by-{dir_dases.pk}": "x" * 5000},
        follow=True,
    )
    assert response.status_code == 200
    assert "dépasse 200 caractères" in response.content.decode()
    assert 'maxlength="200"' in response.content.decode()
    assert not meeting.attendances.exists()
