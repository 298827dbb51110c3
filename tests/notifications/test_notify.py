"""A notification is produced once per event and person, never for one's own act, and is
delivered as each person chose: in the portal, by email at once, or in the daily digest."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from indicators import services
from indicators.models import Report
from sg_portal.notifications.kinds import Delivery
from sg_portal.notifications.models import DigestHour, Notification, Preference
from sg_portal.notifications.services import digest_send_due, notify
from sg_portal.outbox.models import Email
from tests import factories
from tests.race import at_once


@pytest.fixture
def submitted(cast, dases):
    period = factories.make_period("quinzaine", dt.date(2026, 11, 3))
    return factories.make_report(dases, period, status=Report.Status.SUBMITTED)


@pytest.mark.django_db
def test_a_returned_report_notifies_its_direction_but_not_the_reviewer(
    submitted, adjoint, dir_dases, ref_dases
):
    services.report_return(report=submitted, user=adjoint, comment="Il manque les crèches.")
    rows = Notification.objects.filter(kind="indicators.report_returned")
    assert {n.recipient for n in rows} == {dir_dases, ref_dases}
    assert not Notification.objects.filter(recipient=adjoint).exists()
    assert rows[0].url == f"/rapports/{submitted.pk}/"
    assert rows[0].body == "Il manque les crèches."


@pytest.mark.django_db
def test_a_submitted_report_notifies_the_poles_reviewer_not_the_submitter(
    cast, dases, dir_dases, adjoint
):
    period = factories.make_period("quinzaine", dt.date(2026, 11, 3))
    report = factories.make_report(dases, period)
    from indicators.notifications import report_submitted

    report_submitted(report=report, actor=dir_dases, at=timezone.now())
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == [
        adjoint.username
    ]


@pytest.mark.django_db
def test_the_same_event_notified_twice_is_one_notification(cast, dir_dases, sg_user):
    for _ in range(2):
        notify(
            kind="indicators.report_validated",
            recipients=[dir_dases],
            key="indicators.report_validated:1:x",
            title="Rapport validé",
            url="/rapports/1/",
            actor=sg_user,
        )
    assert Notification.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_produce_one_notification_and_one_email(cast):
    from directions.models import User

    director = User.objects.get(username="dir.dases")
    Preference.objects.create(
        user=director, kind="indicators.report_validated", delivery=Delivery.IMMEDIATE
    )

    def produce():
        from django.db import transaction

        with transaction.atomic():
            return len(
                notify(
                    kind="indicators.report_validated",
                    recipients=[director],
                    key="indicators.report_validated:7:race",
                    title="Rapport validé",
                    url="/rapports/7/",
                )
            )

    assert sorted(at_once(produce, produce)) == [0, 1]
    assert Notification.objects.count() == 1
    assert Email.objects.filter(purpose="notifications.immediate").count() == 1


@pytest.mark.django_db
def test_an_unknown_kind_is_refused(cast, dir_dases):
    with pytest.raises(ValueError):
        notify(kind="nope", recipients=[dir_dases], key="k", title="t", url="/")


@pytest.mark.django_db
def test_the_digest_is_sent_once_at_the_chosen_hour(cast, dir_dases, sg_user):
    Preference.objects.create(
        user=dir_dases, kind="indicators.report_validated", delivery=Delivery.DIGEST
    )
    DigestHour.objects.create(user=dir_dases, hour=17)
    paris = timezone.get_current_timezone()
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0, tzinfo=paris), tick=False):
        for n in range(3):
            notify(
                kind="indicators.report_validated",
                recipients=[dir_dases],
                key=f"digest-test:{n}",
                title=f"Rapport validé {n}",
                url="/rapports/1/",
                actor=sg_user,
            )
        assert digest_send_due() == 0  # 9 h: not yet
    with time_machine.travel(dt.datetime(2026, 11, 30, 17, 5, tzinfo=paris), tick=False):
        assert digest_send_due() == 1
        assert digest_send_due() == 0
    digest = Email.objects.get(purpose="notifications.digest")
    assert digest.to == [dir_dases.email]
    assert "Rapport validé 2" in digest.body
    assert not Notification.objects.filter(digested_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_two_digest_ticks_racing_send_one_digest(cast):
    from directions.models import User

    director = User.objects.get(username="dir.dases")
    Preference.objects.create(
        user=director, kind="indicators.report_validated", delivery=Delivery.DIGEST
    )
    notify(
        kind="indicators.report_validated",
        recipients=[director],
        key="race-digest",
        title="Rapport validé",
        url="/rapports/1/",
    )
    DigestHour.objects.create(user=director, hour=0)
    now = timezone.now()
    at_once(lambda: digest_send_due(now=now), lambda: digest_send_due(now=now))
    assert Email.objects.filter(purpose="notifications.digest").count() == 1
