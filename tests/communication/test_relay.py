"""A director records the relay in their direction; the SG sees the rates by direction and
reminds the directions that have not relayed, through the outbox, once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from communication import services
from communication.models import Relay
from communication.selectors import announcement_figures
from sg_portal.outbox.models import Email
from tests.race import at_once

from .conftest import make_announcement


@pytest.mark.django_db
def test_a_director_relays_in_their_direction_once(client, dir_dases, announcement):
    client.force_login(dir_dases)
    url = reverse("communication:announcement_relay", args=[announcement.pk])
    today = timezone.localdate().isoformat()
    response = client.post(
        url, {"relayed_on": today, "how": "reunion", "note": "En comité de direction"}
    )
    assert response.status_code == 302
    relay = Relay.objects.get()
    assert (relay.direction, relay.relayed_by, relay.how) == (
        dir_dases.direction,
        dir_dases,
        "reunion",
    )
    page = client.get(
        reverse("communication:announcement", args=[announcement.pk])
    ).content.decode()
    assert "Relayée</span> le" in page


@pytest.mark.django_db
def test_a_relay_in_the_future_is_refused_next_to_the_date(client, dir_dases, announcement):
    client.force_login(dir_dases)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("communication:announcement_relay", args=[announcement.pk]),
        {"relayed_on": tomorrow, "how": "note", "note": "Gardée"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "ne peut pas être dans le futur" in page and 'value="Gardée"' in page
    assert not Relay.objects.exists()


@pytest.mark.django_db
def test_only_a_director_of_a_targeted_direction_relays(
    client, ref_dases, cadre, dir_drh, sg_user, dases
):
    item = make_announcement(
        sg_user, "À DASES", audience="directions", directions=[dases], asks_relay=True
    )
    data = {"relayed_on": timezone.localdate().isoformat(), "how": "note"}
    url = reverse("communication:announcement_relay", args=[item.pk])
    client.force_login(ref_dases)  # reads it, but the director relays
    assert client.post(url, data).status_code == 403
    for user in (cadre, dir_drh):  # outside its audience
        client.force_login(user)
        assert client.post(url, data).status_code == 404


@pytest.mark.django_db
def test_the_rates_count_reading_acknowledgement_and_relay_by_direction(
    sg_user, dir_dases, ref_dases, dir_drh, announcement
):
    services.announcement_read(user=ref_dases, announcement=announcement)
    services.announcement_acknowledge(user=dir_dases, announcement=announcement)
    services.announcement_acknowledge(user=dir_dases, announcement=announcement)  # once
    services.announcement_relay(
        actor=dir_dases,
        announcement=announcement,
        direction=dir_dases.direction,
        relayed_on=timezone.localdate(),
        how="note",
    )
    figures = announcement_figures(sg_user, announcement)
    rows = {row.direction.code: row for row in figures.rows}
    assert (rows["DASES"].audience, rows["DASES"].read, rows["DASES"].acknowledged) == (2, 2, 1)
    assert rows["DASES"].read_rate == 100 and rows["DASES"].ack_rate == 50
    assert rows["DASES"].relay is not None and rows["DRH"].relay is None
    assert figures.relays_done == 1 and figures.relays_expected == 5  # the five directions
    assert not rows["SG"].expects_relay
    mine = announcement_figures(dir_drh, announcement)
    assert [row.direction.code for row in mine.rows] == ["DRH"]


@pytest.mark.django_db(transaction=True)
def test_two_racing_reminders_remind_each_direction_once(cast, sg_user, dir_dases, announcement):
    services.announcement_relay(
        actor=dir_dases,
        announcement=announcement,
        direction=dir_dases.direction,
        relayed_on=timezone.localdate(),
        how="note",
    )
    counts = at_once(
        lambda: services.announcement_remind_relays(actor=sg_user, announcement=announcement),
        lambda: services.announcement_remind_relays(actor=sg_user, announcement=announcement),
    )
    emails = Email.objects.filter(purpose="communication.relay_reminder")
    assert sorted(counts) == [0, 4]
    assert emails.count() == 4
    recipients = sorted(address for email in emails for address in email.to)
    assert recipients == [
        "dir.df@paris.fr",
        "dir.dfpe@paris.fr",
        "dir.drh@paris.fr",
        "dir.dvd@paris.fr",
    ]
    assert services.announcement_remind_relays(actor=sg_user, announcement=announcement) == 0


@pytest.mark.django_db
def test_the_sg_reminds_from_the_announcement_page(client, sg_user, announcement, dir_dases):
    client.force_login(dir_dases)
    assert (
        client.post(
            reverse("communication:announcement_remind", args=[announcement.pk])
        ).status_code
        == 403
    )
    client.force_login(sg_user)
    response = client.post(
        reverse("communication:announcement_remind", args=[announcement.pk]), follow=True
    )
    assert "5 relance(s) envoyée(s)" in response.content.decode()
    response = client.post(
        reverse("communication:announcement_remind", args=[announcement.pk]), follow=True
    )
    assert "Aucune nouvelle relance" in response.content.decode()
