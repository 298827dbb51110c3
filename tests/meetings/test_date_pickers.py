"""The date pickers of the meeting page offer only the days the forms accept."""

import pytest
from django.urls import reverse

from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


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
