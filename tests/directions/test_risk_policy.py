"""The role policy's rules for risks: who reads, edits, records and accepts them."""

from __future__ import annotations

import pytest

from directions import policy
from directions.models import Direction, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(cast, outsider) -> dict[str, User]:
    return {**cast, "outsider": outsider}


def test_who_reads_records_and_edits_risks_by_role(people):
    table = {
        # username: (reads_risks, creates_risks, creates anywhere, edits every risk)
        "dir.dases": (True, True, False, False),
        "ref.dases": (True, True, False, False),
        "sg.demo": (True, True, True, True),
        "adjoint.demo": (True, True, True, True),
        "cm.demo": (True, False, False, False),
        "cp.demo": (True, True, False, False),
        "cadre.demo": (False, False, False, False),
        "admin.demo": (True, True, True, True),
        "outsider": (False, False, False, False),
    }
    for name, expected in table.items():
        user = people[name]
        got = (
            policy.reads_risks(user),
            policy.creates_risks(user),
            policy.creates_risks_anywhere(user),
            policy.risks_edited_q(user) == policy.Q(),
        )
        assert got == expected, name


def test_a_director_reads_their_directions_risks_and_those_of_the_projects_it_leads(people):
    dases = Direction.objects.get(code="DASES")
    rule = policy.risks_read_q(people["dir.dases"])
    assert rule == policy.Q(direction__id=dases.pk) | policy.Q(project__lead_direction_id=dases.pk)
    assert policy.risks_read_q(people["cp.demo"]) == policy.Q(
        project__chef_projet=people["cp.demo"].pk
    )
    assert policy.risks_read_q(people["cadre.demo"]) == policy.NOTHING
    assert policy.risks_edited_q(people["cm.demo"]) == policy.NOTHING  # reads, never edits


def test_the_authority_that_accepts_a_risk(people):
    dases = Direction.objects.get(code="DASES")
    drh = Direction.objects.get(code="DRH")

    def authority(name: str, direction: Direction) -> int:
        return policy.acceptance_authority(
            people[name], direction_id=direction.pk, pole_id=direction.pole_id
        )

    assert authority("sg.demo", dases) == policy.AUTHORITY_SG
    assert authority("delegue.demo", dases) == policy.AUTHORITY_POLE
    assert authority("adjoint.demo", dases) == policy.AUTHORITY_POLE  # her pôle
    assert authority("adjoint.demo", drh) == 0  # not her pôle
    assert authority("dir.dases", dases) == policy.AUTHORITY_DIRECTOR
    assert authority("dir.dases", drh) == 0
    assert authority("ref.dases", dases) == 0  # a référent does not accept
    assert authority("cm.demo", dases) == 0


def test_an_inactive_account_is_granted_nothing_on_risks(people):
    for user in people.values():
        user.is_active = False
        assert not policy.reads_risks(user)
        assert policy.risks_read_q(user) == policy.NOTHING
        assert policy.acceptance_authority(user, direction_id=1, pole_id=1) == 0
