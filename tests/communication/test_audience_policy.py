"""The role policy's rules for internal communication, stated once in `directions.policy`."""

from __future__ import annotations

import pytest

from directions import policy
from directions.models import Direction, Pole, User

pytestmark = pytest.mark.django_db


def test_the_sg_staff_and_the_administrators_write_and_nobody_else(cast):
    writers = {name for name, user in cast.items() if policy.writes_communication(user)}
    assert writers == {"sg.demo", "delegue.demo", "adjoint.demo", "adjoint.espace", "admin.demo"}


def test_the_sgs_people_are_its_staff_chargés_de_mission_and_délégations(cast):
    at_sg = {name for name, user in cast.items() if policy.works_at_sg(user)}
    assert {"sg.demo", "cm.demo", "cp.demo", "admin.demo"} <= at_sg
    assert not at_sg & {"dir.dases", "ref.dases", "cadre.demo", "dir.drh"}


def test_audience_members_are_the_people_each_audience_reaches(cast, dases):
    def names(audience, pole_id=None, directions=()):
        q = policy.audience_members_q(audience, pole_id, list(directions))
        return set(User.objects.filter(q).values_list("username", flat=True)) & set(cast)

    assert names(policy.AUDIENCE_CADRES) == set(cast)
    assert "cadre.demo" not in names(policy.AUDIENCE_DIRECTORS)
    assert {"dir.dases", "dir.drh", "sg.demo"} <= names(policy.AUDIENCE_DIRECTORS)
    pole = names(policy.AUDIENCE_POLE, dases.pole_id)
    assert {"dir.dases", "ref.dases", "dir.dfpe"} <= pole and "dir.drh" not in pole
    assert names(policy.AUDIENCE_DIRECTIONS, None, [dases.pk]) == {"dir.dases", "ref.dases"}
    assert names(policy.AUDIENCE_POLE, None) == set()


def test_the_directions_that_relay_are_those_the_audience_reaches(cast, dases):
    def codes(audience, pole_id=None, directions=()):
        q = policy.relaying_directions_q(audience, pole_id, list(directions))
        return set(Direction.objects.filter(q).values_list("code", flat=True))

    assert codes(policy.AUDIENCE_CADRES) == {"DASES", "DFPE", "DVD", "DRH", "DF"}
    assert codes(policy.AUDIENCE_POLE, dases.pole_id) == {"DASES", "DFPE"}
    assert codes(policy.AUDIENCE_DIRECTIONS, None, [dases.pk]) == {"DASES"}
    assert codes(policy.AUDIENCE_SG) == set()


def test_a_director_relays_for_their_own_direction_only(cast, dir_dases, ref_dases, sg_user):
    assert policy.relays_for_direction_id(dir_dases) == dir_dases.direction_id
    assert policy.relays_for_direction_id(ref_dases) is None
    assert policy.relays_for_direction_id(sg_user) is None
    assert policy.communication_directions_q(sg_user) == policy.Q()
    assert policy.communication_directions_q(ref_dases) == policy.NOTHING


def test_a_pole_member_without_direction_is_in_the_poles_audience(cast, adjoint):
    pole = Pole.objects.get(pk=adjoint.pole_id)
    assert policy.user_pole_id(adjoint) == pole.pk
