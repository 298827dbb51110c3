"""Who may propose an item to a meeting's agenda: the SG staff to any pôle's meeting, not a référent."""

import pytest
from django.urls import reverse

from meetings.models import AgendaItem
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


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
