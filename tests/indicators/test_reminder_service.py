"""The reminder service: what the policy says at each boundary, queued once in the outbox and
sent once whatever happens."""

from __future__ import annotations

import datetime as dt
import smtplib
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connections
from django.test import TestCase

from indicators import reminders as R
from indicators.models import Reminder, ReminderKind, ReminderPolicy, Report
from sg_portal.outbox.delivery import CLAIM_TIMEOUT, outbox_sweep
from sg_portal.outbox.models import EmailState

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
DIRECTION = ["dir.dases@paris.fr", "ref.dases@paris.fr"]


def at(day: int, month: int = 12, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=PARIS)


def tick(moment: dt.datetime) -> tuple[int, int]:
    """A beat tick at that moment; its emails are handed to the (eager) worker on commit."""
    with (
        time_machine.travel(moment, tick=False),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        return R.reminders_tick()


def sweep(moment: dt.datetime) -> dict[str, int]:
    with time_machine.travel(moment, tick=False):
        return outbox_sweep()


@pytest.fixture
def due_dec_7(report) -> Report:
    """DASES's report of the 2nd fortnight of November 2026 is due on Monday 7 December."""
    assert report.due_date == dt.date(2026, 12, 7)
    return report


def test_the_default_schedule_counts_working_days_and_skips_christmas():
    policy = ReminderPolicy(periodicity="quinzaine", **ReminderPolicy.DEFAULTS)
    assert R.schedule(policy, dt.date(2026, 12, 23)) == [
        (ReminderKind.BEFORE, dt.date(2026, 12, 18)),
        (ReminderKind.DUE, dt.date(2026, 12, 23)),
        (ReminderKind.AFTER, dt.date(2026, 12, 28)),  # 24, (25 holiday, weekend), 28
        (ReminderKind.ESCALATION, dt.date(2026, 12, 31)),
    ]


def test_each_boundary_sends_exactly_what_the_policy_says(due_dec_7, mailoutbox):
    # The day before the first reminder (Wednesday 2 December, 3 working days before): nothing.
    assert tick(at(1)) == (0, 0)
    assert tick(at(2, hour=7, minute=59)) == (0, 0)
    assert mailoutbox == []

    # Wednesday 2 December at 8:00: the reminder before the due date, to director and référente.
    assert tick(at(2, hour=8)) == (1, 1)
    assert mailoutbox[-1].to == DIRECTION
    assert "attendu le 7 décembre 2026" in mailoutbox[-1].subject
    # The day before the due date: nothing new.
    assert tick(at(4)) == (0, 0)

    # The due date.
    assert tick(at(7)) == (1, 1)
    assert "aujourd'hui" in mailoutbox[-1].subject
    assert tick(at(8)) == (0, 0)

    # 2 working days after: the reminder of a late report.
    assert tick(at(9)) == (1, 1)
    assert mailoutbox[-1].subject.startswith("Relance")
    assert tick(at(11)) == (0, 0)

    # 5 working days after (Monday 14): escalation to the pôle's SG adjointe, director in copy.
    assert tick(at(14)) == (1, 1)
    escalation = mailoutbox[-1]
    assert escalation.subject.startswith("Escalade")
    assert escalation.to == ["adjoint.demo@paris.fr"]
    assert escalation.cc == ["dir.dases@paris.fr"]
    assert tick(at(21)) == (0, 0)

    assert len(mailoutbox) == 4
    kinds = list(due_dec_7.reminders.order_by("pk").values_list("kind", "email__state"))
    assert kinds == [
        (ReminderKind.BEFORE, EmailState.SENT),
        (ReminderKind.DUE, EmailState.SENT),
        (ReminderKind.AFTER, EmailState.SENT),
        (ReminderKind.ESCALATION, EmailState.SENT),
    ]


def test_the_email_is_french_with_link_period_due_date_and_what_is_missing(due_dec_7, mailoutbox):
    tick(at(9))
    message = mailoutbox[0]
    text = message.body
    html = message.alternatives[0].content
    assert "2de quinzaine de novembre 2026" in text
    assert "lundi 7 décembre 2026" in text
    assert f"http://127.0.0.1:8000/rapports/{due_dec_7.pk}/" in text
    assert "Personnes mises à l'abri : valeur manquante" in text
    assert "en retard de 2 jours ouvrés" in text
    assert f'href="http://127.0.0.1:8000/rapports/{due_dec_7.pk}/"' in html
    assert "Délai de traitement des aides : valeur manquante" in html


def test_a_tick_after_an_outage_sends_only_the_latest_reminder(due_dec_7, mailoutbox):
    tick(at(10))  # nothing ran since the 1st: only the reminder of the late report goes out
    assert list(due_dec_7.reminders.values_list("kind", flat=True)) == [ReminderKind.AFTER]
    assert len(mailoutbox) == 1


def test_a_submitted_report_gets_no_reminder(due_dec_7, mailoutbox, dir_dases):
    Report.objects.filter(pk=due_dec_7.pk).update(status=Report.Status.SUBMITTED)
    assert tick(at(14)) == (0, 0)
    assert mailoutbox == []


def test_a_reminder_still_queued_when_the_report_is_submitted_is_withdrawn(due_dec_7, mailoutbox):
    with (
        time_machine.travel(at(9), tick=False),
        TestCase.captureOnCommitCallbacks(execute=False) as handed_to_worker,
    ):
        R.reminders_tick()  # queued, the worker has not run yet
        Report.objects.filter(pk=due_dec_7.pk).update(status=Report.Status.SUBMITTED)
        assert R.reminders_withdraw(report=due_dec_7) == 1
    for callback in handed_to_worker:
        callback()
    sweep(at(10))
    assert due_dec_7.reminders.get().email.state == EmailState.CANCELLED
    assert mailoutbox == []


def test_submitting_the_report_withdraws_its_queued_reminders(
    due_dec_7, shelter, delay, dir_dases, mailoutbox
):
    from tests.indicators.test_report_services import _fill

    with time_machine.travel(at(9), tick=False):
        R.reminders_plan(now=at(9))  # queued; the worker has not run yet
    _fill(due_dec_7, dir_dases, shelter, delay)
    from indicators.services import report_submit

    assert report_submit(report=due_dec_7, user=dir_dases).complete
    sweep(at(10))
    assert due_dec_7.reminders.get().email.state == EmailState.CANCELLED
    assert mailoutbox == []


def test_a_policy_without_escalation_never_escalates(due_dec_7, mailoutbox):
    R.policies()
    ReminderPolicy.objects.filter(periodicity="quinzaine").update(escalation_days=None)
    tick(at(14))
    assert list(due_dec_7.reminders.values_list("kind", flat=True)) == [ReminderKind.AFTER]


def test_running_the_service_twice_sends_each_reminder_once(due_dec_7, drh_report, mailoutbox):
    assert tick(at(9)) == (2, 2)
    assert tick(at(9, minute=15)) == (0, 0)
    assert tick(at(9, minute=30)) == (0, 0)
    assert len(mailoutbox) == 2
    assert Reminder.objects.count() == 2


def test_a_failed_send_is_retried_by_the_outbox_and_sent_once(due_dec_7, mailoutbox, monkeypatch):
    from django.core.mail import EmailMessage

    original = EmailMessage.send
    calls = {"n": 0}

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    assert tick(at(9)) == (1, 1)
    email = due_dec_7.reminders.get().email
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.QUEUED, 1)
    assert "SMTPServerDisconnected" in email.last_error
    assert mailoutbox == []

    assert tick(at(9, minute=15)) == (0, 0)  # the beat plans nothing more...
    sweep(at(9, minute=15))  # ...the outbox's sweep retries it
    assert sweep(at(9, minute=30)) == {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.SENT, 2)
    assert len(mailoutbox) == 1


class WorkerKilled(BaseException):
    """Stands for SIGKILL mid-send: nothing after it runs, not even `except Exception`."""


def test_a_worker_killed_mid_send_leaves_the_reminder_to_the_sweep_which_sends_it_once(
    due_dec_7, mailoutbox, monkeypatch
):
    from django.core.mail import EmailMessage

    original = EmailMessage.send

    def killed(self, *args, **kwargs):
        raise WorkerKilled

    monkeypatch.setattr(EmailMessage, "send", killed)
    with pytest.raises(WorkerKilled):
        tick(at(9))
    assert due_dec_7.reminders.get().email.state == EmailState.SENDING
    monkeypatch.setattr(EmailMessage, "send", original)

    # A tick or a sweep while the claim may still belong to a live worker leaves it alone...
    assert tick(at(9, minute=5)) == (0, 0)
    sweep(at(9, minute=2))
    assert mailoutbox == []
    # ...the first sweep after the claim has gone stale sends it, once.
    later = at(9) + CLAIM_TIMEOUT + dt.timedelta(minutes=1)
    sweep(later)
    sweep(later + dt.timedelta(minutes=15))
    assert tick(later + dt.timedelta(minutes=15)) == (0, 0)
    assert len(mailoutbox) == 1
    assert due_dec_7.reminders.get().email.attempts == 2


def test_a_direction_without_anyone_to_email_fails_once_with_a_reason(due_dec_7, mailoutbox):
    from directions.models import User

    User.objects.filter(direction=due_dec_7.direction).update(email="")
    assert tick(at(9)) == (1, 1)
    email = due_dec_7.reminders.get().email
    email.refresh_from_db()
    assert email.state == EmailState.FAILED
    assert email.last_error.startswith("Aucun destinataire")
    assert tick(at(10)) == (0, 0)
    sweep(at(11))
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.FAILED, 1)
    assert mailoutbox == []


def test_an_escalation_without_adjoint_goes_to_the_secretaire_generale(due_dec_7, mailoutbox):
    from directions.models import User

    User.objects.filter(role=User.Role.SG_ADJOINT).update(is_active=False)
    tick(at(14))
    assert mailoutbox[0].to == ["sg.demo@paris.fr"]
    assert mailoutbox[0].cc == ["dir.dases@paris.fr"]


def test_a_manual_resend_is_a_new_row_marked_manual(due_dec_7, mailoutbox, admin_user_demo):
    tick(at(9))
    first = due_dec_7.reminders.get()
    with (
        time_machine.travel(at(9, minute=20), tick=False),
        TestCase.captureOnCommitCallbacks(execute=False) as handed_to_worker,
    ):
        again = R.reminder_resend(reminder=first, user=admin_user_demo)
        with pytest.raises(R.ReminderError, match="déjà en attente"):
            R.reminder_resend(reminder=first, user=admin_user_demo)
    with time_machine.travel(at(9, minute=21), tick=False):
        for callback in handed_to_worker:
            callback()
    again.refresh_from_db()
    assert (again.manual, again.requested_by, again.email.state) == (
        True,
        admin_user_demo,
        EmailState.SENT,
    )
    assert mailoutbox[-1].subject.startswith("[Renvoi]")
    assert len(mailoutbox) == 2
    # Once it has gone, the administrator may resend again: a new row and a new email.
    with (
        time_machine.travel(at(9, minute=30), tick=False),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        third = R.reminder_resend(reminder=first, user=admin_user_demo)
    assert third.email.key != again.email.key
    assert len(mailoutbox) == 3


def test_a_report_already_submitted_cannot_be_resent(due_dec_7, admin_user_demo):
    tick(at(9))
    Report.objects.filter(pk=due_dec_7.pk).update(status=Report.Status.SUBMITTED)
    with pytest.raises(R.ReminderError, match="soumis"):
        R.reminder_resend(reminder=due_dec_7.reminders.get(), user=admin_user_demo)


@pytest.mark.django_db(transaction=True)
def test_two_services_running_at_once_send_each_reminder_once(report, drh_report, mailoutbox):
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(R.reminders_tick(now=at(9)))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sum(planned for planned, _ in results) == 2
    assert sum(sent for _, sent in results) == 2
    assert len(mail.outbox) == 2
    assert sorted(Reminder.objects.values_list("email__state", flat=True)) == [EmailState.SENT] * 2


def test_a_reminder_decided_before_the_outbox_is_queued_by_the_next_tick_once(
    due_dec_7, mailoutbox
):
    # What the data migration leaves for a reminder that was still to send.
    Reminder.objects.create(report=due_dec_7, kind=ReminderKind.AFTER, scheduled_for=at(9).date())
    assert tick(at(9, minute=10)) == (0, 1)
    assert tick(at(9, minute=25)) == (0, 0)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.startswith("Relance")
    assert due_dec_7.reminders.get().email.state == EmailState.SENT
