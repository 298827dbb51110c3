import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from directions.models import Direction
from projects.models import Deliberation, SittingChange
from projects.services import deliberation_declare, deliberation_update
from sg_portal.journal.models import Entry

from .conftest import paris

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(paris(2026, 11, 28), tick=False):
        yield


@pytest.fixture
def feb(make_sitting):
    return make_sitting(dt.date(2027, 2, 9))


@pytest.fixture
def mar(make_sitting):
    return make_sitting(dt.date(2027, 3, 9))


def test_a_director_declares_with_a_reference_numbered_by_year_and_direction(dir_dases, dases, feb):
    first = deliberation_declare(by=dir_dases, direction=dases, title="Santé", sitting=feb)
    second = deliberation_declare(by=dir_dases, direction=dases, title="Enfance", sitting=feb)
    assert first.reference == "2027 DASES 1"
    assert second.reference == "2027 DASES 2"
    assert str(second) == "2027 DASES 2 — Enfance"
    assert SittingChange.objects.get(deliberation=first).to_sitting == feb
    assert Entry.objects.filter(action="projects.deliberation.declare").count() == 2


def test_a_direction_declares_only_its_own_deliberations(dir_drh, dases, feb, sg_user):
    with pytest.raises(PermissionDenied):
        deliberation_declare(by=dir_drh, direction=dases, title="Santé", sitting=feb)
    with pytest.raises(PermissionDenied):
        deliberation_declare(by=sg_user, direction=dases, title="Santé", sitting=feb)


def test_a_past_sitting_cannot_be_aimed_at(dir_dases, dases, make_sitting):
    past = make_sitting(dt.date(2026, 11, 10))
    with pytest.raises(ValidationError):
        deliberation_declare(by=dir_dases, direction=dases, title="Trop tard", sitting=past)


def test_moving_to_a_later_sitting_keeps_the_history_as_a_slip(dir_dases, dases, feb, mar):
    deliberation = deliberation_declare(by=dir_dases, direction=dases, title="Santé", sitting=feb)
    deliberation_update(
        deliberation=deliberation,
        by=dir_dases,
        title="Santé",
        sitting=mar,
        status=Deliberation.Status.REPORTEE,
        project=None,
        reason="Avis de la CNIL attendu",
    )
    changes = list(deliberation.sitting_changes.order_by("pk"))
    assert [(c.from_sitting, c.to_sitting, c.slipped) for c in changes] == [
        (None, feb, False),
        (feb, mar, True),
    ]
    assert changes[1].reason == "Avis de la CNIL attendu"
    deliberation.refresh_from_db()
    assert deliberation.sitting == mar and deliberation.reference == "2027 DASES 1"


def test_another_direction_cannot_update_it_but_the_sg_can(dir_dases, dir_drh, sg_user, dases, feb):
    deliberation = deliberation_declare(by=dir_dases, direction=dases, title="Santé", sitting=feb)
    kwargs = {"title": "Santé", "sitting": feb, "project": None}
    with pytest.raises(PermissionDenied):
        deliberation_update(deliberation=deliberation, by=dir_drh, status="inscrite", **kwargs)
    deliberation_update(deliberation=deliberation, by=sg_user, status="inscrite", **kwargs)
    deliberation.refresh_from_db()
    assert deliberation.status == Deliberation.Status.INSCRITE


def test_declaring_through_the_form_keeps_what_was_typed_on_error(client, dir_dases, feb):
    client.force_login(dir_dases)
    response = client.post(
        "/deliberations/nouvelle/",
        {"title": "Subventions", "sitting": "999999", "status": "preparation"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choisissez une séance à venir." in page
    assert "Subventions" in page
    response = client.post(
        "/deliberations/nouvelle/",
        {"title": "Subventions", "sitting": feb.pk, "status": "preparation"},
    )
    deliberation = Deliberation.objects.get()
    assert response.status_code == 302 and response["Location"] == deliberation.get_absolute_url()
    assert deliberation.direction == Direction.objects.get(code="DASES")


def test_the_form_refuses_a_postponement_that_does_not_move_later(client, dir_dases, dases, feb):
    deliberation = deliberation_declare(by=dir_dases, direction=dases, title="Santé", sitting=feb)
    client.force_login(dir_dases)
    response = client.post(
        f"/deliberations/{deliberation.pk}/modifier/",
        {"title": "Santé", "sitting": feb.pk, "status": "reportee"},
    )
    assert "Une délibération reportée vise une séance plus tardive." in response.content.decode()
