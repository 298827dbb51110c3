"""An open action past its due date is alerted to its owner the day after, once per due date,
by the actions' periodic task; a closed action never; a new due date, once passed, again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from meetings import services, tasks
from meetings.models import Action
from sg_portal.notifications.kinds import Reason
from sg_portal.notifications.models import Notification
from sg_portal.outbox.models import Email
from tests.race import at_once

from .conftest import make_meeting

pytestmark = pytest.mark.django_db


def _action(meeting, owner, *, days: int, title="Transmettre le tableau"):
    return services.action_create(
        meeting=meeting,
        actor=owner,
        title=title,
        owner=owner,
        due_date=timezone.localdate() + dt.timedelta(days=days),
    )


def _alerts():
    return Notification.objects.filter(kind="meetings.action_overdue")


def test_an_overdue_action_is_alerted_to_its_owner_once_by_the_periodic_task(
    cds, charge_mission, dir_drh
):
    past = make_meeting(cds, days=-14)
    late = _action(past, dir_drh, days=-1, title="Relancer les directions")
    _action(past, dir_drh, days=0, title="Action du jour")  # due today: not late yet
    assert tasks.remind_actions.run() == 2  # the reminder of today's action, and the alert
    assert tasks.remind_actions.run() == 0  # a second tick
    alert = _alerts().get()
    assert alert.recipient == dir_drh and alert.reason == Reason.DATE_ALERT
    assert alert.key == f"meetings.action_overdue:{late.pk}:{late.due_date:%Y-%m-%d}"
    assert alert.about_id == late.pk and alert.url == f"/reunions/{past.pk}/#actions"
    assert "Relancer les directions" in alert.title


def test_a_closed_action_is_never_alerted(cds, dir_drh):
    past = make_meeting(cds, days=-14)
    action = _action(past, dir_drh, days=-2)
    assert services.action_close(action=action, actor=dir_drh)
    assert services.action_overdue_alerts(today=timezone.localdate()) == 0
    assert not _alerts().exists()


def test_a_new_due_date_once_passed_gives_a_new_alert(cds, dir_drh):
    past = make_meeting(cds, days=-14)
    action = _action(past, dir_drh, days=-1)
    today = timezone.localdate()
    assert services.action_overdue_alerts(today=today) == 1
    new_due = today + dt.timedelta(days=10)
    Action.objects.filter(pk=action.pk).update(due_date=new_due)
    assert services.action_overdue_alerts(today=today) == 0  # no longer late
    assert services.action_overdue_alerts(today=new_due) == 0  # due that day: not late yet
    assert services.action_overdue_alerts(today=new_due + dt.timedelta(days=1)) == 1
    assert services.action_overdue_alerts(today=new_due + dt.timedelta(days=2)) == 0
    assert sorted(_alerts().values_list("key", flat=True)) == [
        f"meetings.action_overdue:{action.pk}:{today - dt.timedelta(days=1):%Y-%m-%d}",
        f"meetings.action_overdue:{action.pk}:{new_due:%Y-%m-%d}",
    ]


def test_a_stopped_beat_catches_up_within_a_week_but_old_lateness_is_not_announced(cds, dir_drh):
    past = make_meeting(cds, days=-40)
    _action(past, dir_drh, days=-services.OVERDUE_ALERT_WITHIN_DAYS, title="Rattrapée")
    _action(past, dir_drh, days=-services.OVERDUE_ALERT_WITHIN_DAYS - 1, title="Ancienne")
    assert services.action_overdue_alerts(today=timezone.localdate()) == 1
    assert "Rattrapée" in _alerts().get().title


def test_the_owners_choice_of_an_immediate_email_is_kept_for_this_kind(
    client, cds, dir_drh, dir_dases
):
    client.force_login(dir_drh)
    page = client.get("/notifications/preferences/").content.decode()
    assert "Action en retard" in page and "Mesure de traitement en retard" in page
    response = client.post(
        "/notifications/preferences/",
        {"digest_hour": "8", "kind-meetings.action_overdue": "immediate"},
    )
    assert response.status_code == 302
    past = make_meeting(cds, days=-14)
    mine = _action(past, dir_drh, days=-1, title="Mon action")
    _action(past, dir_dases, days=-1, title="Son action")
    assert services.action_overdue_alerts(today=timezone.localdate()) == 2
    assert _alerts().get(recipient=dir_drh).delivery == "immediate"
    assert _alerts().get(recipient=dir_dases).delivery == "digest"  # the kind's default
    [email] = Email.objects.filter(purpose="notifications.immediate")
    assert email.to == [dir_drh.email] and "Mon action" in email.subject
    assert mine.title in email.subject


@pytest.mark.django_db(transaction=True)
def test_two_ticks_racing_alert_an_overdue_action_once(cast):
    from tests.factories import make_bodies

    cds = make_bodies()["cds"]
    owner = cast["dir.drh"]
    _action(make_meeting(cds, days=-14), owner, days=-1)
    today = timezone.localdate()
    results = at_once(
        lambda: services.action_overdue_alerts(today=today),
        lambda: services.action_overdue_alerts(today=today),
    )
    assert sorted(results) == [0, 1]
    assert _alerts().count() == 1
