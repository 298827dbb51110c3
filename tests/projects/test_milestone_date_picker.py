"""The date picker of a milestone offers only the days the form accepts."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_date_picker_of_a_milestone_reached_offers_no_future_day(client, make_project, cast):
    project = make_project(chef_projet=cast["cp.demo"])
    client.force_login(cast["cp.demo"])
    with time_machine.travel(dt.datetime(2026, 11, 28, 10), tick=False):
        page = client.get(reverse("projects:milestone_new", args=[project.pk])).content.decode()
    field = page.split('name="actual_date"')[1].split(">")[0]
    assert 'max="2026-11-28"' in field
