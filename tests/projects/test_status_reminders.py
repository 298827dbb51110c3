import datetime as dt

import pytest

from projects.models import StatusReminder
from projects.services import status_reminders_send
from projects.tasks import send_status_reminders

from .conftest import paris

pytestmark = pytest.mark.django_db


def test_an_overdue_project_sends_one_reminder_per_fortnight(
    make_project, make_status, chef_projet, mailoutbox
):
    project = make_project(
        name="Projet en retard", chef_projet=chef_projet, start_date=dt.date(2026, 1, 5)
    )
    make_status(project, posted_at=paris(2026, 10, 29))
    on_time = make_project(chef_projet=chef_projet, start_date=dt.date(2026, 1, 5))
    make_status(on_time, posted_at=paris(2026, 11, 19))

    assert status_reminders_send(today=dt.date(2026, 11, 17)) == 0  # still within the grace
    assert status_reminders_send(today=dt.date(2026, 11, 18)) == 1
    assert status_reminders_send(today=dt.date(2026, 11, 18)) == 0  # a second beat tick
    assert status_reminders_send(today=dt.date(2026, 11, 25)) == 0  # same fortnight
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [chef_projet.email]
    assert "Projet en retard" in message.subject
    assert f"/projets/{project.pk}/point/" in message.body
    reminder = StatusReminder.objects.get()
    assert reminder.fortnight_start == dt.date(2026, 11, 2)

    # Still silent a fortnight later: a new reminder, for the new fortnight.
    assert status_reminders_send(today=dt.date(2026, 12, 2)) == 1
    assert len(mailoutbox) == 2


def test_the_beat_task_calls_the_service(make_project, chef_projet, mailoutbox, settings):
    make_project(chef_projet=chef_projet, start_date=dt.date(2024, 1, 1))
    assert send_status_reminders.apply().get() == 1
    assert len(mailoutbox) == 1
    assert "projects-status-reminders" in settings.CELERY_BEAT_SCHEDULE


def test_a_failing_email_is_retried_at_the_next_tick(
    make_project, make_status, chef_projet, mailoutbox, monkeypatch
):
    project = make_project(chef_projet=chef_projet, start_date=dt.date(2026, 1, 5))
    make_status(project, posted_at=paris(2026, 10, 29))

    def broken(*args, **kwargs):
        raise OSError("relais SMTP injoignable")

    monkeypatch.setattr("projects.services.send_mail", broken)
    assert status_reminders_send(today=dt.date(2026, 11, 18)) == 0
    assert not StatusReminder.objects.exists()
    monkeypatch.undo()
    assert status_reminders_send(today=dt.date(2026, 11, 18)) == 1
    assert len(mailoutbox) == 1
