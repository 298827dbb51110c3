"""A treatment measure still open past its due date is alerted to its owner by the risk tick,
once per due date; a measure done, abandoned, done through what it follows, or of a closed
risk, never; a measure tracked as its owner's own meeting action is alerted as that action."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from meetings import services as meetings_services
from risks import reminders, services, tasks
from risks.models import Measure, Risk
from sg_portal.notifications.kinds import Reason
from sg_portal.notifications.models import Notification
from sg_portal.notifications.services import preferences_set
from sg_portal.outbox.models import Email
from tests import factories
from tests.race import at_once

pytestmark = pytest.mark.django_db


def _measure(risk, owner, *, days: int, title="Former les instructeurs", **extra) -> Measure:
    return services.measure_create(
        actor=risk.owner,
        risk=risk,
        data={
            "title": title,
            "owner": owner,
            "due_date": timezone.localdate() + dt.timedelta(days=days),
            "action": None,
            "milestone": None,
            **extra,
        },
    )


def _alerts():
    return Notification.objects.filter(kind="risks.measure_overdue")


def test_an_overdue_measure_is_alerted_to_its_owner_once_by_the_risk_tick(
    make_risk, dir_dases, ref_dases
):
    risk = make_risk(owner=dir_dases)
    late = _measure(risk, ref_dases, days=-1)
    _measure(risk, ref_dases, days=0, title="Mesure du jour")  # due today: not late yet
    assert tasks.tick.run()["overdue"] == 1
    assert tasks.tick.run()["overdue"] == 0  # a second tick
    alert = _alerts().get()
    assert alert.recipient == ref_dases and alert.reason == Reason.DATE_ALERT
    assert alert.key == f"risks.measure_overdue:{late.pk}:{late.due_date.isoformat()}"
    assert alert.url == f"/risques/{risk.pk}/#mesure-{late.pk}" and alert.about_id == late.pk
    assert "Former les instructeurs" in alert.title and risk.title in alert.body


def test_a_measure_done_abandoned_or_of_a_closed_risk_is_never_alerted(make_risk, dir_dases):
    risk = make_risk(owner=dir_dases)
    done = _measure(risk, dir_dases, days=-2, title="Réalisée")
    services.measure_set_status(actor=dir_dases, measure=done, status=Measure.Status.DONE)
    dropped = _measure(risk, dir_dases, days=-2, title="Abandonnée")
    services.measure_set_status(actor=dir_dases, measure=dropped, status=Measure.Status.ABANDONED)
    closed_risk = make_risk(owner=dir_dases)
    _measure(closed_risk, dir_dases, days=-2, title="D'un risque clos")
    Risk.objects.filter(pk=closed_risk.pk).update(state=Risk.State.CLOSED)
    assert reminders.measures_overdue(today=timezone.localdate()) == 0
    assert not _alerts().exists()


def test_a_measure_done_through_its_closed_meeting_action_is_not_alerted(
    make_risk, dir_dases, ref_dases
):
    cds = factories.make_bodies()["cds"]
    action = meetings_services.action_create(
        meeting=factories.make_meeting(cds, days=-14),
        actor=dir_dases,
        title="Action suivie",
        owner=dir_dases,
        due_date=timezone.localdate() - dt.timedelta(days=1),
    )
    risk = make_risk(owner=dir_dases)
    _measure(risk, ref_dases, days=-1, action=action)  # another owner than the action's
    meetings_services.action_close(action=action, actor=dir_dases)
    assert reminders.measures_overdue(today=timezone.localdate()) == 0


def test_a_measure_tracked_as_its_owners_meeting_action_is_alerted_once_as_that_action(
    make_risk, dir_dases
):
    factories.make_meeting(factories.make_bodies()["pole-solidarites"], days=5)
    risk = make_risk(owner=dir_dases)
    measure = _measure(risk, dir_dases, days=-1, follow_as_action=True)
    assert measure.action is not None and measure.action.owner == dir_dases
    today = timezone.localdate()
    assert reminders.measures_overdue(today=today) == 0
    assert meetings_services.action_overdue_alerts(today=today) == 1
    assert list(Notification.objects.values_list("kind", flat=True)) == ["meetings.action_overdue"]


def test_a_new_due_date_once_passed_gives_a_new_alert(make_risk, dir_dases):
    risk = make_risk(owner=dir_dases)
    measure = _measure(risk, dir_dases, days=-1)
    today = timezone.localdate()
    assert reminders.measures_overdue(today=today) == 1
    new_due = today + dt.timedelta(days=20)
    Measure.objects.filter(pk=measure.pk).update(due_date=new_due)
    assert reminders.measures_overdue(today=new_due) == 0
    assert reminders.measures_overdue(today=new_due + dt.timedelta(days=1)) == 1
    assert reminders.measures_overdue(today=new_due + dt.timedelta(days=3)) == 0
    assert _alerts().count() == 2


def test_the_owner_may_have_it_in_the_portal_only(make_risk, dir_dases, ref_dases):
    preferences_set(user=ref_dases, deliveries={"risks.measure_overdue": "portal"}, digest_hour=8)
    risk = make_risk(owner=dir_dases)
    _measure(risk, ref_dases, days=-1, title="La sienne")
    _measure(risk, dir_dases, days=-1, title="La mienne")
    assert reminders.measures_overdue(today=timezone.localdate()) == 2
    assert _alerts().get(recipient=ref_dases).delivery == "portal"
    assert _alerts().get(recipient=dir_dases).delivery == "digest"  # the kind's default
    assert not Email.objects.filter(purpose="notifications.immediate").exists()


@pytest.mark.django_db(transaction=True)
def test_two_ticks_racing_alert_an_overdue_measure_once(make_risk, dir_dases):
    _measure(make_risk(owner=dir_dases), dir_dases, days=-1)
    today = timezone.localdate()
    results = at_once(
        lambda: reminders.measures_overdue(today=today),
        lambda: reminders.measures_overdue(today=today),
    )
    assert sorted(results) == [0, 1]
    assert _alerts().count() == 1
