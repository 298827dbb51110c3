"""A direction declares and updates its deliberations; their inscription on the Conseil de
Paris' agenda and their vote are the SG's to record."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects.models import Deliberation
from projects.services import deliberation_declare, deliberation_update

from .conftest import paris

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(paris(2026, 11, 28), tick=False):
        yield


@pytest.fixture
def deliberation(dir_dases, dases, make_sitting):
    feb = make_sitting(dt.date(2027, 2, 9))
    return deliberation_declare(by=dir_dases, direction=dases, title="Santé", sitting=feb)


def _update(deliberation, by, status):
    return deliberation_update(
        deliberation=deliberation,
        by=by,
        title=deliberation.title,
        sitting=deliberation.sitting,
        status=status,
        project=None,
    )


def test_a_director_cannot_mark_their_deliberation_inscribed_or_voted(deliberation, dir_dases):
    for status in (Deliberation.Status.INSCRITE, Deliberation.Status.VOTEE):
        with pytest.raises(ValidationError) as refused:
            _update(deliberation, dir_dases, status)
        assert "Secrétariat général" in refused.value.message_dict["status"][0]
    deliberation.refresh_from_db()
    assert deliberation.status == Deliberation.Status.PREPARATION


def test_a_director_still_updates_what_is_theirs(deliberation, dir_dases):
    _update(deliberation, dir_dases, Deliberation.Status.TRANSMISE)
    deliberation.refresh_from_db()
    assert deliberation.status == Deliberation.Status.TRANSMISE


def test_the_sg_records_the_inscription_and_the_vote(deliberation, sg_user, dir_dases):
    _update(deliberation, sg_user, Deliberation.Status.INSCRITE)
    # once inscribed, the direction does not take it out of the Conseil's agenda itself
    with pytest.raises(ValidationError):
        _update(deliberation, dir_dases, Deliberation.Status.PREPARATION)
    _update(deliberation, sg_user, Deliberation.Status.VOTEE)
    deliberation.refresh_from_db()
    assert deliberation.status == Deliberation.Status.VOTEE


def test_a_director_cannot_declare_a_deliberation_already_voted(dir_dases, dases, make_sitting):
    feb = make_sitting(dt.date(2027, 2, 9))
    with pytest.raises(ValidationError):
        deliberation_declare(
            by=dir_dases,
            direction=dases,
            title="Santé",
            sitting=feb,
            status=Deliberation.Status.VOTEE,
        )


def test_the_directors_form_offers_neither_inscription_nor_vote(
    client, deliberation, dir_dases, sg_user
):
    url = reverse("projects:deliberation_edit", args=[deliberation.pk])
    client.force_login(dir_dases)
    page = client.get(url).content.decode()
    assert 'value="votee"' not in page and 'value="inscrite"' not in page
    assert "enregistrés par le Secrétariat général" in page
    response = client.post(
        url,
        {"title": "Santé", "sitting": deliberation.sitting_id, "status": "votee", "reason": ""},
    )
    assert response.status_code == 200  # refused, shown again
    deliberation.refresh_from_db()
    assert deliberation.status == Deliberation.Status.PREPARATION
    client.force_login(sg_user)
    assert 'value="votee"' in client.get(url).content.decode()


def test_an_inscribed_deliberation_shows_its_state_to_the_director_without_changing_it(
    client, deliberation, dir_dases, sg_user
):
    _update(deliberation, sg_user, Deliberation.Status.INSCRITE)
    url = reverse("projects:deliberation_edit", args=[deliberation.pk])
    client.force_login(dir_dases)
    page = client.get(url).content.decode()
    assert "seul lui peut les changer" in page
    # the title can still be corrected; the state stays the SG's
    response = client.post(
        url,
        {
            "title": "Santé publique",
            "sitting": deliberation.sitting_id,
            "status": "preparation",
            "reason": "",
        },
    )
    assert response.status_code == 302
    deliberation.refresh_from_db()
    assert deliberation.title == "Santé publique"
    assert deliberation.status == Deliberation.Status.INSCRITE
