"""Upgrading keeps the status reminders already sent: they become sent rows of the outbox, and
the same fortnight is never reminded again."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from projects.models import Project
from projects.services import status_reminders_queue
from sg_portal.outbox.delivery import outbox_sweep
from sg_portal.outbox.models import Email, EmailState

BEFORE = [("projects", "0001_initial")]


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_status_reminders_become_sent_outbox_rows_and_the_fortnight_is_not_reminded_again(
    mailoutbox,
):
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    try:
        User = old.get_model("directions", "User")
        Direction = old.get_model("directions", "Direction")
        OldProject = old.get_model("projects", "Project")
        StatusReminder = old.get_model("projects", "StatusReminder")
        chef = User.objects.create(username="cp.test", email="cp.test@paris.fr", first_name="Léa")
        direction = Direction.objects.create(code="DTEST", name="Direction test", email="")
        reminded = OldProject.objects.create(
            kind="engagement", name="Rénovation des écoles", lead_direction=direction,
            chef_projet=chef, start_date=dt.date(2026, 1, 5), planned_end=dt.date(2027, 6, 30),
            phase="realisation",
        )  # fmt: skip
        orphan = OldProject.objects.create(
            kind="engagement", name="Sans destinataire", lead_direction=direction,
            start_date=dt.date(2026, 1, 5), planned_end=dt.date(2027, 6, 30), phase="realisation",
        )  # fmt: skip
        sent_at = timezone.now() - dt.timedelta(days=1)
        StatusReminder.objects.create(
            project=reminded, fortnight_start=dt.date(2026, 11, 2),
            recipient="cp.test@paris.fr", sent_at=sent_at,
        )  # fmt: skip
        StatusReminder.objects.create(
            project=orphan, fortnight_start=dt.date(2026, 11, 2), recipient="", sent_at=sent_at
        )
    finally:
        _migrate()

    reminder = Email.objects.get(key=f"projects.status_reminder:{reminded.pk}:2026-11-02")
    assert reminder.state == EmailState.SENT and reminder.sent_at == sent_at
    assert reminder.to == ["cp.test@paris.fr"]
    assert reminder.subject == "Point d'avancement en retard : Rénovation des écoles"
    assert reminder.about == Project.objects.get(pk=reminded.pk)
    nobody = Email.objects.get(key=f"projects.status_reminder:{orphan.pk}:2026-11-02")
    assert nobody.state == EmailState.CANCELLED

    # The same fortnight is not reminded again; the next one is.
    assert status_reminders_queue(today=dt.date(2026, 11, 18)) == 0
    assert outbox_sweep(now=timezone.now() + dt.timedelta(minutes=2))["sent"] == 0
    assert status_reminders_queue(today=dt.date(2026, 12, 2)) == 1
    assert outbox_sweep(now=timezone.now() + dt.timedelta(minutes=2))["sent"] == 1
    assert [m.to for m in mailoutbox] == [["cp.test@paris.fr"]]


@pytest.mark.django_db(transaction=True)
def test_migrating_back_restores_the_status_reminders():
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    try:
        Direction = old.get_model("directions", "Direction")
        OldProject = old.get_model("projects", "Project")
        StatusReminder = old.get_model("projects", "StatusReminder")
        direction = Direction.objects.create(code="DTEST", name="Direction test")
        project = OldProject.objects.create(
            kind="engagement", name="P", lead_direction=direction,
            start_date=dt.date(2026, 1, 5), planned_end=dt.date(2027, 6, 30),
        )  # fmt: skip
        sent_at = timezone.now() - dt.timedelta(days=1)
        StatusReminder.objects.create(
            project=project, fortnight_start=dt.date(2026, 11, 2), recipient="d@paris.fr",
            sent_at=sent_at,
        )  # fmt: skip
        _migrate()
        old = _migrate(BEFORE).loader.project_state(BEFORE).apps
        back = old.get_model("projects", "StatusReminder").objects.get()
        assert (back.project_id, back.fortnight_start, back.recipient, back.sent_at) == (
            project.pk,
            dt.date(2026, 11, 2),
            "d@paris.fr",
            sent_at,
        )
    finally:
        _migrate()
