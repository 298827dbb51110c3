"""The role policy, rule by rule, for every person of the named cast.

Each table row is one person; each test one rule of `directions.policy`. A rule stated as a `Q`
is read back over the demo organisation (the directions it keeps, the users it convenes), so the
table says in the SG's words what each person may do.
"""

from __future__ import annotations

import pytest

from directions import policy
from directions.models import Direction, User
from meetings.models import Body

pytestmark = pytest.mark.django_db

CAST = [
    "dir.dases",
    "ref.dases",
    "dir.drh",
    "sg.demo",
    "delegue.demo",
    "adjoint.demo",
    "cm.demo",
    "cp.demo",
    "cadre.demo",
    "admin.demo",
    "outsider",
]
ALL = "toutes"
NONE = "aucune"
SOLIDARITES = "pôle Solidarités"
RESSOURCES = "pôle Ressources"


@pytest.fixture
def cast(cast, outsider) -> dict[str, User]:
    return {**cast, "outsider": outsider}


def _directions(q) -> str | set[str]:
    """The directions a rule keeps, named as the tables below name them."""
    kept = set(Direction.objects.filter(q).values_list("code", flat=True))
    if kept == set(Direction.objects.values_list("code", flat=True)):
        return ALL
    if not kept:
        return NONE
    for name, code in ((SOLIDARITES, "solidarites"), (RESSOURCES, "ressources")):
        if kept == set(Direction.objects.filter(pole__code=code).values_list("code", flat=True)):
            return name
    return kept


def _check(cast, table: dict[str, object], rule) -> None:
    assert set(table) == set(CAST), "every person of the cast has a row"
    found = {name: rule(cast[name]) for name in CAST}
    wrong = {name: (found[name], table[name]) for name in CAST if found[name] != table[name]}
    assert not wrong, f"(found, expected) by person: {wrong}"


def test_who_reads_the_whole_city(cast):
    _check(
        cast,
        {
            "dir.dases": False,
            "ref.dases": False,
            "dir.drh": False,
            "sg.demo": True,
            "delegue.demo": True,
            "adjoint.demo": True,
            "cm.demo": True,
            "cp.demo": False,
            "cadre.demo": False,
            "admin.demo": True,
            "outsider": False,
        },
        policy.reads_whole_city,
    )


def test_whose_reports_and_dashboards_each_person_reads(cast):
    _check(
        cast,
        {
            "dir.dases": {"DASES"},
            "ref.dases": {"DASES"},
            "dir.drh": {"DRH"},
            "sg.demo": ALL,
            "delegue.demo": ALL,
            "adjoint.demo": ALL,
            "cm.demo": ALL,
            "cp.demo": NONE,
            "cadre.demo": NONE,
            "admin.demo": ALL,
            "outsider": NONE,
        },
        lambda user: _directions(policy.reporting_directions_q(user)),
    )


def test_whose_organisation_each_person_reads(cast):
    _check(
        cast,
        {
            "dir.dases": {"DASES"},
            "ref.dases": {"DASES"},
            "dir.drh": {"DRH"},
            "sg.demo": ALL,
            "delegue.demo": ALL,
            "adjoint.demo": ALL,
            "cm.demo": ALL,
            "cp.demo": {"DGM"},
            "cadre.demo": {"DVD"},
            "admin.demo": ALL,
            "outsider": NONE,
        },
        lambda user: _directions(policy.organisation_directions_q(user)),
    )


def test_who_files_for_which_direction(cast):
    _check(
        cast,
        {
            "dir.dases": {"DASES"},
            "ref.dases": {"DASES"},
            "dir.drh": {"DRH"},
            "sg.demo": NONE,
            "delegue.demo": NONE,
            "adjoint.demo": NONE,
            "cm.demo": NONE,
            "cp.demo": NONE,
            "cadre.demo": NONE,
            "admin.demo": NONE,
            "outsider": NONE,
        },
        lambda user: _directions(policy.filed_directions_q(user)),
    )


def test_who_reviews_which_direction(cast):
    """The Secrétaire générale and the délégué·e review every direction, an SG adjoint·e the
    directions of their pôle, nobody else any."""
    _check(
        cast,
        {
            "dir.dases": NONE,
            "ref.dases": NONE,
            "dir.drh": NONE,
            "sg.demo": ALL,
            "delegue.demo": ALL,
            "adjoint.demo": SOLIDARITES,
            "cm.demo": NONE,
            "cp.demo": NONE,
            "cadre.demo": NONE,
            "admin.demo": NONE,
            "outsider": NONE,
        },
        lambda user: _directions(policy.reviewed_directions_q(user)),
    )


def test_who_edits_every_project_and_who_creates_one(cast):
    _check(
        cast,
        {
            "dir.dases": (False, True),
            "ref.dases": (False, False),
            "dir.drh": (False, True),
            "sg.demo": (True, True),
            "delegue.demo": (True, True),
            "adjoint.demo": (True, True),
            "cm.demo": (False, False),
            "cp.demo": (False, False),
            "cadre.demo": (False, False),
            "admin.demo": (True, True),
            "outsider": (False, False),
        },
        lambda user: (policy.edits_every_project(user), policy.creates_projects(user)),
    )


@pytest.fixture
def portfolio(cast) -> dict[str, int]:
    """Four projects: DASES's with a chef de projet, DASES's and DRH's without one, and DVD's
    followed by the SG adjointe of the pôle Solidarités."""
    import datetime as dt

    from projects.models import Project

    def make(name: str, code: str, **extra) -> int:
        return Project.objects.create(
            name=name,
            kind=Project.Kind.ENGAGEMENT,
            lead_direction=Direction.objects.get(code=code),
            start_date=dt.date(2026, 1, 5),
            planned_end=dt.date(2027, 12, 31),
            **extra,
        ).pk

    return {
        "P1": make("P1", "DASES", chef_projet=cast["cp.demo"]),
        "P2": make("P2", "DRH"),
        "P3": make("P3", "DASES"),
        "P4": make("P4", "DVD", sg_adjoint=cast["adjoint.demo"]),
    }


def _projects(q) -> str | set[str]:
    from projects.models import Project

    kept = set(Project.objects.filter(q).values_list("name", flat=True))
    return ALL if kept == {"P1", "P2", "P3", "P4"} else kept


def test_which_projects_each_person_edits_posts_for_and_acknowledges(cast, portfolio):
    """(edits, posts the fortnightly status of, acknowledges the status of)."""
    _check(
        cast,
        {
            "dir.dases": ({"P1", "P3"}, {"P3"}, set()),
            "ref.dases": ({"P1", "P3"}, {"P3"}, set()),
            "dir.drh": ({"P2"}, {"P2"}, set()),
            "sg.demo": (ALL, set(), ALL),
            "delegue.demo": (ALL, set(), ALL),
            "adjoint.demo": (ALL, set(), {"P1", "P3", "P4"}),
            "cm.demo": (set(), set(), set()),
            "cp.demo": ({"P1"}, {"P1"}, set()),
            "cadre.demo": (set(), set(), set()),
            "admin.demo": (ALL, set(), set()),
            "outsider": (set(), set(), set()),
        },
        lambda user: (
            _projects(policy.edited_projects_q(user)),
            _projects(policy.status_posted_q(user)),
            _projects(policy.status_reviewed_q(user, project="")),
        ),
    )


def test_whose_milestones_concern_each_person(cast, portfolio):
    _check(
        cast,
        {
            "dir.dases": {"P1", "P3"},
            "ref.dases": {"P1", "P3"},
            "dir.drh": {"P2"},
            "sg.demo": ALL,
            "delegue.demo": ALL,
            "adjoint.demo": {"P1", "P3", "P4"},
            "cm.demo": ALL,
            "cp.demo": {"P1"},
            "cadre.demo": {"P4"},
            "admin.demo": ALL,
            "outsider": set(),
        },
        lambda user: _projects(policy.followed_projects_q(user, project="")),
    )


def test_who_updates_which_deliberations(cast):
    _check(
        cast,
        {
            "dir.dases": {"DASES"},
            "ref.dases": {"DASES"},
            "dir.drh": {"DRH"},
            "sg.demo": ALL,
            "delegue.demo": ALL,
            "adjoint.demo": ALL,
            "cm.demo": NONE,
            "cp.demo": NONE,
            "cadre.demo": NONE,
            "admin.demo": ALL,
            "outsider": NONE,
        },
        lambda user: _directions(policy.edited_deliberations_q(user, direction="")),
    )


def test_who_sees_every_meeting_and_proposes_to_it(cast):
    _check(
        cast,
        {
            "dir.dases": (False, False, True),
            "ref.dases": (False, False, False),
            "dir.drh": (False, False, True),
            "sg.demo": (True, True, False),
            "delegue.demo": (True, True, False),
            "adjoint.demo": (True, True, False),
            "cm.demo": (True, True, False),
            "cp.demo": (False, False, False),
            "cadre.demo": (False, False, False),
            "admin.demo": (True, False, False),
            "outsider": (False, False, False),
        },
        lambda user: (
            policy.sees_every_meeting(user),
            policy.proposes_to_visible_meetings(user),
            policy.proposes_as_member(user),
        ),
    )


@pytest.mark.parametrize("body_code", ["cds", "pole-solidarites", "charges-mission", "auditorium"])
def test_who_each_body_convenes_by_the_organisation(cast, body_code):
    """The rule as a query (the mailing list) and as a test on one person (the pages) agree,
    and say who sits in each body."""
    from meetings import demo

    body = demo._bodies()[body_code]
    table = {
        "cds": {"dir.dases", "dir.drh", "sg.demo", "delegue.demo", "adjoint.demo"},
        "pole-solidarites": {"dir.dases", "adjoint.demo", "cm.demo"},
        "charges-mission": {"sg.demo", "cm.demo"},
        "auditorium": {
            "dir.dases",
            "dir.drh",
            "sg.demo",
            "delegue.demo",
            "adjoint.demo",
            "cadre.demo",
            "outsider",
        },
    }[body_code]
    convened = set(
        User.objects.filter(policy.convened_q(body.kind, body.pole_id)).values_list(
            "username", flat=True
        )
    )
    _check(
        cast,
        {name: name in table for name in CAST},
        lambda user: policy.is_convened(user, body.kind, body.pole_id),
    )
    assert {name for name in CAST if name in convened} == table


def test_who_prepares_a_body_is_its_chair_and_the_charges_de_mission_named_for_it(cast):
    from meetings import demo

    cds = demo._bodies()["cds"]
    preparers = {u.pk for u in cds.preparers.all()}
    _check(
        cast,
        {name: name in {"sg.demo", "cm.demo"} for name in CAST},
        lambda user: policy.prepares_body(user, chair_id=cds.chair_id, preparer_ids=preparers),
    )


def test_which_directions_a_body_looks_at(cast):
    from directions.models import Pole

    solidarites = Pole.objects.get(code="solidarites").pk
    assert _directions(policy.body_directions_q(policy.BODY_POLE, solidarites)) == SOLIDARITES
    cds = Direction.objects.filter(policy.body_directions_q(policy.BODY_CDS, None))
    assert set(cds.values_list("kind", flat=True)) == {Direction.Kind.DIRECTION}
    assert "DASES" in set(cds.values_list("code", flat=True))
    assert _directions(policy.body_directions_q(policy.BODY_AUDITORIUM, None)) == NONE


def test_the_policy_names_the_bodies_as_the_meetings_app_stores_them():
    assert {
        policy.BODY_CDS,
        policy.BODY_POLE,
        policy.BODY_CHARGES_MISSION,
        policy.BODY_AUDITORIUM,
    } == set(Body.Kind.values)


def test_administration_and_the_sg_side(cast):
    _check(
        cast,
        {
            "dir.dases": (False, False),
            "ref.dases": (False, False),
            "dir.drh": (False, False),
            "sg.demo": (False, True),
            "delegue.demo": (False, True),
            "adjoint.demo": (False, True),
            "cm.demo": (False, True),
            "cp.demo": (False, True),
            "cadre.demo": (False, False),
            "admin.demo": (True, True),
            "outsider": (False, False),
        },
        lambda user: (policy.manages_catalogue(user), policy.works_for_sg(user)),
    )


def test_an_inactive_account_is_granted_nothing(cast):
    for name in CAST:
        user = cast[name]
        user.is_active = False
        assert not policy.reads_whole_city(user), name
        assert policy.reporting_directions_q(user) == policy.NOTHING, name
        assert policy.reviewed_directions_q(user) == policy.NOTHING, name
        assert policy.filed_directions_q(user) == policy.NOTHING, name
        assert policy.edited_projects_q(user) == policy.NOTHING, name
        assert not policy.sees_every_meeting(user), name
        assert not policy.is_convened(user, policy.BODY_AUDITORIUM, None), name


def test_recipients_of_reminders_and_escalations(cast, dases):
    def usernames(q) -> set[str]:
        return set(User.objects.filter(q).values_list("username", flat=True)) & set(CAST)

    assert usernames(policy.direction_filers_q(dases.pk)) == {"dir.dases", "ref.dases"}
    assert usernames(policy.direction_directors_q(dases.pk)) == {"dir.dases"}
    assert usernames(policy.pole_reviewers_q(dases.pole_id)) == {"adjoint.demo"}
    assert usernames(policy.pole_reviewers_q(None)) == set()
    assert usernames(policy.secretaire_generale_q()) == {"sg.demo"}
    assert usernames(policy.sg_staff_q()) == {"sg.demo", "delegue.demo", "adjoint.demo"}


def test_no_app_reads_a_role_outside_the_policy():
    """Apps ask `directions.policy`; a rule re-derived from `user.role` elsewhere drifts (the
    demo data, which names each account's role, and the migrations are exempt)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    forbidden = re.compile(
        r"\.role\b|\bRole\.|\b(SG_ROLES|DIRECTION_ROLES)\b"
        r"|(?<!policy\.)\b(is_sg_staff|is_direction_member|is_administrator)\b"
    )
    found = []
    for app in (
        "indicators",
        "meetings",
        "projects",
        "risks",
        "orientations",
        "communication",
        "sg_portal",
    ):
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" in path.parts or path.name.startswith("demo"):
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if forbidden.search(line):
                    found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert not found, "ask directions.policy instead:\n" + "\n".join(found)
