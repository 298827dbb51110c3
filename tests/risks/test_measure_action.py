"""A planned measure can be followed as a meeting action: created with the measure, at the next
meeting of the risk's pôle (else the next CDS), once, and its closing closes the measure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from meetings import services as meetings_services
from meetings.models import Action
from risks import services
from risks.models import Measure
from sg_portal.journal.models import Entry
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(cast):
    bodies = factories.make_bodies()
    return {
        "past_pole": factories.make_meeting(bodies["pole-solidarites"], days=-3),
        "pole": factories.make_meeting(bodies["pole-solidarites"], days=5),
        "later_pole": factories.make_meeting(bodies["pole-solidarites"], days=12),
        "cds": factories.make_meeting(bodies["cds"], days=2),
    }


def _data(owner, **extra):
    return {
        "title": "Former les instructeurs",
        "owner": owner,
        "due_date": timezone.localdate() + dt.timedelta(days=30),
        "action": None,
        "milestone": None,
        "follow_as_action": True,
        **extra,
    }


def test_the_action_is_created_once_at_the_next_pole_meeting_and_closes_the_measure(
    make_risk, dir_dases, meetings
):
    risk = make_risk()
    assert risk.pole is not None and risk.pole.code == "solidarites"
    measure = services.measure_create(actor=dir_dases, risk=risk, data=_data(dir_dases))
    again = services.measure_create(actor=dir_dases, risk=risk, data=_data(dir_dases))
    assert again.pk == measure.pk
    action = Action.objects.get()
    assert measure.action_id == action.pk and action.meeting == meetings["pole"]
    assert (action.title, action.owner, action.due_date) == (
        measure.title,
        measure.owner,
        measure.due_date,
    )
    assert Entry.objects.filter(action="risks.measure.create").count() == 1
    assert measure.is_open
    meetings_services.action_close(action=action, actor=dir_dases)
    measure = Measure.objects.get(pk=measure.pk)
    assert measure.status_choice == "realisee" and not measure.is_open


def test_a_city_wide_risk_is_followed_at_the_next_cds(make_risk, sg_user, meetings):
    risk = make_risk(scope="ville", direction=None, owner=sg_user)
    measure = services.measure_create(actor=sg_user, risk=risk, data=_data(sg_user))
    assert measure.action.meeting == meetings["cds"]


def test_without_any_meeting_ahead_nothing_is_created(make_risk, dir_dases, cast):
    from django.core.exceptions import ValidationError

    risk = make_risk()
    with pytest.raises(ValidationError):
        services.measure_create(actor=dir_dases, risk=risk, data=_data(dir_dases))
    assert not Action.objects.exists() and not Measure.objects.exists()


@pytest.mark.parametrize(
    ("username", "code"),
    [("dir.dases", 302), ("cm.demo", 403), ("cadre.demo", 404)],
)
def test_the_form_offers_it_per_role(client, make_risk, cast, meetings, username, code):
    risk = make_risk()
    client.force_login(cast[username])
    url = f"/risques/{risk.pk}/mesures/nouvelle/"
    if code == 302:
        assert "Suivre comme action de réunion" in client.get(url).text
    data = {
        "title": "Former les instructeurs",
        "owner": cast["dir.dases"].pk,
        "due_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "follow_as_action": "on",
    }
    response = client.post(url, data)
    assert response.status_code == code
    client.post(url, data)
    expected = 1 if code == 302 else 0
    assert Action.objects.filter(meeting=meetings["pole"]).count() == expected
    assert Measure.objects.filter(action__isnull=False).count() == expected


def test_the_form_refuses_both_an_existing_action_and_a_new_one(
    client, make_risk, dir_dases, meetings
):
    risk = make_risk()
    existing = Action.objects.create(
        meeting=meetings["cds"], title="Déjà", owner=dir_dases, due_date=timezone.localdate()
    )
    client.force_login(dir_dases)
    response = client.post(
        f"/risques/{risk.pk}/mesures/nouvelle/",
        {
            "title": "Former les instructeurs",
            "owner": dir_dases.pk,
            "due_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
            "action": existing.pk,
            "follow_as_action": "on",
        },
    )
    assert response.status_code == 200
    assert "ne cochez pas cette case" in response.text
    assert "Former les instructeurs" in response.text
    assert Action.objects.count() == 1 and not Measure.objects.exists()
