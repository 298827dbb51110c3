"""Attendance at a meeting: who came, who was excused, who was represented and by whom."""

import pytest
from django.urls import reverse

from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


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
