import datetime as dt

import pytest

from directions.models import Direction
from projects.models import Milestone, StatusUpdate
from sg_portal.journal.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(make_project, chef_projet, adjoint):
    return make_project(name="Accueil social", chef_projet=chef_projet, sg_adjoint=adjoint)


def test_posting_a_status_without_ratings_keeps_the_narrative(client, project, chef_projet):
    client.force_login(chef_projet)
    response = client.post(
        f"/projets/{project.pk}/point/", {"narrative": "Le chantier avance.", "schedule": "at_risk"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Choisissez une appréciation.") == 2  # budget and scope
    assert "Le chantier avance." in page
    assert 'value="at_risk"' in page and "checked" in page
    assert not StatusUpdate.objects.exists()


def test_posting_a_status_redirects_to_the_project(client, project, chef_projet):
    client.force_login(chef_projet)
    response = client.post(
        f"/projets/{project.pk}/point/",
        {
            "schedule": "at_risk",
            "budget": "on_track",
            "scope": "off_track",
            "narrative": "Le périmètre s'élargit.",
            "next_steps": "Arbitrage.",
        },
    )
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    status = StatusUpdate.objects.get()
    assert status.overall == "off_track" and status.next_steps == "Arbitrage."


def test_a_milestone_is_added_then_moved_and_each_change_is_audited(client, project, chef_projet):
    client.force_login(chef_projet)
    client.post(
        f"/projets/{project.pk}/jalons/nouveau/",
        {"title": "Marché notifié", "planned_date": "2027-03-01"},
    )
    milestone = Milestone.objects.get()
    response = client.post(
        f"/projets/{project.pk}/jalons/{milestone.pk}/",
        {"title": "Marché notifié", "planned_date": "2027-03-01", "forecast_date": "2027-04-15"},
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.slippage_days(dt.date(2026, 11, 28)) == 45
    update = Entry.objects.get(action="projects.milestone.update")
    assert update.before == {"forecast_date": None}
    assert update.after == {"title": "Marché notifié", "forecast_date": "2027-04-15"}
    assert update.parent == project


def test_a_milestone_cannot_be_reached_in_the_future(client, project, chef_projet):
    client.force_login(chef_projet)
    response = client.post(
        f"/projets/{project.pk}/jalons/nouveau/",
        {"title": "Plus tard", "planned_date": "2030-01-01", "actual_date": "2030-01-01"},
    )
    assert "Un jalon ne peut pas être atteint dans le futur." in response.content.decode()


def test_a_milestone_of_another_project_is_not_found_through_this_one(
    client, project, make_project, make_milestone, chef_projet
):
    other = make_milestone(make_project(chef_projet=chef_projet))
    client.force_login(chef_projet)
    assert client.get(f"/projets/{project.pk}/jalons/{other.pk}/").status_code == 404


def test_the_deliberations_page_costs_a_constant_number_of_queries(
    client, make_sitting, make_deliberation, dir_dases, django_assert_max_num_queries
):
    today = dt.date.today()
    sittings = [make_sitting(today + dt.timedelta(days=10 + 28 * i)) for i in range(3)]
    directions = list(Direction.objects.filter(kind=Direction.Kind.DIRECTION))
    for index in range(120):
        make_deliberation(
            directions[index % len(directions)],
            sittings[index % 3],
            moved_from=sittings[0] if index % 9 == 1 and index % 3 else None,
        )
    client.force_login(dir_dases)
    with django_assert_max_num_queries(14):
        response = client.get("/deliberations/")
    assert sum(f.total for f in response.context["forecasts"]) == 120
    assert response.context["mine"]  # DASES's own, with their update links


def test_a_deliberation_page_shows_its_history(client, make_sitting, make_deliberation, cadre):
    today = dt.date.today()
    first, later = (
        make_sitting(today + dt.timedelta(days=10)),
        make_sitting(today + dt.timedelta(days=40)),
    )
    deliberation = make_deliberation(
        Direction.objects.get(code="DASES"), later, title="Santé", moved_from=first
    )
    client.force_login(cadre)
    page = client.get(deliberation.get_absolute_url()).content.decode()
    assert "première séance visée" in page and "(reportée)" in page
    assert "a reporté la délibération à une séance plus tardive" in page


def test_the_project_page_shows_a_journal_of_changes(client, project, chef_projet):
    client.force_login(chef_projet)
    client.post(
        f"/projets/{project.pk}/jalons/nouveau/",
        {"title": "Marché notifié", "planned_date": "2027-03-01"},
    )
    milestone = Milestone.objects.get()
    client.post(
        f"/projets/{project.pk}/jalons/{milestone.pk}/",
        {"title": "Marché notifié", "planned_date": "2027-03-01", "forecast_date": "2027-04-15"},
    )
    page = client.get(project.get_absolute_url()).content.decode()
    assert "a modifié le jalon « Marché notifié »" in page
    assert "a ajouté le jalon « Marché notifié »" in page
    assert "Date prévisionnelle : — → <strong>15/04/2027</strong>" in page
