"""The administrator's reminders page (policy, log, resend) and the report's reminders section."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from indicators import reminders as R
from indicators.models import Reminder, ReminderKind, ReminderPolicy, Report
from sg_portal.outbox.models import Email, EmailState
from tests.indicators.conftest import make_period, make_report

pytestmark = pytest.mark.django_db
PAGE = reverse("indicators:reminders")


def sent_email(report, kind: str, to: list[str]) -> Email:
    """An email of the outbox, as the outbox leaves it once sent."""
    moment = dt.datetime(2026, 12, 9, 7, tzinfo=dt.UTC)
    return Email.objects.create(
        purpose="indicators.escalation" if kind == "escalade" else "indicators.reminder",
        key=f"indicators.reminder:{report.pk}:{kind}",
        to=to,
        subject="Relance",
        body="Bonjour",
        about_id=report.pk,
        state=EmailState.SENT,
        attempts=1,
        next_attempt_at=moment,
        sent_at=moment,
    )


@pytest.fixture
def sent(report) -> Reminder:
    return Reminder.objects.create(
        report=report,
        kind=ReminderKind.AFTER,
        scheduled_for=dt.date(2026, 12, 9),
        email=sent_email(report, "retard", ["dir.dases@paris.fr", "ref.dases@paris.fr"]),
    )


def test_an_administrator_sees_the_policy_and_the_log(client, admin_user_demo, sent):
    client.force_login(admin_user_demo)
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Politique de rappel" in html
    assert "Relance après l&#x27;échéance" in html
    assert "dir.dases@paris.fr" in html
    assert reverse("indicators:reminder_resend", args=[sent.pk]) in html
    assert len(response.context["forms"]) == 4


@pytest.mark.parametrize(
    "who", ["sg_user", "adjoint", "dir_dases", "ref_dases", "charge_mission", "cadre", "outsider"]
)
def test_nobody_but_an_administrator_reaches_the_reminders(client, request, who, sent):
    client.force_login(request.getfixturevalue(who))
    assert client.get(PAGE).status_code == 404
    assert client.post(reverse("indicators:reminder_resend", args=[sent.pk])).status_code == 404
    policy_url = reverse("indicators:reminder_policy", args=["quinzaine"])
    assert client.post(policy_url, {"quinzaine-send_hour": "8"}).status_code == 404
    assert Reminder.objects.count() == 1


def test_an_administrator_changes_the_policy(client, admin_user_demo):
    client.force_login(admin_user_demo)
    response = client.post(
        reverse("indicators:reminder_policy", args=["mois"]),
        {
            "mois-days_before": "5",
            "mois-on_due_date": "on",
            "mois-days_after": "",
            "mois-escalation_days": "10",
            "mois-send_hour": "9",
        },
    )
    assert response.status_code == 302
    policy = ReminderPolicy.objects.get(periodicity="mois")
    assert (policy.days_before, policy.days_after, policy.escalation_days, policy.send_hour) == (
        5,
        None,
        10,
        9,
    )
    assert policy.updated_by == admin_user_demo
    assert "Modifiée par" in client.get(PAGE).content.decode()


def test_a_bad_policy_is_refused_with_a_french_message_and_the_input_kept(client, admin_user_demo):
    client.force_login(admin_user_demo)
    response = client.post(
        reverse("indicators:reminder_policy", args=["quinzaine"]),
        {
            "quinzaine-days_before": "trois",
            "quinzaine-days_after": "4",
            "quinzaine-escalation_days": "2",
            "quinzaine-send_hour": "25",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Saisissez un nombre entier" in html
    assert "L&#x27;escalade doit venir après la relance" in html
    assert "Saisissez une heure de 0 à 23." in html
    assert 'value="trois"' in html
    assert ReminderPolicy.objects.get(periodicity="quinzaine").days_before == 3


def test_an_unknown_periodicity_is_404(client, admin_user_demo):
    client.force_login(admin_user_demo)
    url = reverse("indicators:reminder_policy", args=["siecle"])
    assert client.post(url, {}).status_code == 404


def test_the_policy_pages_only_accept_post(client, admin_user_demo, sent):
    client.force_login(admin_user_demo)
    assert client.get(reverse("indicators:reminder_resend", args=[sent.pk])).status_code == 405


def test_resend_by_hand_is_recorded_as_manual_and_cannot_be_doubled(
    client, admin_user_demo, sent, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(admin_user_demo)
    url = reverse("indicators:reminder_resend", args=[sent.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    manual = Reminder.objects.select_related("email").get(manual=True)
    assert (manual.kind, manual.requested_by, manual.email.state) == (
        ReminderKind.AFTER,
        admin_user_demo,
        EmailState.SENT,  # the outbox's task ran (eager) once the resend was committed
    )
    assert len(mailoutbox) == 1
    # Sent: a second resend is a new manual row again; while one is waiting it is refused.
    Email.objects.filter(pk=manual.email_id).update(state=EmailState.QUEUED)
    response = client.post(url, follow=True)
    assert "déjà en attente" in response.content.decode()
    assert Reminder.objects.filter(manual=True).count() == 1


def test_the_log_needs_few_queries_with_many_reminders(
    client, admin_user_demo, dases, drh, django_assert_max_num_queries
):
    reminders = []
    for month in range(1, 13):
        period = make_period("mois", dt.date(2025, month, 1))
        for direction in (dases, drh):
            report = make_report(direction, period)
            for kind in ReminderKind.values:
                reminders.append(
                    Reminder(
                        report=report,
                        kind=kind,
                        scheduled_for=period.due_date,
                        email=sent_email(report, kind, ["x@paris.fr"]),
                    )
                )
    Reminder.objects.bulk_create(reminders)
    assert Reminder.objects.count() == 96
    R.policies()
    client.force_login(admin_user_demo)
    with django_assert_max_num_queries(12):  # 10 today, whatever the rows
        response = client.get(PAGE)
    assert len(response.context["rows"]) == 50
    assert client.get(PAGE, {"type": "escalade"}).context["page"].paginator.count == 24


def test_the_report_page_shows_the_reminders_sent_for_it(client, dir_dases, sent):
    client.force_login(dir_dases)
    html = client.get(reverse("indicators:report", args=[sent.report_id])).content.decode()
    assert "Rappels envoyés" in html
    assert "Relance après l&#x27;échéance" in html
    assert "9 décembre 2026 à 08:00" in html


def test_another_directions_reminders_stay_out_of_reach(client, dir_drh, sent):
    client.force_login(dir_drh)
    assert client.get(reverse("indicators:report", args=[sent.report_id])).status_code == 404


def test_a_report_without_reminders_shows_no_section(client, dir_dases, report):
    client.force_login(dir_dases)
    html = client.get(reverse("indicators:report", args=[report.pk])).content.decode()
    assert "Rappels envoyés" not in html


def test_the_resend_button_is_hidden_once_the_report_is_submitted(client, admin_user_demo, sent):
    Report.objects.filter(pk=sent.report_id).update(status=Report.Status.SUBMITTED)
    client.force_login(admin_user_demo)
    html = client.get(PAGE).content.decode()
    assert reverse("indicators:reminder_resend", args=[sent.pk]) not in html


def test_the_reports_list_links_to_the_reminders_for_administrators_only(
    client, admin_user_demo, sg_user
):
    client.force_login(admin_user_demo)
    assert "Rappels du reporting" in client.get("/rapports/").content.decode()
    client.force_login(sg_user)
    assert "Rappels du reporting" not in client.get("/rapports/").content.decode()
