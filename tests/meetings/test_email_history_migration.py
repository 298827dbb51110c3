"""Upgrading keeps what the meetings had sent: agenda deliveries and action reminder stamps become
sent rows of the outbox, and nothing is sent again afterwards."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from meetings import services
from meetings.models import Action, Meeting
from sg_portal.outbox.delivery import outbox_sweep
from sg_portal.outbox.models import Email, EmailState

BEFORE = [("meetings", "0001_initial")]


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_agenda_deliveries_and_reminders_become_sent_outbox_rows_never_sent_again(mailoutbox):
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    try:
        User = old.get_model("directions", "User")
        Body = old.get_model("meetings", "Body")
        OldMeeting = old.get_model("meetings", "Meeting")
        OldAction = old.get_model("meetings", "Action")
        AgendaDelivery = old.get_model("meetings", "AgendaDelivery")
        owner = User.objects.create(
            username="dir.test", email="dir.test@paris.fr", first_name="Inès", last_name="Test"
        )
        silent = User.objects.create(username="sans.adresse", email="")
        body = Body.objects.create(code="cds", name="Comité de direction", kind="cds",
                                   cadence="fortnightly", weekday=0)  # fmt: skip
        body.extra_members.add(owner)
        starts = timezone.now() + dt.timedelta(days=3)
        meeting = OldMeeting.objects.create(
            body=body, slot_date=starts.date(), starts_at=starts, duration_minutes=90,
            agenda_status="published", sequence=1,
        )  # fmt: skip
        sent_at = timezone.now() - dt.timedelta(days=2)
        AgendaDelivery.objects.create(meeting=meeting, user=owner, sent_at=sent_at)
        today = timezone.localdate()
        reminded = OldAction.objects.create(
            meeting=meeting, title="Transmettre le tableau", owner=owner,
            due_date=today + dt.timedelta(days=2), reminder_sent_at=sent_at,
        )  # fmt: skip
        no_address = OldAction.objects.create(
            meeting=meeting, title="Sans adresse", owner=silent,
            due_date=today + dt.timedelta(days=1), reminder_sent_at=sent_at,
        )  # fmt: skip
        not_yet = OldAction.objects.create(
            meeting=meeting, title="Pas encore rappelée", owner=owner,
            due_date=today + dt.timedelta(days=3),
        )  # fmt: skip
    finally:
        _migrate()

    agenda = Email.objects.get(purpose="meetings.agenda")
    assert agenda.key == f"meetings.agenda:{meeting.pk}:1:{owner.pk}"
    assert agenda.state == EmailState.SENT and agenda.sent_at == sent_at
    assert agenda.to == ["dir.test@paris.fr"] and agenda.about == Meeting.objects.get()
    assert agenda.subject.startswith("Ordre du jour — Comité de direction, ")
    reminder = Email.objects.get(key__startswith=f"meetings.action_reminder:{reminded.pk}:")
    assert reminder.state == EmailState.SENT and reminder.sent_at == sent_at
    assert reminder.about == Action.objects.get(pk=reminded.pk)
    nobody = Email.objects.get(key__startswith=f"meetings.action_reminder:{no_address.pk}:")
    assert nobody.state == EmailState.CANCELLED and nobody.sent_at is None

    # After the upgrade: only the action never reminded is reminded, and only it is sent.
    assert services.action_reminders_queue(today=today) == 1
    # the agenda is addressed to the member, and was sent already
    assert services.agenda_emails_queue(meeting=Meeting.objects.get()) == 1
    assert outbox_sweep(now=timezone.now() + dt.timedelta(minutes=2))["sent"] == 1
    assert len(mailoutbox) == 1 and "Pas encore rappelée" in mailoutbox[0].body
    assert Email.objects.get(key__startswith=f"meetings.action_reminder:{not_yet.pk}:").is_sent
    assert Email.objects.filter(state=EmailState.SENT).count() == 3


@pytest.mark.django_db(transaction=True)
def test_migrating_back_restores_the_deliveries_and_the_reminder_stamps():
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    try:
        User = old.get_model("directions", "User")
        Body = old.get_model("meetings", "Body")
        OldMeeting = old.get_model("meetings", "Meeting")
        OldAction = old.get_model("meetings", "Action")
        AgendaDelivery = old.get_model("meetings", "AgendaDelivery")
        owner = User.objects.create(username="dir.test", email="dir.test@paris.fr")
        body = Body.objects.create(code="cds", name="CDS", kind="cds", cadence="weekly", weekday=0)
        starts = timezone.now() + dt.timedelta(days=3)
        meeting = OldMeeting.objects.create(
            body=body, slot_date=starts.date(), starts_at=starts, duration_minutes=90,
            agenda_status="published",
        )  # fmt: skip
        sent_at = timezone.now() - dt.timedelta(days=1)
        AgendaDelivery.objects.create(meeting=meeting, user=owner, sent_at=sent_at)
        action = OldAction.objects.create(
            meeting=meeting, title="T", owner=owner, due_date=timezone.localdate(),
            reminder_sent_at=sent_at,
        )  # fmt: skip
        _migrate()
        old = _migrate(BEFORE).loader.project_state(BEFORE).apps
        AgendaDelivery = old.get_model("meetings", "AgendaDelivery")
        delivery = AgendaDelivery.objects.get()
        assert (delivery.meeting_id, delivery.user_id, delivery.sent_at) == (
            meeting.pk,
            owner.pk,
            sent_at,
        )
        assert old.get_model("meetings", "Action").objects.get(pk=action.pk).reminder_sent_at
    finally:
        _migrate()
    assert Email.objects.filter(purpose__startswith="meetings.").count() == 2
