"""The reminders and digests recorded before the outbox become outbox rows: nothing is lost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("indicators", "0002_reminders"), ("outbox", "0001_email")]
AFTER = [("indicators", "0005_remove_reminder_delivery")]
SENT_AT = dt.datetime(2026, 12, 9, 7, tzinfo=dt.UTC)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before_the_outbox():
    apps = migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


def test_reminders_and_digests_become_outbox_rows_and_unsent_ones_wait_for_the_tick(
    before_the_outbox,
):
    apps = before_the_outbox
    Direction = apps.get_model("directions", "Direction")
    Period = apps.get_model("indicators", "Period")
    Report = apps.get_model("indicators", "Report")
    Reminder = apps.get_model("indicators", "Reminder")
    ReportingDigest = apps.get_model("indicators", "ReportingDigest")

    dases = Direction.objects.create(code="DASES", name="Action sociale")
    drh = Direction.objects.create(code="DRH", name="Ressources humaines")
    fortnight = Period.objects.create(
        periodicity="quinzaine",
        start=dt.date(2026, 11, 16),
        end=dt.date(2026, 11, 30),
        due_date=dt.date(2026, 12, 7),
    )
    month = Period.objects.create(
        periodicity="mois",
        start=dt.date(2026, 10, 1),
        end=dt.date(2026, 10, 31),
        due_date=dt.date(2026, 11, 6),
    )
    late = Report.objects.create(
        direction=dases, period=fortnight, due_date=fortnight.due_date, status="brouillon"
    )
    submitted = Report.objects.create(
        direction=drh, period=fortnight, due_date=fortnight.due_date, status="soumis"
    )
    october = Report.objects.create(
        direction=dases, period=month, due_date=month.due_date, status="valide"
    )
    day = dt.date(2026, 12, 9)
    sent = Reminder.objects.create(
        report=late,
        kind="retard",
        scheduled_for=day,
        status="envoye",
        recipients=["dir.dases@paris.fr"],
        attempts=2,
        last_error="",
        sent_at=SENT_AT,
    )
    manual = Reminder.objects.create(
        report=october,
        kind="escalade",
        manual=True,
        scheduled_for=day,
        status="envoye",
        recipients=["adjoint.demo@paris.fr"],
        copy_to=["dir.dases@paris.fr"],
        attempts=1,
        sent_at=SENT_AT,
    )
    nobody = Reminder.objects.create(
        report=october, kind="avant", scheduled_for=day, status="sans_destinataire"
    )
    retrying = Reminder.objects.create(
        report=late,
        kind="escalade",
        scheduled_for=day,
        status="echec",
        attempts=1,
        last_error="SMTPServerDisconnected",
    )
    overtaken = Reminder.objects.create(
        report=submitted, kind="retard", scheduled_for=day, status="a_envoyer"
    )
    digest = ReportingDigest.objects.create(
        period=fortnight, status="envoye", recipients=["sg.demo@paris.fr"], sent_at=SENT_AT
    )

    apps = migrate(AFTER)
    Reminder = apps.get_model("indicators", "Reminder")
    ReportingDigest = apps.get_model("indicators", "ReportingDigest")

    row = Reminder.objects.select_related("email").get(pk=sent.pk)
    email = row.email
    assert (email.purpose, email.key, email.state) == (
        "indicators.reminder",
        f"indicators.reminder:{late.pk}:retard",
        "sent",
    )
    assert (email.to, email.attempts, email.sent_at) == (["dir.dases@paris.fr"], 2, SENT_AT)
    assert email.subject == (
        "Relance : rapport DASES — 2de quinzaine de novembre 2026 en retard "
        "(attendu le 7 décembre 2026)"
    )
    assert (email.about_id, email.about_type.model) == (late.pk, "report")

    email = Reminder.objects.select_related("email").get(pk=manual.pk).email
    assert email.purpose == "indicators.escalation"
    assert email.subject.startswith("[Renvoi] Escalade : rapport DASES — Octobre 2026")
    assert email.cc == ["dir.dases@paris.fr"]

    email = Reminder.objects.select_related("email").get(pk=nobody.pk).email
    assert email.state == "failed"
    assert email.last_error.startswith("Aucun destinataire")

    # Still to send, the report still to fill: left for the next tick, which queues it.
    assert Reminder.objects.get(pk=retrying.pk).email is None
    # Still to send, but the report was submitted meanwhile: withdrawn.
    assert Reminder.objects.select_related("email").get(pk=overtaken.pk).email.state == (
        "cancelled"
    )

    email = ReportingDigest.objects.select_related("email").get(pk=digest.pk).email
    assert (email.purpose, email.state, email.to) == (
        "indicators.digest",
        "sent",
        ["sg.demo@paris.fr"],
    )
    assert email.subject == "Synthèse du reporting : 2de quinzaine de novembre 2026"
    assert Reminder.objects.count() == 5


def test_the_migration_can_be_reversed_without_losing_the_states(before_the_outbox):
    apps = before_the_outbox
    Direction = apps.get_model("directions", "Direction")
    Period = apps.get_model("indicators", "Period")
    Report = apps.get_model("indicators", "Report")
    Reminder = apps.get_model("indicators", "Reminder")
    dases = Direction.objects.create(code="DASES", name="Action sociale")
    period = Period.objects.create(
        periodicity="mois",
        start=dt.date(2026, 10, 1),
        end=dt.date(2026, 10, 31),
        due_date=dt.date(2026, 11, 6),
    )
    report = Report.objects.create(direction=dases, period=period, due_date=period.due_date)
    reminder = Reminder.objects.create(
        report=report,
        kind="echeance",
        scheduled_for=period.due_date,
        status="envoye",
        recipients=["dir.dases@paris.fr"],
        attempts=1,
        sent_at=SENT_AT,
    )
    migrate(AFTER)

    apps = migrate(BEFORE)
    back = apps.get_model("indicators", "Reminder").objects.get(pk=reminder.pk)
    assert (back.status, back.recipients, back.attempts, back.sent_at) == (
        "envoye",
        ["dir.dases@paris.fr"],
        1,
        SENT_AT,
    )
