"""The notices of a review (return, reopening) go through the outbox, even with Redis down."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators import services
from indicators.models import Report
from sg_portal.outbox.delivery import Outcome, outbox_sweep
from sg_portal.outbox.models import Email, EmailState
from sg_portal.outbox.selectors import emails_about
from tests.indicators.test_report_services import _fill
from tests.sg_portal.outbox_helpers import redis_down_then_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(report, shelter, delay, dir_dases) -> Report:
    _fill(report, dir_dases, shelter, delay)
    assert services.report_submit(report=report, user=dir_dases).complete
    return report


def test_returning_a_report_with_redis_down_succeeds_and_the_notice_goes_out_once_later(
    client, submitted, sg_user, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(sg_user)
    url = reverse("indicators:report_return", args=[submitted.pk])
    with redis_down_then_up():
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"comment": "Revoir le délai"})
        assert response.status_code == 302  # saved and answered, not a 500
        submitted.refresh_from_db()
        assert submitted.status == Report.Status.RETURNED
        notice = Email.objects.get(purpose="indicators.report_returned")
        assert notice.state == EmailState.QUEUED
        assert mailoutbox == []

    # Redis is back: the sweep sends what the broker never received, once.
    soon = timezone.now() + dt.timedelta(minutes=1)
    assert outbox_sweep(now=soon)[Outcome.SENT] == 1
    assert outbox_sweep(now=soon + dt.timedelta(minutes=5))[Outcome.SENT] == 0
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == ("Rapport renvoyé : DASES, 2de quinzaine de novembre 2026")
    assert "Revoir le délai" in mailoutbox[0].body


def test_reopening_a_validated_report_tells_the_direction(
    submitted, sg_user, mailoutbox, django_capture_on_commit_callbacks
):
    services.report_validate(report=submitted, user=sg_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_reopen(report=submitted, user=sg_user, reason="Erreur de source")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "Rapport rouvert : DASES, 2de quinzaine de novembre 2026"
    assert sorted(message.to) == ["dir.dases@paris.fr", "ref.dases@paris.fr"]
    assert "déjà validé, a été rouvert" in message.body
    assert "Erreur de source" in message.alternatives[0].content


def test_each_return_is_one_notice_and_the_report_lists_its_emails(
    submitted, sg_user, dir_dases, delay, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=submitted, user=sg_user, comment="Premier renvoi")
    services.value_save(
        report=submitted, indicator=delay, arrondissement=None, raw="19,5", version=1,
        user=dir_dases,
    )  # fmt: skip
    assert services.report_submit(report=submitted, user=dir_dases).complete
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=submitted, user=sg_user, comment="Second renvoi")
    assert len(mailoutbox) == 2
    about = list(emails_about(submitted, purposes=["indicators.report_returned"]))
    assert [e.state for e in about] == [EmailState.SENT, EmailState.SENT]
    assert len({e.key for e in about}) == 2
