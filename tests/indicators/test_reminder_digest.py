"""The fortnightly digest to SG staff: the right directions, late first, sent once."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import TestCase

from indicators import reminders as R
from indicators.models import Report, ReportingDigest
from sg_portal.outbox.models import EmailState
from sg_portal.states import Badge
from tests.indicators.conftest import make_period, make_report

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, tzinfo=PARIS)


def tick(moment: dt.datetime) -> tuple[int, int]:
    with (
        time_machine.travel(moment, tick=False),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        return R.digest_tick()


@pytest.fixture
def closed_fortnight(report, drh_report, dases):
    """2nd fortnight of November 2026 (due 7 December): DASES late, DRH submitted, and DASES's
    monthly report of November validated; an older fortnight that must not appear."""
    Report.objects.filter(pk=drh_report.pk).update(status=Report.Status.SUBMITTED)
    make_report(dases, make_period("mois", dt.date(2026, 11, 1)), Report.Status.VALIDATED)
    return report.period


def test_the_digest_waits_for_the_working_day_after_the_due_date(closed_fortnight, mailoutbox):
    assert tick(at(7)) == (0, 0)
    assert tick(at(8, hour=7)) == (0, 0)
    assert tick(at(8, hour=8)) == (1, 1)
    assert mailoutbox[0].subject == (
        "Synthèse du reporting : 2de quinzaine de novembre 2026, 67 % reçus, 1 en retard"
    )


def test_the_digest_goes_to_sg_staff_once(closed_fortnight, mailoutbox):
    tick(at(8))
    tick(at(8, hour=10))
    tick(at(9))
    assert len(mailoutbox) == 1
    assert "sg.demo@paris.fr" in mailoutbox[0].to
    assert "adjoint.demo@paris.fr" in mailoutbox[0].to
    assert "dir.dases@paris.fr" not in mailoutbox[0].to
    digest = ReportingDigest.objects.select_related("email").get()
    assert (digest.period, digest.email.state) == (closed_fortnight, EmailState.SENT)
    assert digest.email.purpose == "indicators.digest"


def test_the_digest_lists_the_right_directions_late_first(closed_fortnight, mailoutbox):
    older = make_period("quinzaine", dt.date(2026, 11, 1))  # not the one that just closed
    assert older.reports.exists()
    tick(at(8))
    text = mailoutbox[0].body
    late_section = text.split("En retard :")[1].split("Par pôle et direction")[0]
    assert "DASES — 2de quinzaine de novembre 2026" in late_section
    assert "DRH" not in late_section
    by_pole = text.split("Par pôle et direction")[1]
    # DASES's late fortnight comes before its validated month in its pôle.
    assert by_pole.index("DASES — 2de quinzaine") < by_pole.index("DASES — Novembre 2026")
    assert "DRH — 2de quinzaine de novembre 2026 : soumis" in by_pole
    assert "1re quinzaine" not in text
    html = mailoutbox[0].alternatives[0].content
    # The states wear the portal's badge colours, inline: late in red, submitted in blue.
    assert f'<span style="{Badge.BAD.inline_style};' in html
    assert f'<span style="{Badge.INFO.inline_style};' in html
    assert ">En retard</span>" in html


def test_content_by_pole_counts_what_was_received(closed_fortnight):
    content = R.digest_content(closed_fortnight, dt.date(2026, 12, 8))
    assert (content["total"], content["received"], content["late"]) == (3, 2, 1)
    codes = [[r["report"].direction.code for r in b.rows] for b in content["blocks"]]
    assert ["DASES", "DASES"] in codes
    assert ["DRH"] in codes


def test_an_old_fortnight_is_not_sent_late(closed_fortnight, mailoutbox):
    # Weeks later, the last closed fortnight is the 1st of December (due 22 December).
    make_period("quinzaine", dt.date(2026, 12, 1))
    tick(at(30))
    digest = ReportingDigest.objects.get()
    assert digest.period.start == dt.date(2026, 12, 1)
