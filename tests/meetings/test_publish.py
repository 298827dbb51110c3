import pytest
from django.urls import reverse

from meetings import services, tasks
from meetings.models import AgendaDelivery, Meeting
from meetings.selectors import body_members

from .conftest import add_item

pytestmark = pytest.mark.django_db


def test_publishing_emails_each_member_once_with_the_agenda_and_the_ics(
    client, next_cds, charge_mission, mailoutbox, eager_celery, django_capture_on_commit_callbacks
):
    add_item(next_cds, "Plan grand froid", minutes=20)
    client.force_login(charge_mission)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("meetings:publish", args=[next_cds.pk]))
    assert response.status_code == 302
    assert len(callbacks) == 1
    members = list(body_members(next_cds.body).exclude(email=""))
    assert {"dir.dases", "dir.drh", "dir.dvd", "sg.demo"} <= {u.username for u in members}
    assert len(mailoutbox) == len(members)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in members)
    message = mailoutbox[0]
    assert message.subject.startswith("Ordre du jour — Comité de direction des services")
    assert "Plan grand froid" in message.body
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype == "text/calendar"
    next_cds.refresh_from_db()
    assert next_cds.is_published and next_cds.events.filter(verb="publish").exists()


def test_a_retried_task_and_a_second_click_send_nothing_twice(
    next_cds, charge_mission, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        assert services.meeting_publish_agenda(meeting=next_cds, actor=charge_mission)
        assert not services.meeting_publish_agenda(meeting=next_cds, actor=charge_mission)
    first = tasks.send_agenda.run(next_cds.pk)
    assert first == len(mailoutbox) > 0
    assert tasks.send_agenda.run(next_cds.pk) == 0
    assert len(mailoutbox) == first
    assert AgendaDelivery.objects.filter(meeting=next_cds).count() == first


def test_a_draft_or_cancelled_agenda_is_never_emailed(next_cds, mailoutbox):
    assert services.agenda_emails_send(meeting_id=next_cds.pk) == 0
    Meeting.objects.filter(pk=next_cds.pk).update(
        agenda_status=Meeting.AgendaStatus.PUBLISHED, status=Meeting.Status.CANCELLED
    )
    assert services.agenda_emails_send(meeting_id=next_cds.pk) == 0
    assert mailoutbox == []


def test_only_a_preparer_may_publish(client, next_cds, dir_dases, adjoint):
    for user in (dir_dases, adjoint):
        client.force_login(user)
        assert client.post(reverse("meetings:publish", args=[next_cds.pk])).status_code == 403
    next_cds.refresh_from_db()
    assert not next_cds.is_published
