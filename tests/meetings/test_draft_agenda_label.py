"""What a meeting's page says of an agenda that was never published: in preparation only before the meeting."""

import pytest
from django.urls import reverse

from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


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
