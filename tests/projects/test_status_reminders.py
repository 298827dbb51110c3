import datetime as dt

import pytest
from django.utils import timezone

from projects.services import status_reminders_queue
from projects.tasks import send_status_reminders
from sg_portal.outbox.delivery import outbox_sweep
from sg_portal.outbox.models import Email, EmailState

from .conftest import paris

pytestmark = pytest.mark.django_db


def _sweep(at: dt.datetime | None = None) -> dict:
    """The outbox's sweep, once the after-commit task had its chance."""
    return outbox_sweep(now=(at or timezone.now()) + dt.timedelta(minutes=2))


def test_an_overdue_project_sends_one_reminder_per_fortnight(
    make_project, make_status, chef_projet, mailoutbox
):
    project = make_project(
        name="Projet en retard", chef_projet=chef_projet, start_date=dt.date(2026, 1, 5)
    )
    make_status(project, posted_at=paris(2026, 10, 29))
    on_time = make_project(chef_projet=chef_projet, start_date=dt.date(2026, 1, 5))
    make_status(on_time, posted_at=paris(2026, 11, 19))

    assert status_reminders_queue(today=dt.date(2026, 11, 17)) == 0  # still within the grace
    assert status_reminders_queue(today=dt.date(2026, 11, 18)) == 1
    assert status_reminders_queue(today=dt.date(2026, 11, 18)) == 0  # a second beat tick
    assert status_reminders_queue(today=dt.date(2026, 11, 25)) == 0  # same fortnight
    _sweep()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [chef_projet.email]
    assert "Projet en retard" in message.subject
    assert f"/projets/{project.pk}/point/" in message.body
    reminder = Email.objects.get(purpose="projects.status_reminder")
    assert reminder.key == f"projects.status_reminder:{project.pk}:2026-11-02"
    assert reminder.is_sent and reminder.about == project

    # Still silent a fortnight later: a new reminder, for the new fortnight.
    assert status_reminders_queue(today=dt.date(2026, 12, 2)) == 1
    _sweep()
    assert len(mailoutbox) == 2


def test_the_beat_task_queues_and_the_outbox_sends_after_commit(
    make_project, chef_projet, mailoutbox, django_capture_on_commit_callbacks
):
    from sg_portal.celery import app

    make_project(chef_projet=chef_projet, start_date=dt.date(2024, 1, 1))
    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert send_status_reminders.apply().get() == 1
    finally:
        app.conf.task_always_eager = False
    assert len(mailoutbox) == 1
    # ...and the beat sends that very task (not a name that no worker knows).
    assert send_status_reminders.name in {e["task"] for e in app.conf.beat_schedule.values()}


def test_a_project_name_with_a_line_break_is_reminded_with_a_one_line_subject(
    make_project, make_status, chef_projet, mailoutbox
):
    project = make_project(
        name="Rénovation\r\ndes écoles", chef_projet=chef_projet, start_date=dt.date(2026, 1, 5)
    )
    make_status(project, posted_at=paris(2026, 10, 29))
    assert status_reminders_queue(today=dt.date(2026, 11, 18)) == 1
    assert _sweep()["sent"] == 1
    assert [m.subject for m in mailoutbox] == [
        "Point d'avancement en retard : Rénovation des écoles"
    ]
    assert status_reminders_queue(today=dt.date(2026, 11, 18)) == 0
    assert _sweep()["sent"] == 0 and len(mailoutbox) == 1


def test_a_failing_email_is_retried_by_the_outbox_and_sent_once(
    make_project, make_status, chef_projet, mailoutbox, monkeypatch
):
    project = make_project(chef_projet=chef_projet, start_date=dt.date(2026, 1, 5))
    make_status(project, posted_at=paris(2026, 10, 29))

    def broken(*args, **kwargs):
        raise OSError("relais SMTP injoignable")

    assert status_reminders_queue(today=dt.date(2026, 11, 18)) == 1
    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    now = timezone.now()
    assert _sweep(now)["retry"] == 1
    monkeypatch.undo()
    reminder = Email.objects.get(purpose="projects.status_reminder")
    assert reminder.state == EmailState.QUEUED and "relais SMTP injoignable" in reminder.last_error
    assert status_reminders_queue(today=dt.date(2026, 11, 18)) == 0  # the next tick adds nothing
    assert _sweep(now)["sent"] == 0  # not before its next attempt
    assert _sweep(now + dt.timedelta(minutes=5))["sent"] == 1
    assert len(mailoutbox) == 1


def test_a_project_without_anyone_to_remind_queues_nothing(make_project, make_status, dases):
    dases.email = ""
    dases.save(update_fields=["email"])
    project = make_project(chef_projet=None, lead_direction=dases, start_date=dt.date(2026, 1, 5))
    make_status(project, posted_at=paris(2026, 10, 29))
    assert status_reminders_queue(today=dt.date(2026, 11, 18)) == 0
    assert not Email.objects.exists()
