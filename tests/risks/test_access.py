"""Who sees which risk, per role and URL: out of scope answers 404."""

from __future__ import annotations

import pytest

from directions.models import Direction, Pole
from risks.models import Risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def risks(make_risk, cast, dases_project):
    return {
        "dases": make_risk(title="Subventions DASES"),
        "drh": make_risk(
            title="Paie DRH", direction=Direction.objects.get(code="DRH"), owner=cast["dir.drh"]
        ),
        "project": make_risk(
            title="Projet DASES",
            scope="project",
            direction=None,
            project=dases_project,
            owner=cast["cp.demo"],
        ),
        "pole": make_risk(
            title="Pôle solidarités",
            scope="pole",
            direction=None,
            pole=Pole.objects.get(code="solidarites"),
            owner=cast["adjoint.demo"],
        ),
        "ville": make_risk(
            title="Toute la Ville", scope="ville", direction=None, owner=cast["sg.demo"]
        ),
    }


SEES = {
    "sg.demo": {"dases", "drh", "project", "pole", "ville"},
    "delegue.demo": {"dases", "drh", "project", "pole", "ville"},
    "adjoint.espace": {"dases", "drh", "project", "pole", "ville"},
    "cm.demo": {"dases", "drh", "project", "pole", "ville"},
    "admin.demo": {"dases", "drh", "project", "pole", "ville"},
    "dir.dases": {"dases", "project"},  # its own and the projects it leads
    "ref.dases": {"dases", "project"},
    "dir.drh": {"drh"},
    "dir.dvd": set(),
    "cp.demo": {"project"},  # the risks of their projects
    "cadre.demo": set(),
}


@pytest.mark.parametrize(("username", "expected"), SEES.items())
def test_each_role_reads_the_risks_of_its_scope_and_no_other(
    client, cast, risks, username, expected
):
    client.force_login(cast[username])
    for name, risk in risks.items():
        code = client.get(risk.get_absolute_url()).status_code
        assert code == (200 if name in expected else 404), (username, name, code)


@pytest.mark.parametrize(("username", "expected"), SEES.items())
def test_the_list_shows_only_the_risks_of_ones_scope(client, cast, risks, username, expected):
    client.force_login(cast[username])
    response = client.get("/risques/")
    if username == "cadre.demo":  # no role that reads risks, and owns none
        assert response.status_code == 404
        return
    shown = {name for name, risk in risks.items() if risk.title in response.text}
    assert shown == expected


def test_a_cadre_sees_no_risk_page_nor_the_map(client, cadre, risks):
    client.force_login(cadre)
    for url in ("/risques/", "/risques/carte/", "/risques/nouveau/"):
        assert client.get(url).status_code == 404, url


def test_an_owner_outside_the_roles_reads_their_own_risk(client, make_risk, cadre, risks):
    own = make_risk(title="Le risque du cadre", owner=cadre)
    client.force_login(cadre)
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(risks["dases"].get_absolute_url()).status_code == 404


def test_the_map_counts_only_what_the_reader_sees(client, dir_drh, risks):
    client.force_login(dir_drh)
    response = client.get("/risques/carte/")
    assert response.status_code == 200
    assert "Paie DRH" in response.text and "Subventions DASES" not in response.text


@pytest.mark.parametrize(
    ("username", "code"),
    [
        ("dir.dases", 200),  # the owner's direction
        ("cm.demo", 403),  # reads, does not edit
        ("dir.drh", 404),  # out of scope
        ("sg.demo", 200),
        ("adjoint.demo", 200),  # the reviewer
    ],
)
def test_editing_follows_ownership_and_scope(client, cast, risks, username, code):
    client.force_login(cast[username])
    assert client.get(f"/risques/{risks['dases'].pk}/modifier/").status_code == code


def test_the_risks_link_is_in_the_navigation_of_a_director_not_of_a_cadre(client, cast):
    client.force_login(cast["dir.dases"])
    assert 'href="/risques/"' in client.get("/").text
    client.force_login(cast["cadre.demo"])
    assert 'href="/risques/"' not in client.get("/").text


def test_a_risk_counts_in_the_database_as_expected(risks):
    assert Risk.objects.count() == 5
