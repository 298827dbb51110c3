"""Dates on the meetings pages are written the French way: lowercase month abbreviations."""

import pytest
from django.urls import reverse

from meetings.models import Action
from tests.factories import add_item, make_meeting

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
