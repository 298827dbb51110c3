"""Reviews reminded once before and once on the date, escalated to the reviewer when late; net
levels above tolerance escalated to the pôle, then to the SG; key risk indicators crossed. Every
email goes through the outbox, once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.models import Report
from risks import reminders
from risks.models import KeyIndicator, Risk
from sg_portal.outbox.models import Email
from tests import factories
from tests.race import at_once

pytestmark = pytest.mark.django_db


def _subjects(purpose: str) -> list[str]:
    return list(Email.objects.filter(purpose=purpose).values_list("subject", flat=True))


def test_a_review_is_reminded_once_before_once_on_the_date_and_escalated_when_late(
    make_risk, adjoint
):
    risk = make_risk(category="rh", net_probability=2, net_impact=3)  # modéré: within tolerance
    due = risk.next_review_on
    for day in (due - dt.timedelta(days=8), due - dt.timedelta(days=7), due - dt.timedelta(days=3)):
        reminders.reviews_remind(today=day)
    assert _subjects("risks.review_reminder") == [
        f"Risque à revoir le {due:%d/%m/%Y} : {risk.title}"
    ]
    reminders.reviews_remind(today=due)
    reminders.reviews_remind(today=due)
    assert len(_subjects("risks.review_reminder")) == 2
    assert not _subjects("risks.review_late")
    late = due + dt.timedelta(days=5)
    reminders.reviews_remind(today=late)
    reminders.reviews_remind(today=late + dt.timedelta(days=1))
    late_emails = Email.objects.filter(purpose="risks.review_late")
    assert late_emails.count() == 1 and late_emails.get().to == [adjoint.email]


@pytest.mark.django_db(transaction=True)
def test_two_ticks_at_once_queue_each_reminder_once(make_risk):
    risk = make_risk(category="rh", net_probability=2, net_impact=3)
    day = risk.next_review_on
    at_once(lambda: reminders.tick(today=day), lambda: reminders.tick(today=day))
    assert Email.objects.filter(purpose="risks.review_reminder").count() == 1


def test_a_net_level_above_tolerance_goes_to_the_pole_then_to_the_sg(make_risk, adjoint, sg_user):
    risk = make_risk(category="juridique")  # net élevé > modéré tolerated
    today = timezone.localdate()
    assert reminders.tolerance_escalate(today=today) == 1
    assert reminders.tolerance_escalate(today=today) == 0
    risk.refresh_from_db()
    assert risk.escalation == "pole" and not risk.on_sg_map
    assert Email.objects.get(purpose="risks.escalation").to == [adjoint.email]
    Risk.objects.filter(pk=risk.pk).update(
        escalated_at=timezone.now() - dt.timedelta(days=reminders.ESCALATE_TO_SG_AFTER_DAYS + 1)
    )
    assert reminders.tolerance_escalate(today=today) == 1
    risk.refresh_from_db()
    assert risk.escalation == "sg" and risk.on_sg_map
    assert sorted(e.to[0] for e in Email.objects.filter(purpose="risks.escalation")) == sorted(
        [adjoint.email, sg_user.email]
    )


def test_a_probity_risk_tolerates_only_a_low_level(make_risk):
    make_risk(category="probite", net_probability=2, net_impact=3)  # modéré
    make_risk(category="rh", net_probability=2, net_impact=3)
    assert reminders.tolerance_escalate(today=timezone.localdate()) == 1
    assert Risk.objects.get(escalation="pole").category == "probite"


def test_a_validated_value_beyond_the_threshold_flags_the_risk_once(make_risk, cast, dir_drh):
    drh = dir_drh.direction
    risk = make_risk(direction=drh, owner=dir_drh, category="rh", net_probability=2, net_impact=3)
    indicator = factories.make_indicator("absenteisme", direction=drh)
    KeyIndicator.objects.create(
        risk=risk, indicator=indicator, threshold=Decimal("9"), crossing="above"
    )
    period = factories.make_period(
        indicator.periodicity, timezone.localdate() - dt.timedelta(days=40)
    )
    report = factories.make_report(
        drh, period, status=Report.Status.SUBMITTED, values={indicator: Decimal("9.4")}
    )
    today = timezone.localdate()
    assert reminders.key_indicators_check(today=today) == 0  # submitted, not validated yet
    Report.objects.filter(pk=report.pk).update(status=Report.Status.VALIDATED)
    assert reminders.key_indicators_check(today=today) == 1
    assert reminders.key_indicators_check(today=today) == 0
    risk.refresh_from_db()
    assert indicator.name in risk.review_flag and "9,4" in risk.review_flag
    assert Email.objects.get(purpose="risks.kri_crossed").to == [dir_drh.email]
