"""What htmx does with a refused form and with a meeting changed in another tab."""

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting

from .conftest import add_item, make_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_refused_proposal_shows_its_errors_next_to_the_fields_and_keeps_the_text(
    cast, bodies, login, page
):
    meeting = make_meeting(bodies["cds"], days=6)
    login("dir.dases")
    page.goto(f"/reunions/{meeting.pk}/")
    page.get_by_text("Proposer un point").click()
    page.get_by_label("Intitulé").fill("ab")
    page.get_by_label("Durée (minutes)").fill("500")
    page.get_by_role("button", name="Proposer", exact=True).click()
    expect(page.get_by_text("Donnez un intitulé d'au moins trois caractères.")).to_be_visible()
    expect(page.get_by_text("c'est une séance")).to_be_visible()
    expect(page.get_by_label("Intitulé")).to_have_value("ab")
    assert not meeting.items.exists()


def test_a_meeting_cancelled_in_another_tab_shows_as_cancelled_on_the_next_click(
    cast, bodies, login, page
):
    meeting = make_meeting(bodies["cds"], days=6)
    add_item(meeting, "Tour de table des directions")
    add_item(meeting, "Plan grand froid")
    login("cm.demo")
    page.goto(f"/reunions/{meeting.pk}/")
    # meanwhile, in another tab
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.CANCELLED, cancel_reason="Séance du Conseil de Paris"
    )
    page.get_by_role("button", name="Descendre « Tour de table des directions »").click()
    expect(page.get_by_text("Réunion annulée.")).to_be_visible()


def test_a_long_proposal_keeps_its_three_buttons_on_one_line(cast, bodies, login, page):
    from meetings.models import AgendaItem

    meeting = make_meeting(bodies["cds"], days=6)
    add_item(
        meeting,
        "Délibération reportée : 2027 DVD 1 — Autopartage électrique : principe de la délégation "
        "de service public et calendrier de la consultation",
        status=AgendaItem.Status.PROPOSED,
        proposed_by=cast["dir.dases"],
    )
    login("cm.demo")
    page.goto(f"/reunions/{meeting.pk}/")
    tops = {
        round(page.get_by_role("button", name=name).first.bounding_box()["y"])
        for name in ("Retenir", "Reporter", "Écarter")
    }
    assert len(tops) == 1
