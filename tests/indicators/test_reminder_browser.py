"""The administrator's journey in Chromium: the reminders sent, the policy, a resend by hand."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core import mail

from indicators.models import Reminder, ReminderPolicy, Report
from indicators.reminders import reminders_tick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def late_report(report):
    """DASES's report, due a month ago: the first tick escalates it."""
    Report.objects.filter(pk=report.pk).update(due_date=dt.date.today() - dt.timedelta(days=30))
    reminders_tick()
    return report


def test_an_administrator_changes_the_policy_and_resends_a_reminder_by_hand(
    page, login, admin_user_demo, dir_dases, late_report
):
    login("admin.demo")
    page.goto("/rapports/")
    page.get_by_role("link", name="Rappels du reporting").click()
    page.wait_for_url("**/rapports/rappels/")
    assert page.locator("table").first.get_by_text("Escalade au SG adjoint du pôle").is_visible()

    card = page.locator("form.policy", has_text="Mois")
    card.get_by_label("Relance après l'échéance (jours ouvrés après)").fill("4")
    card.get_by_label("Escalade au SG adjoint (jours ouvrés après)").fill("3")
    card.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("L'escalade doit venir après la relance").is_visible()
    card = page.locator("form.policy", has_text="Mois")
    assert card.get_by_label("Relance après l'échéance (jours ouvrés après)").input_value() == "4"
    card.get_by_label("Escalade au SG adjoint (jours ouvrés après)").fill("8")
    card.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Politique de rappel enregistrée (mois).").is_visible()
    assert ReminderPolicy.objects.get(periodicity="mois").escalation_days == 8

    sent_before = len(mail.outbox)
    page.get_by_role("button", name="Renvoyer").first.click()
    assert page.get_by_text("enregistré comme renvoi manuel").is_visible()
    assert page.locator("table").first.get_by_text("manuel").is_visible()
    assert Reminder.objects.filter(manual=True, requested_by=admin_user_demo).count() == 1
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=f"{os.environ['SCREENSHOT_DIR']}/rappels.png", full_page=True)

    # The director sees both on her report.
    page.context.clear_cookies()
    login("dir.dases")
    page.goto(f"/rapports/{late_report.pk}/")
    section = page.locator("section.report-reminders")
    assert section.get_by_text("Escalade au SG adjoint du pôle").count() == 2
    assert section.get_by_text("(renvoi manuel)").is_visible()
    assert len(mail.outbox) == sent_before + 1  # the resend went out at once (task on commit)
