"""The consultation: the deadline's floor, the requests and reminders sent once each, the
silence recorded once at the deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from orientations import services
from orientations.models import Orientation, Verdict
from sg_portal.journal.models import Entry
from sg_portal.outbox.models import Email
from tests.orientations.conftest import TODAY
from tests.race import at_once


def _officials(cast):
    return [cast["elu.adjoint"].elected_official, cast["elu.arrondissement"].elected_official]


@pytest.mark.django_db
def test_a_deadline_in_the_past_or_too_close_without_reason_is_refused(cast, make_orientation):
    orientation = make_orientation("recommended")
    sg = cast["sg.demo"]
    for deadline, reason, field in [
        (TODAY - dt.timedelta(days=1), "", "deadline"),
        (TODAY, "", "deadline"),
        (TODAY + dt.timedelta(days=10), "", "urgency_reason"),
    ]:
        with pytest.raises(ValidationError) as error:
            services.consultation_open(
                actor=sg,
                orientation=orientation,
                officials=_officials(cast),
                deadline=deadline,
                urgency_reason=reason,
                today=TODAY,
            )
        assert field in error.value.message_dict
    assert services.consultation_open(
        actor=sg,
        orientation=orientation,
        officials=_officials(cast),
        deadline=TODAY + dt.timedelta(days=10),
        urgency_reason="Séance de décembre",
        today=TODAY,
    )


@pytest.mark.django_db
def test_each_official_is_asked_once_by_email_the_elu_and_cabinet_included(cast, make_orientation):
    orientation = make_orientation("consultation")
    emails = Email.objects.filter(purpose="orientations.opinion_request")
    assert emails.count() == 2
    adjointe = emails.get(
        key__endswith=f":{orientation.requests.get(official=cast['elu.adjoint'].elected_official).pk}"
    )
    assert set(adjointe.to) >= {"elu.adjoint@paris.fr", "cab.adjoint@paris.fr"}
    assert f"/arbitrages/{orientation.pk}/avis/" in adjointe.body
    # a second click on « ouvrir » changes nothing
    assert not services.consultation_open(
        actor=cast["sg.demo"],
        orientation=orientation,
        officials=_officials(cast),
        deadline=TODAY + dt.timedelta(days=20),
        today=TODAY,
    )
    assert emails.count() == 2


@pytest.mark.django_db
def test_reminders_five_and_one_days_before_once_each_only_to_the_silent(cast, make_orientation):
    orientation = make_orientation("consultation")  # deadline TODAY + 15
    answered = orientation.requests.get(official=cast["elu.adjoint"].elected_official)
    services.opinion_give(
        actor=cast["elu.adjoint"],
        request=answered,
        verdict=Verdict.FAVOURABLE,
        text="",
        today=TODAY,
    )
    reminders = Email.objects.filter(purpose="orientations.opinion_reminder")
    assert services.opinion_reminders_queue(today=TODAY + dt.timedelta(days=5)) == 0
    for day in (10, 10, 11, 12):  # J-5, again, J-4, J-3
        services.opinion_reminders_queue(today=TODAY + dt.timedelta(days=day))
    assert list(reminders.values_list("key", flat=True)) == [
        f"orientations.opinion_reminder:{orientation.requests.get(verdict='').pk}:J-5"
    ]
    for day in (14, 14, 15):
        services.opinion_reminders_queue(today=TODAY + dt.timedelta(days=day))
    assert reminders.count() == 2
    assert {tuple(e.to) for e in reminders} == {("elu.arrondissement@paris.fr",)}


@pytest.mark.django_db(transaction=True)
def test_the_silence_at_the_deadline_is_recorded_once_by_racing_ticks(cast, make_orientation):
    orientation = make_orientation("consultation")
    after = TODAY + dt.timedelta(days=16)
    assert services.consultations_close_due(today=TODAY + dt.timedelta(days=15)) == 0
    results = at_once(
        lambda: services.consultations_close_due(today=after),
        lambda: services.consultations_close_due(today=after),
    )
    assert sorted(results) == [0, 1]
    orientation.refresh_from_db()
    assert orientation.status == Orientation.Status.AWAITING
    assert set(orientation.requests.values_list("verdict", flat=True)) == {Verdict.DEEMED}
    assert Entry.objects.filter(action="orientations.opinion.deemed").count() == 2
    assert Entry.objects.filter(action="orientations.consultation.close").count() == 1
