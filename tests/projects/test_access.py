"""Who reads and who writes, per role, by URL too (htmx fragments included)."""

import datetime as dt

import pytest

from directions.models import Direction, User
from projects.models import Deliberation, Rating, StatusUpdate
from projects.services import deliberation_declare

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(make_project, chef_projet, adjoint):
    # A DASES project (pôle Solidarités) led by cp.demo, followed by adjoint.demo.
    return make_project(name="Accueil social", chef_projet=chef_projet, sg_adjoint=adjoint)


@pytest.fixture
def status(project, make_status, chef_projet):
    return make_status(project, overall=Rating.AT_RISK, author=chef_projet)


@pytest.fixture
def deliberation(dir_dases, dases, make_sitting):
    sitting = make_sitting(dt.date.today() + dt.timedelta(days=40))
    return deliberation_declare(by=dir_dases, direction=dases, title="Santé", sitting=sitting)


def test_every_logged_in_role_reads_a_project_page(client, project, cast, outsider):
    for user in [*cast.values(), outsider]:
        client.force_login(user)
        assert client.get(project.get_absolute_url()).status_code == 200, user.username


def test_a_missing_project_is_not_found(client, charge_mission):
    client.force_login(charge_mission)
    assert client.get("/projets/999999/").status_code == 404


@pytest.mark.parametrize(
    ("username", "code"),
    [
        ("cp.demo", 200),  # their project
        ("dir.dases", 200),  # the lead direction
        ("sg.demo", 200),
        ("adjoint.espace", 200),  # SG staff edit all
        ("admin.demo", 200),
        ("dir.drh", 403),
        ("ref.dases", 200),
        ("cm.demo", 403),
        ("cadre.demo", 403),
    ],
)
def test_who_edits_a_project(client, project, cast, username, code):
    client.force_login(cast[username])
    assert client.get(f"/projets/{project.pk}/modifier/").status_code == code
    assert client.get(f"/projets/{project.pk}/jalons/nouveau/").status_code == code


def test_another_chef_de_projet_cannot_edit_or_post(client, project):
    other = User.objects.create_user("cp.autre", role=User.Role.CHEF_PROJET)
    client.force_login(other)
    assert client.get(f"/projets/{project.pk}/modifier/").status_code == 403
    assert client.get(f"/projets/{project.pk}/point/").status_code == 403
    assert client.post(f"/projets/{project.pk}/point/", {"narrative": "x"}).status_code == 403


def test_a_chef_de_projet_edits_the_dates_but_not_who_leads(client, project, chef_projet):
    client.force_login(chef_projet)
    drh = Direction.objects.get(code="DRH")
    response = client.post(
        f"/projets/{project.pk}/modifier/",
        {
            "kind": project.kind,
            "name": project.name,
            "lead_direction": drh.pk,  # ignored: a disabled field
            "start_date": project.start_date.isoformat(),
            "planned_end": project.planned_end.isoformat(),
            "forecast_end": (project.planned_end + dt.timedelta(days=30)).isoformat(),
            "phase": project.phase,
            "budget_planned": "1 250 000,50",
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.lead_direction.code == "DASES"
    assert project.slippage_days == 30
    assert str(project.budget_planned) == "1250000.50"


def test_bad_input_gets_a_french_message_and_keeps_what_was_typed(client, project, chef_projet):
    client.force_login(chef_projet)
    response = client.post(
        f"/projets/{project.pk}/modifier/",
        {
            "kind": project.kind,
            "name": "Nouveau nom",
            "start_date": "2026-05-01",
            "planned_end": "2026-01-01",
            "phase": project.phase,
            "budget_planned": "beaucoup",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "La fin prévue ne peut précéder le début du projet." in page
    assert "Saisissez un montant en euros" in page
    assert 'value="Nouveau nom"' in page and 'value="beaucoup"' in page


def test_only_sg_staff_and_directors_create_projects(client, cast):
    for username, code in [
        ("sg.demo", 200),
        ("dir.dases", 200),
        ("cp.demo", 403),
        ("cm.demo", 403),
    ]:
        client.force_login(cast[username])
        assert client.get("/projets/nouveau/").status_code == code, username


def test_a_director_creates_a_project_for_their_own_direction(client, dir_drh):
    client.force_login(dir_drh)
    response = client.post(
        "/projets/nouveau/",
        {
            "kind": "modernisation",
            "name": "SIRH",
            "lead_direction": Direction.objects.get(code="DASES").pk,
            "start_date": "2026-01-05",
            "planned_end": "2027-01-05",
            "phase": "cadrage",
        },
    )
    assert response.status_code == 302
    from projects.models import Project

    assert Project.objects.get(name="SIRH").lead_direction.code == "DRH"


@pytest.mark.parametrize(
    ("username", "code"),
    [
        ("adjoint.demo", 302),
        ("sg.demo", 302),
        ("delegue.demo", 302),
        ("adjoint.espace", 403),
        ("dir.dases", 403),
        ("cp.demo", 403),
        ("cm.demo", 403),
    ],
)
def test_who_acknowledges_a_status(client, status, cast, username, code):
    client.force_login(cast[username])
    response = client.post(f"/projets/points/{status.pk}/pris-en-compte/")
    assert response.status_code == code
    status.refresh_from_db()
    assert (status.review == StatusUpdate.Review.ACKNOWLEDGED) == (code == 302)


def test_acknowledging_through_htmx_swaps_the_status_card(client, status, adjoint):
    client.force_login(adjoint)
    response = client.post(
        f"/projets/points/{status.pk}/pris-en-compte/", headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page and f'id="statut-{status.pk}"' in page and "Pris en compte" in page


def test_htmx_acknowledge_out_of_scope_is_refused(client, status):
    adjoint_espace = User.objects.get(username="adjoint.espace")
    client.force_login(adjoint_espace)
    response = client.post(
        f"/projets/points/{status.pk}/pris-en-compte/", headers={"HX-Request": "true"}
    )
    assert response.status_code == 403
    assert client.post("/projets/points/999999/pris-en-compte/").status_code == 404


def test_a_question_without_text_is_refused_next_to_the_field(client, status, adjoint):
    client.force_login(adjoint)
    response = client.post(
        f"/projets/points/{status.pk}/question/", {"question": ""}, headers={"HX-Request": "true"}
    )
    assert "Saisissez votre question au chef de projet." in response.content.decode()
    status.refresh_from_db()
    assert status.review == StatusUpdate.Review.PENDING


def test_acknowledge_and_question_only_accept_post(client, status, adjoint):
    client.force_login(adjoint)
    assert client.get(f"/projets/points/{status.pk}/pris-en-compte/").status_code == 405


def test_everyone_reads_deliberations(client, deliberation, cast, outsider):
    for user in [cast["dir.drh"], cast["cadre.demo"], outsider]:
        client.force_login(user)
        assert client.get("/deliberations/").status_code == 200
        assert client.get(deliberation.get_absolute_url()).status_code == 200
    assert client.get("/deliberations/999999/").status_code == 404


@pytest.mark.parametrize(
    ("username", "declare", "edit"),
    [
        ("dir.dases", 200, 200),
        ("ref.dases", 200, 200),
        ("dir.drh", 200, 403),  # declares for DRH only, cannot touch DASES's
        ("sg.demo", 403, 200),
        ("cm.demo", 403, 403),
        ("cp.demo", 403, 403),
        ("cadre.demo", 403, 403),
    ],
)
def test_who_declares_and_updates_deliberations(
    client, deliberation, cast, username, declare, edit
):
    client.force_login(cast[username])
    assert client.get("/deliberations/nouvelle/").status_code == declare
    assert client.get(f"/deliberations/{deliberation.pk}/modifier/").status_code == edit


def test_a_director_cannot_declare_for_another_direction_by_tampering(
    client, dir_drh, make_sitting
):
    sitting = make_sitting(dt.date.today() + dt.timedelta(days=40))
    client.force_login(dir_drh)
    client.post(
        "/deliberations/nouvelle/",
        {
            "title": "x",
            "sitting": sitting.pk,
            "status": "preparation",
            "direction": Direction.objects.get(code="DASES").pk,
        },
    )
    assert Deliberation.objects.get().direction.code == "DRH"
