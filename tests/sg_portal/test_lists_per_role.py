"""The administration's lists — meetings, projects, deliberations — typed into the address bar.

Each role sees what is theirs, worded for them, or a 404: never the SG's page with nothing in it.
An élu·e, their cabinet and the Maire's cabinet come for the orientations, so the three lists do
not exist for them (and the navigation does not offer them); a cadre supérieur sees the meetings
they are convened to, worded as theirs, and the portfolio and forecast every agent reads.
"""

from __future__ import annotations

import pytest

from tests.factories import make_bodies, make_meeting

pytestmark = pytest.mark.django_db

LISTS = ["/reunions/", "/projets/", "/projets/calendrier/", "/deliberations/"]
ELECTED_SIDE = ["elu.adjoint", "cab.adjoint", "elu.arrondissement", "cab.maire"]


@pytest.mark.parametrize("username", ELECTED_SIDE)
def test_the_administrations_lists_do_not_exist_for_the_elected_side(client, cast, username):
    client.force_login(cast[username])
    for path in LISTS:
        assert client.get(path).status_code == 404, path
    nav = client.get("/").content.decode()
    for label in ("Réunions</a>", "Projets</a>", "Délibérations</a>"):
        assert label not in nav, label


def test_a_cadre_sees_the_meetings_they_are_convened_to_worded_as_theirs(client, cast):
    bodies = make_bodies()
    make_meeting(bodies["auditorium"], days=10)
    client.force_login(cast["cadre.demo"])
    page = client.get("/reunions/").content.decode()
    assert "Les réunions auxquelles vous êtes convoqué·e" in page
    assert "Le CDS, les réunions de pôle" not in page
    assert "auditorium" in page.lower()
    for path in LISTS[1:]:
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("username", ["sg.demo", "cm.demo", "dir.dases"])
def test_the_administration_keeps_its_lists(client, cast, username):
    client.force_login(cast[username])
    for path in LISTS:
        assert client.get(path).status_code == 200, (username, path)
