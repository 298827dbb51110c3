"""Who sees which orientation, URL by URL: out of scope answers 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from orientations.models import Orientation

pytestmark = pytest.mark.django_db

PAGES = ["detail", "compare", "opinion", "note", "arbitrate", "consultation", "recommend", "edit"]


def _codes(client, user, orientation) -> dict[str, int]:
    client.force_login(user)
    return {
        name: client.get(reverse(f"orientations:{name}", args=[orientation.pk])).status_code
        for name in PAGES
    }


def test_every_url_per_role_during_the_consultation(client, cast, outsider, make_orientation):
    orientation = make_orientation("consultation")
    ok_read = {"detail": 200, "compare": 200}
    found = {
        name: _codes(client, cast[name], orientation)
        for name in [
            "sg.demo",
            "cm.demo",
            "cab.maire",
            "elu.adjoint",
            "cab.adjoint",
            "elu.arrondissement",
            "dir.dases",
            "dir.drh",
            "cadre.demo",
            "cp.demo",
            "ref.dases",
        ]
    }
    found["outsider"] = _codes(client, outsider, orientation)
    nothing = dict.fromkeys(PAGES, 404)
    sg_side = {**nothing, **ok_read, "note": 200}
    elected = {**nothing, **ok_read, "opinion": 200}
    assert found == {
        "sg.demo": sg_side,
        "cm.demo": sg_side,
        "cab.maire": sg_side,
        "elu.adjoint": elected,
        "cab.adjoint": elected,
        "elu.arrondissement": elected,
        "dir.dases": {**nothing, **ok_read},
        "dir.drh": nothing,
        "cadre.demo": nothing,
        "cp.demo": nothing,
        "ref.dases": nothing,
        "outsider": nothing,
    }


def test_an_orientation_in_preparation_is_the_sgs_only(client, cast, make_orientation):
    orientation = make_orientation("preparation")
    for name in ["elu.adjoint", "dir.dases", "elu.arrondissement"]:
        assert _codes(client, cast[name], orientation)["detail"] == 404, name
    codes = _codes(client, cast["cm.demo"], orientation)
    assert (
        codes["edit"] == 200 and codes["recommend"] == 404
    )  # a chargé prepares, the SG recommends
    codes = _codes(client, cast["sg.demo"], orientation)
    assert codes["recommend"] == 200 and codes["consultation"] == 404  # nothing préconisé yet


def test_an_elu_not_consulted_gets_404(client, cast, make_orientation):
    orientation = make_orientation("consultation")
    orientation.requests.filter(official=cast["elu.arrondissement"].elected_official).delete()
    assert _codes(client, cast["elu.arrondissement"], orientation)["detail"] == 404


def test_the_list_shows_each_person_only_their_orientations(client, cast, make_orientation):
    make_orientation("consultation", title="Consultée")
    make_orientation("preparation", title="En préparation")
    for name, expected in {
        "sg.demo": {"Consultée", "En préparation"},
        "elu.adjoint": {"Consultée"},
        "dir.dases": {"Consultée"},
        "dir.drh": set(),
    }.items():
        client.force_login(cast[name])
        response = client.get(reverse("orientations:list"))
        assert response.status_code == 200
        titles = {o.title for _, items in response.context["groups"] for o in items}
        assert titles == expected, name
    client.force_login(cast["cadre.demo"])
    assert client.get(reverse("orientations:list")).status_code == 404


def test_the_list_counts_its_queries(client, cast, make_orientation, django_assert_max_num_queries):
    for n in range(8):
        make_orientation("consultation", title=f"Orientation {n}")
    client.force_login(cast["sg.demo"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("orientations:list"))
    assert sum(len(items) for _, items in response.context["groups"]) == 8
    assert Orientation.objects.count() == 8
