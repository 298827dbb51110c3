"""What the first users of the projects and deliberations found."""

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
    assert "de décembre 2026 à <strong>janvier 2027</strong>" in detail.decode()


def test_on_a_phone_the_timeline_fits_the_screen_with_each_name_above_its_bar(
    client, make_project, charge_mission
):
    from projects.models import Project
    from projects.selectors import projects_for_timeline, with_latest_status
    from projects.timeline import build_timeline

    make_project(
        name="Plan Climat : rénovation énergétique du patrimoine municipal",
        start_date=dt.date(2021, 3, 1),
        planned_end=dt.date(2030, 6, 30),
    )
    today = dt.date(2026, 11, 28)
    projects = list(projects_for_timeline(with_latest_status(Project.objects.all(), today)))
    compact = build_timeline(projects, today, compact=True)
    row = compact.rows[0]
    assert compact.width == 400
    assert row.bar_x >= 0 and row.bar_x + row.bar_w <= compact.width
    assert row.text_y < row.y  # the name above the bar, not in a column beside it
    assert len(row.label) <= 46
    client.force_login(charge_mission)
    with time_machine.travel(dt.datetime(2026, 11, 28, 10), tick=False):
        page = client.get(reverse("projects:timeline")).content.decode()
    assert page.count('<svg class="timeline"') == 2
    assert "timeline-scroll--compact" in page and "timeline-scroll--wide" in page
    assert 'data-label="Fin prévisionnelle"' in page  # the table stacks on a phone


def test_the_date_picker_of_a_milestone_reached_offers_no_future_day(client, make_project, cast):
    project = make_project(chef_projet=cast["cp.demo"])
    client.force_login(cast["cp.demo"])
    with time_machine.travel(dt.datetime(2026, 11, 28, 10), tick=False):
        page = client.get(reverse("projects:milestone_new", args=[project.pk])).content.decode()
    field = page.split('name="actual_date"')[1].split(">")[0]
    assert 'max="2026-11-28"' in field


def test_a_double_click_on_publish_posts_the_status_once(client, make_project, cast):
    project = make_project(chef_projet=cast["cp.demo"])
    client.force_login(cast["cp.demo"])
    data = {
        "schedule": "at_risk",
        "budget": "on_track",
        "scope": "on_track",
        "narrative": "Un retard se dessine sur le jalon en cours.",
    }
    url = reverse("projects:status_new", args=[project.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert project.statuses.count() == 1
    # a corrected status of the same fortnight is still posted
    client.post(url, {**data, "narrative": "Correction : le retard est rattrapé."})
    assert project.statuses.count() == 2


def test_a_double_click_on_declare_declares_the_deliberation_once(client, make_sitting, cast):
    with time_machine.travel(dt.datetime(2026, 11, 28, 10), tick=False):
        sitting = make_sitting(dt.date(2027, 2, 9))
        client.force_login(cast["dir.dases"])
        data = {
            "title": "Schéma parisien de protection de l'enfance",
            "sitting": sitting.pk,
            "status": "preparation",
        }
        url = reverse("projects:deliberation_new")
        assert client.post(url, data).status_code == 302
        assert client.post(url, data).status_code == 302
    assert Deliberation.objects.filter(title=data["title"]).count() == 1


def test_the_back_button_restores_the_whole_portfolio_page_not_its_fragment(
    client, make_project, charge_mission
):
    make_project(name="Paris Plages 2027")
    client.force_login(charge_mission)
    fragment = client.get(
        reverse("projects:list"), {"kind": "engagement"}, headers={"HX-Request": "true"}
    )
    assert "<nav" not in fragment.content.decode()
    restored = client.get(
        reverse("projects:list"),
        {"kind": "engagement"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    page = restored.content.decode()
    assert "<nav" in page and "<h1" in page and "Paris Plages 2027" in page
