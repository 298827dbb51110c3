"""Months are written the French way on the projects and deliberations pages."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from directions.models import Direction
from projects.models import Deliberation

pytestmark = pytest.mark.django_db


def test_the_portfolio_writes_months_the_french_way(client, make_project, charge_mission):
    make_project(name="Projet de décembre", planned_end=dt.date(2027, 12, 15))
    client.force_login(charge_mission)
    page = client.get(reverse("projects:list")).content.decode()
    assert "déc. 2027" in page
    assert "Déc 2027" not in page


def test_a_sitting_named_mid_sentence_keeps_its_month_in_lowercase(
    client, make_sitting, make_deliberation, charge_mission
):
    with time_machine.travel(dt.datetime(2026, 11, 28, 10), tick=False):
        dec, jan = make_sitting(dt.date(2026, 12, 8)), make_sitting(dt.date(2027, 1, 12))
        delib = make_deliberation(Direction.objects.get(code="DVD"), jan, moved_from=dec)
        delib.status = Deliberation.Status.REPORTEE
        delib.save()
        client.force_login(charge_mission)
        forecast = client.get(reverse("projects:deliberations")).content.decode()
        detail = client.get(reverse("projects:deliberation_detail", args=[delib.pk])).content
    assert "→ <strong>janvier 2027</strong>" in forecast
    assert "Janvier 2027" not in forecast
    assert "décembre 2026 → <strong>janvier 2027 (reportée)</strong>" in detail.decode()
