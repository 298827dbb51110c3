"""The access matrix: who reads, files and reviews which report, per role and per view."""

import pytest
from django.urls import reverse

from indicators.models import Report

pytestmark = pytest.mark.django_db

READ_ALL = ["sg.demo", "adjoint.demo", "cm.demo", "admin.demo"]
NO_REPORTS = ["cp.demo", "cadre.demo", "dir.drh"]


@pytest.fixture
def users(cast):
    return cast


@pytest.mark.parametrize("username", ["dir.dases", "ref.dases", *READ_ALL])
def test_who_may_read_a_dases_report_opens_it(client, users, report, username):
    client.force_login(users[username])
    assert client.get(reverse("indicators:report", args=[report.pk])).status_code == 200


@pytest.mark.parametrize("username", NO_REPORTS)
def test_anyone_else_gets_a_404_for_a_dases_report(client, users, report, username):
    client.force_login(users[username])
    assert client.get(reverse("indicators:report", args=[report.pk])).status_code == 404


def test_an_outsider_sees_no_report(client, outsider, report):
    client.force_login(outsider)
    assert client.get(reverse("indicators:report", args=[report.pk])).status_code == 404
    assert client.get(reverse("indicators:report_list")).status_code == 404


@pytest.mark.parametrize("username", ["cp.demo", "cadre.demo"])
def test_who_has_no_report_gets_a_404_for_every_reporting_list_not_an_empty_sg_page(
    client, users, report, username
):
    client.force_login(users[username])
    for name in ["report_list", "reminders", "dashboard", "completeness", "import"]:
        assert client.get(reverse(f"indicators:{name}")).status_code == 404, name


@pytest.mark.parametrize(
    ("username", "reports"),
    [("dir.dases", 2), ("ref.dases", 2), ("dir.drh", 1), *((u, 3) for u in READ_ALL)],
)
def test_every_reader_lists_what_is_theirs(client, users, report, drh_report, username, reports):
    client.force_login(users[username])
    response = client.get(reverse("indicators:report_list"))
    assert response.status_code == 200 and len(response.context["rows"]) == reports
    mine = "Les rapports de votre direction" in response.content.decode()
    assert mine == username.startswith(("dir.", "ref."))


@pytest.mark.parametrize(
    "username", ["sg.demo", "adjoint.demo", "cm.demo", "admin.demo", "dir.drh"]
)
def test_only_the_directions_members_file_its_report(client, users, report, shelter, username):
    client.force_login(users[username])
    name = f"v-{shelter.pk}-0"
    for url_name in ("report_save", "report_submit"):
        response = client.post(
            reverse(f"indicators:{url_name}", args=[report.pk]),
            {name: "4900"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 404
    assert not report.values.exists()


def test_the_autosave_fragment_answers_404_outside_the_scope(client, dir_drh, report, shelter):
    client.force_login(dir_drh)
    response = client.post(
        reverse("indicators:report_save", args=[report.pk]),
        {f"v-{shelter.pk}-0": "1", f"ver-v-{shelter.pk}-0": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("sg.demo", 302),
        ("delegue.demo", 302),
        ("adjoint.demo", 302),  # DASES is in her pôle
        ("cm.demo", 404),
        ("admin.demo", 404),
        ("dir.dases", 404),
        ("ref.dases", 404),
        ("dir.drh", 404),
    ],
)
def test_only_the_reviewers_validate(client, users, report, username, status):
    Report.objects.filter(pk=report.pk).update(status=Report.Status.SUBMITTED)
    client.force_login(users[username])
    response = client.post(reverse("indicators:report_validate", args=[report.pk]))
    assert response.status_code == status
    report.refresh_from_db()
    assert (report.status == Report.Status.VALIDATED) == (status == 302)


def test_an_adjoint_does_not_review_outside_her_pole(client, adjoint, drh_report):
    Report.objects.filter(pk=drh_report.pk).update(status=Report.Status.SUBMITTED)
    client.force_login(adjoint)
    assert client.get(reverse("indicators:report", args=[drh_report.pk])).status_code == 200
    for url_name, data in (
        ("report_validate", {}),
        ("report_return", {"comment": "Non"}),
        ("report_reopen", {"reason": "Non"}),
    ):
        response = client.post(reverse(f"indicators:{url_name}", args=[drh_report.pk]), data)
        assert response.status_code == 404
    drh_report.refresh_from_db()
    assert drh_report.status == Report.Status.SUBMITTED


@pytest.mark.parametrize("username", ["dir.dases", "cm.demo", "adjoint.demo", "sg.demo"])
def test_reopening_is_for_the_reviewers_only(client, users, report, username):
    Report.objects.filter(pk=report.pk).update(status=Report.Status.VALIDATED)
    client.force_login(users[username])
    response = client.post(
        reverse("indicators:report_reopen", args=[report.pk]), {"reason": "Erreur"}
    )
    assert response.status_code == (302 if username in {"sg.demo", "adjoint.demo"} else 404)


def test_a_director_lists_only_her_directions_reports(client, dir_dases, report, drh_report):
    client.force_login(dir_dases)
    rows = client.get(reverse("indicators:report_list")).context["rows"]
    assert {row["report"].direction.code for row in rows} == {"DASES"}


@pytest.mark.parametrize("username", ["dir.dases", "sg.demo", "cm.demo", "cadre.demo"])
def test_the_import_is_for_administrators_only(client, users, username):
    client.force_login(users[username])
    assert client.get(reverse("indicators:import")).status_code == 404
    assert client.get(reverse("indicators:import_template")).status_code == 404
    assert client.get(reverse("indicators:import_run", args=[1])).status_code == 404
    assert client.post(reverse("indicators:import_run_confirm", args=[1])).status_code == 404
    assert client.post(reverse("indicators:import_run_cancel", args=[1])).status_code == 404


@pytest.mark.parametrize("username", ["dir.dases", "cadre.demo", "cp.demo", "sg.demo"])
def test_everyone_reads_the_catalogue(client, users, shelter, username):
    client.force_login(users[username])
    assert client.get(reverse("indicators:catalogue")).status_code == 200
    assert client.get(reverse("indicators:indicator", args=[shelter.code])).status_code == 200
