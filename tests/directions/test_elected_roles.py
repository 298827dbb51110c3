"""The élu·e·s, their cabinets and the Maire's cabinet in the role policy.

They come to the portal for one thing, the orientations they are consulted on (and, for the
Maire's cabinet, the arbitrations): every other rule grants them nothing.
"""

from __future__ import annotations

import pytest

from directions import policy
from directions.models import Direction, ElectedOfficial, User

pytestmark = pytest.mark.django_db

ELECTED = ["elu.adjoint", "cab.adjoint", "elu.arrondissement", "cab.maire"]
SG_SIDE = ["sg.demo", "delegue.demo", "adjoint.demo", "cm.demo", "admin.demo"]


def test_an_elus_account_is_linked_to_their_elected_official(cast):
    adjointe = cast["elu.adjoint"].elected_official
    assert adjointe.office == ElectedOfficial.Office.ADJOINT
    assert cast["elu.adjoint"].get_full_name() == adjointe.full_name
    assert cast["cab.adjoint"].elected_official == adjointe
    maire = cast["elu.arrondissement"].elected_official
    assert maire.office == ElectedOfficial.Office.MAIRE_ARRONDISSEMENT
    assert list(maire.arrondissements.values_list("number", flat=True)) == [12]
    assert cast["cab.maire"].elected_official is None


def test_an_elu_and_their_cabinet_answer_for_the_same_official(cast):
    adjointe = cast["elu.adjoint"].elected_official
    assert policy.represented_official_id(cast["elu.adjoint"]) == adjointe.pk
    assert policy.represented_official_id(cast["cab.adjoint"]) == adjointe.pk
    assert policy.represented_official_id(cast["cab.maire"]) is None
    for name in SG_SIDE + ["dir.dases", "cp.demo", "cadre.demo"]:
        assert policy.represented_official_id(cast[name]) is None, name
    voices = User.objects.filter(policy.official_voices_q(adjointe.pk))
    assert set(voices.values_list("username", flat=True)) == {"elu.adjoint", "cab.adjoint"}


def test_who_is_elected_and_who_is_a_cabinet(cast):
    found = {
        name: (
            policy.is_elected_official(cast[name]),
            policy.is_elected_cabinet(cast[name]),
            policy.is_mayor_cabinet(cast[name]),
        )
        for name in ELECTED
    }
    assert found == {
        "elu.adjoint": (True, False, False),
        "cab.adjoint": (False, True, False),
        "elu.arrondissement": (True, False, False),
        "cab.maire": (False, False, True),
    }


def test_who_reads_prepares_recommends_and_arbitrates_orientations(cast):
    found = {
        name: (
            policy.reads_every_orientation(user),
            policy.prepares_orientations(user),
            policy.recommends_scenarios(user),
            policy.records_arbitrations(user),
            policy.sees_orientations(user),
        )
        for name, user in cast.items()
    }
    assert found == {
        "sg.demo": (True, True, True, True, True),
        "delegue.demo": (True, True, True, False, True),
        "adjoint.demo": (True, True, True, False, True),
        "adjoint.espace": (True, True, True, False, True),
        "cm.demo": (True, True, False, False, True),
        "admin.demo": (True, False, False, False, True),
        "cab.maire": (True, False, False, True, True),
        "elu.adjoint": (False, False, False, False, True),
        "cab.adjoint": (False, False, False, False, True),
        "elu.arrondissement": (False, False, False, False, True),
        "dir.dases": (False, False, False, False, True),
        "dir.dfpe": (False, False, False, False, True),
        "dir.dvd": (False, False, False, False, True),
        "dir.drh": (False, False, False, False, True),
        "dir.df": (False, False, False, False, True),
        "ref.dases": (False, False, False, False, False),
        "cp.demo": (False, False, False, False, False),
        "cadre.demo": (False, False, False, False, False),
    }


def test_a_director_reads_the_orientations_of_their_own_direction_only(cast, dases):
    assert policy.orientation_direction_id(cast["dir.dases"]) == dases.pk
    for name in ["ref.dases", "cadre.demo", "sg.demo", *ELECTED]:
        assert policy.orientation_direction_id(cast[name]) is None, name


def test_consulted_officials_q_keeps_only_the_represented_officials_requests(cast):
    adjointe = cast["elu.adjoint"].elected_official
    maire = cast["elu.arrondissement"].elected_official
    officials = ElectedOfficial.objects.all()
    for name, expected in {
        "elu.adjoint": {adjointe.pk},
        "cab.adjoint": {adjointe.pk},
        "elu.arrondissement": {maire.pk},
        "cab.maire": set(),
        "sg.demo": set(),
        "dir.dases": set(),
    }.items():
        kept = set(officials.filter(policy.consulted_officials_q(cast[name], official="")))
        assert {o.pk for o in kept} == expected, name


def test_the_elected_side_is_granted_nothing_else(cast, outsider):
    for name in ELECTED:
        user = cast[name]
        assert not policy.reads_whole_city(user), name
        assert not policy.works_for_sg(user), name
        assert not policy.reads_reporting(user), name
        assert not policy.reviews_reports(user), name
        assert not policy.edits_every_project(user), name
        assert not policy.creates_projects(user), name
        assert not policy.sees_every_meeting(user), name
        assert not policy.proposes_to_visible_meetings(user), name
        for rule in (
            policy.reporting_directions_q,
            policy.reviewed_directions_q,
            policy.filed_directions_q,
            policy.organisation_directions_q,
        ):
            assert not Direction.objects.filter(rule(user)).exists(), (name, rule.__name__)
        for kind in (policy.BODY_CDS, policy.BODY_POLE, policy.BODY_CHARGES_MISSION):
            assert not policy.is_convened(user, kind, None), (name, kind)


def test_an_inactive_elu_answers_for_nobody(cast):
    user = cast["elu.adjoint"]
    user.is_active = False
    assert policy.represented_official_id(user) is None
    assert policy.consulted_officials_q(user) == policy.NOTHING
    assert not policy.sees_orientations(user)
    cabinet = cast["cab.maire"]
    cabinet.is_active = False
    assert not policy.records_arbitrations(cabinet)
    assert not policy.reads_every_orientation(cabinet)
