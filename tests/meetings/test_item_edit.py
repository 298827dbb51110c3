"""An agenda item is corrected after it is added: title, kind, duration, presenter, document."""

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import AgendaItem
from sg_portal.journal.models import Entry

from .conftest import add_item, make_meeting

pytestmark = pytest.mark.django_db


def _form(**changes):
    data = {
        "title": "Plan grand froid",
        "item_type": "information",
        "duration_minutes": "15",
        "presenter": "",
        "presenter_direction": "",
        "guest": "",
        "document_url": "",
    }
    data.update(changes)
    return data


def test_the_charge_de_mission_corrects_an_item_and_the_journal_says_what_changed(
    client, next_cds, charge_mission, dir_dases, dases
):
    item = add_item(next_cds, "Plan grand froid", minutes=10)
    client.force_login(charge_mission)
    url = reverse("meetings:item_edit", args=[next_cds.pk, item.pk])
    page = client.get(url).content.decode()
    assert 'value="Plan grand froid"' in page and "300 caractères au plus" in page
    response = client.post(
        url,
        _form(
            title="Plan grand froid : ouverture des gymnases",
            item_type="decision",
            duration_minutes="25",
            presenter=str(dir_dases.pk),
            presenter_direction=str(dases.pk),
            document_url="https://intranet.paris.fr/notes/grand-froid.pdf",
        ),
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#point-{item.pk}")
    item.refresh_from_db()
    assert item.title == "Plan grand froid : ouverture des gymnases"
    assert item.item_type == AgendaItem.Type.DECISION and item.duration_minutes == 25
    assert item.presenter == dir_dases and item.presenter_direction == dases
    assert item.document_url == "https://intranet.paris.fr/notes/grand-froid.pdf"
    entry = Entry.objects.get(action="meetings.agenda_item.update")
    assert entry.before["duration_minutes"] == 10 and entry.after["duration_minutes"] == 25
    detail = client.get(reverse("meetings:detail", args=[next_cds.pk])).content.decode()
    assert "a modifié le point « Plan grand froid »" in detail
    assert "10 min → <strong>25 min</strong>" in detail
    assert 'href="https://intranet.paris.fr/notes/grand-froid.pdf"' in detail
    assert f'href="{url}"' in detail  # each item of the agenda has its « Modifier » link


def test_a_proposal_can_be_corrected_before_it_is_retained(client, next_cds, charge_mission):
    item = add_item(next_cds, "Budget supplémentaire", status=AgendaItem.Status.PROPOSED)
    client.force_login(charge_mission)
    url = reverse("meetings:item_edit", args=[next_cds.pk, item.pk])
    assert (
        f'href="{url}"'
        in client.get(reverse("meetings:detail", args=[next_cds.pk])).content.decode()
    )
    response = client.post(url, _form(title="Budget supplémentaire 2027", duration_minutes="20"))
    assert response["Location"].endswith("#propositions")
    item.refresh_from_db()
    assert (item.title, item.duration_minutes) == ("Budget supplémentaire 2027", 20)


def test_bad_input_keeps_what_was_typed_and_says_why_in_french(client, next_cds, charge_mission):
    item = add_item(next_cds, "Plan grand froid")
    client.force_login(charge_mission)
    url = reverse("meetings:item_edit", args=[next_cds.pk, item.pk])
    response = client.post(
        url,
        _form(
            title="Plan grand\nfroid",
            duration_minutes="600",
            document_url="javascript:alert(1)",
            guest="x" * 201,
        ),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "tient sur une ligne" in page
    assert "Une durée de plus de 240 minutes" in page
    assert "Saisissez une adresse web complète, commençant par https://" in page
    assert "Au plus 200 caractères" in page or "200 caractères" in page
    assert 'value="600"' in page
    item.refresh_from_db()
    assert item.title == "Plan grand froid" and item.duration_minutes == 15


def test_saving_an_unchanged_item_records_nothing(next_cds, charge_mission):
    item = add_item(next_cds, "Plan grand froid", minutes=15)
    assert not services.agenda_item_update(
        item=item,
        actor=charge_mission,
        title="Plan grand froid",
        item_type="information",
        duration_minutes=15,
    )
    assert not Entry.objects.filter(action="meetings.agenda_item.update").exists()


def test_only_those_who_prepare_the_agenda_may_edit_its_items(
    client, next_cds, dir_dases, cadre, charge_mission
):
    item = add_item(next_cds, "Plan grand froid")
    url = reverse("meetings:item_edit", args=[next_cds.pk, item.pk])
    client.force_login(dir_dases)  # a member of the CDS, who does not prepare it
    assert client.get(url).status_code == 403
    assert client.post(url, _form(title="Autre chose")).status_code == 403
    client.force_login(cadre)  # not convened: the meeting is not theirs to see
    assert client.get(url).status_code == 404
    item.refresh_from_db()
    assert item.title == "Plan grand froid"


def test_a_past_meeting_and_a_declined_item_are_not_edited(client, cds, charge_mission):
    past = make_meeting(cds, days=-2)
    item = add_item(past, "Plan grand froid")
    client.force_login(charge_mission)
    assert client.get(reverse("meetings:item_edit", args=[past.pk, item.pk])).status_code == 403
    coming = make_meeting(cds, days=5)
    declined = add_item(coming, "Écarté", status=AgendaItem.Status.DECLINED)
    assert (
        client.get(reverse("meetings:item_edit", args=[coming.pk, declined.pk])).status_code == 404
    )
