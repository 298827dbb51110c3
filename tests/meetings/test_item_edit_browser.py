"""In Chromium: a suggestion added to an empty agenda, then corrected, then the agenda published."""

import pytest
from playwright.sync_api import expect

from meetings.models import AgendaItem

from .conftest import add_item, make_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_charge_de_mission_adds_a_suggestion_corrects_it_then_publishes(
    cast, bodies, login, page
):
    past = make_meeting(bodies["cds"], days=-14)
    add_item(past, "Chantiers de voirie", minutes=15, status=AgendaItem.Status.DEFERRED)
    meeting = make_meeting(bodies["cds"], days=6)
    login("cm.demo")
    page.goto(f"/reunions/{meeting.pk}/")
    # an empty agenda cannot be published: the button is not there, the reason is
    expect(page.get_by_role("button", name="Publier l'ordre du jour")).to_have_count(0)
    page.get_by_text("Retenez au moins un point pour pouvoir publier").wait_for()

    page.get_by_role("button", name="Ajouter « Chantiers de voirie » à l'ordre du jour").click()
    page.locator("ol.agenda li").filter(has_text="Chantiers de voirie").wait_for()
    page.get_by_role("link", name="Modifier « Chantiers de voirie »").click()
    page.get_by_role("heading", name="Modifier le point").wait_for()
    page.get_by_label("Intitulé").fill("Chantiers de voirie des fêtes de fin d'année")
    page.get_by_label("Type").select_option(label="Décision")
    page.get_by_label("Durée (minutes)").fill("30")
    page.get_by_label("Lien vers le document").fill("https://intranet.paris.fr/voirie.pdf")
    page.get_by_role("button", name="Enregistrer le point").click()

    item = page.locator("ol.agenda li").filter(has_text="Chantiers de voirie des fêtes")
    expect(item).to_contain_text("30 min")
    expect(item).to_contain_text("Décision")
    expect(item.get_by_role("link", name="Document du point")).to_have_attribute(
        "href", "https://intranet.paris.fr/voirie.pdf"
    )
    page.get_by_text("Fin prévue à 10h00").wait_for()  # 9h30 + 30 min

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Publier l'ordre du jour").click()
    page.get_by_text("L'ordre du jour est publié").wait_for()
