import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from meetings import services, tasks
from meetings.models import Action
from meetings.selectors import open_actions_of_body
from sg_portal.horizons import Scope, horizon_columns
from sg_portal.outbox.delivery import email_send, outbox_sweep
from sg_portal.outbox.models import Email, EmailState

from .conftest import make_meeting

pytestmark = pytest.mark.django_db


def _action(meeting, owner, *, days: int, actor=None, title="Transmettre le tableau"):
    return services.action_create(
        meeting=meeting,
        actor=actor or owner,
        title=title,
        owner=owner,
        due_date=timezone.localdate() + dt.timedelta(days=days),
    )


def test_an_open_action_comes_back_on_every_next_meeting_until_closed(cds, charge_mission, dir_drh):
    past = make_meeting(cds, days=-14)
    nxt = make_meeting(cds, days=1)
    later = make_meeting(cds, days=15)
    action = _action(past, dir_drh, days=-2, actor=charge_mission)
    assert list(open_actions_of_body(nxt)) == [action]
    assert list(open_actions_of_body(later)) == [action]
    assert list(open_actions_of_body(past)) == []  # not on the meeting that decided it
    assert services.action_close(action=action, actor=dir_drh)
    assert not services.action_close(action=action, actor=dir_drh)  # already closed
    assert list(open_actions_of_body(later)) == []


def test_the_next_agenda_pdf_and_page_show_the_carried_actions(
    client, cds, charge_mission, dir_drh
):
    past = make_meeting(cds, days=-14)
    nxt = make_meeting(cds, days=1)
    _action(past, dir_drh, days=-2, actor=charge_mission, title="Relancer les directions")
    client.force_login(charge_mission)
    html = client.get(reverse("meetings:detail", args=[nxt.pk])).content.decode()
    assert "Suivi des actions en cours" in html and "Relancer les directions" in html


def test_my_actions_due_appear_on_my_home_page_by_urgency(cds, dir_drh, dir_dases):
    past = make_meeting(cds, days=-14)
    _action(past, dir_drh, days=3, title="Action proche")
    _action(past, dir_drh, days=40, title="Action lointaine")
    columns = horizon_columns(dir_drh, timezone.localdate(), Scope.ME)
    [fifteen] = [c for c in columns if c["key"] == "15j"]
    by_urgency = {g["key"]: [i.title for i in g["items"]] for g in fifteen["urgencies"]}
    assert "Action proche" in by_urgency["week"]
    assert "Action lointaine" in by_urgency["later"]
    others = horizon_columns(dir_dases, timezone.localdate(), Scope.ME)[0]["urgencies"]
    assert all("Action" not in i.title for g in others for i in g["items"])


def test_the_home_page_renders_my_meetings_and_actions(client, cds, dir_drh):
    past = make_meeting(cds, days=-14)
    make_meeting(cds, days=2)
    _action(past, dir_drh, days=3, title="Action proche")
    client.force_login(dir_drh)
    html = client.get("/").content.decode()
    assert "Dans les 7 jours" in html and "Action proche" in html
    assert "Réunion" in html


def test_a_reminder_is_sent_once_before_the_due_date(
    cds, dir_drh, mailoutbox, eager_celery, django_capture_on_commit_callbacks
):
    past = make_meeting(cds, days=-14)
    soon = _action(past, dir_drh, days=2, title="Action proche")
    _action(past, dir_drh, days=10, title="Action lointaine")
    closed = _action(past, dir_drh, days=1, title="Action close")
    services.action_close(action=closed, actor=dir_drh)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_actions.run() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_actions.run() == 0  # a second tick
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [dir_drh.email]
    assert "Action proche" in mailoutbox[0].body
    email = Email.objects.get(purpose="meetings.action_reminder")
    assert email.key == f"meetings.action_reminder:{soon.pk}:{soon.due_date:%Y-%m-%d}"
    assert email.is_sent and email.about == soon
    with (
        time_machine.travel(timezone.now() + dt.timedelta(days=8)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.action_reminders_queue(today=timezone.localdate()) == 1
    assert len(mailoutbox) == 2
    assert "Action lointaine" in mailoutbox[1].body


def test_a_worker_killed_while_sending_a_reminder_does_not_lose_it(
    cds, dir_drh, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    past = make_meeting(cds, days=-14)
    _action(past, dir_drh, days=2, title="Action proche")
    with django_capture_on_commit_callbacks(execute=False):
        assert tasks.remind_actions.run() == 1
    email = Email.objects.get(purpose="meetings.action_reminder")

    def killed(*args, **kwargs):
        raise SystemExit("worker tué pendant l'envoi")

    # The worker claims the row, then dies before the SMTP server has the message.
    monkeypatch.setattr("django.core.mail.EmailMessage.send", killed)
    claimed_at = timezone.now()
    with pytest.raises(SystemExit):
        email_send(email_id=email.pk, now=claimed_at)
    monkeypatch.undo()
    email.refresh_from_db()
    assert email.state == EmailState.SENDING and mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_actions.run() == 0  # the next tick queues nothing more
    assert outbox_sweep(now=claimed_at + dt.timedelta(minutes=1))["sent"] == 0  # claim too young
    assert outbox_sweep(now=claimed_at + dt.timedelta(minutes=10))["sent"] == 1
    assert outbox_sweep(now=claimed_at + dt.timedelta(minutes=20))["sent"] == 0
    assert len(mailoutbox) == 1 and "Action proche" in mailoutbox[0].body


def test_an_action_closed_before_its_reminder_goes_is_not_reminded(
    cds, dir_drh, mailoutbox, django_capture_on_commit_callbacks
):
    past = make_meeting(cds, days=-14)
    action = _action(past, dir_drh, days=2)
    with django_capture_on_commit_callbacks(execute=False):
        assert tasks.remind_actions.run() == 1
        assert services.action_close(action=action, actor=dir_drh)
    assert Email.objects.get(purpose="meetings.action_reminder").state == EmailState.CANCELLED
    assert outbox_sweep(now=timezone.now() + dt.timedelta(minutes=2))["sent"] == 0
    assert mailoutbox == []


def test_an_owner_without_an_email_address_is_not_reminded(cds, dir_drh, mailoutbox):
    past = make_meeting(cds, days=-14)
    _action(past, dir_drh, days=2)
    dir_drh.email = ""
    dir_drh.save(update_fields=["email"])
    assert tasks.remind_actions.run() == 0
    assert not Email.objects.exists()


def test_the_owner_closes_an_action_and_another_director_cannot(client, cds, dir_drh, dir_dases):
    past = make_meeting(cds, days=-14)
    action = _action(past, dir_drh, days=2)
    url = reverse("meetings:action_close", args=[action.pk])
    client.force_login(dir_dases)
    assert client.post(url).status_code == 403
    client.force_login(dir_drh)
    assert client.post(url, {"next": "/"}).status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.CLOSED and action.closed_by == dir_drh


def test_the_charge_de_mission_records_an_action_and_bad_input_is_explained(
    client, cds, charge_mission, dir_drh
):
    past = make_meeting(cds, days=-1)
    client.force_login(charge_mission)
    url = reverse("meetings:action_add", args=[past.pk])
    response = client.post(url, {"title": "Relancer", "owner": dir_drh.pk, "due_date": "demain"})
    assert response.status_code == 422
    assert "Saisissez une date" in response.content.decode()
    assert 'value="Relancer"' in response.content.decode()
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    assert (
        client.post(url, {"title": "Relancer", "owner": dir_drh.pk, "due_date": due}).status_code
        == 302
    )
    assert Action.objects.get().owner == dir_drh


def test_attendance_and_decisions_are_recorded(client, cds, charge_mission, dir_drh):
    from meetings.models import Attendance

    from .conftest import add_item

    past = make_meeting(cds, days=-1)
    item = add_item(past, "Budget")
    client.force_login(charge_mission)
    client.post(
        reverse("meetings:attendance", args=[past.pk]),
        {f"status-{dir_drh.pk}": "represented", f"by-{dir_drh.pk}": "son adjoint"},
    )
    att = Attendance.objects.get(meeting=past, user=dir_drh)
    assert att.status == "represented" and att.represented_by == "son adjoint"
    client.post(reverse("meetings:item_decision", args=[past.pk, item.pk]), {"decision": "Adopté."})
    item.refresh_from_db()
    assert item.decision == "Adopté."
