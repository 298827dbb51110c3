"""An action decided in a meeting is never due before that meeting."""

import pytest
from django.urls import reverse

from meetings.models import Action
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


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
