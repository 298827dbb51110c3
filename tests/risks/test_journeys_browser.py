"""The risks' journeys in Chromium: the owner reviews a risk, the Secrétaire générale accepts
one, on the map's level the risk reached."""

from __future__ import annotations

import pytest

from risks.models import Acceptance, Review, Risk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_owner_reviews_a_risk_and_the_sg_accepts_it(make_risk, login, page):
    risk = make_risk(title="Rupture de l'hébergement d'urgence", category="continuite")
    login("dir.dases")
    page.goto(f"/risques/{risk.pk}/")
    page.get_by_role("link", name="Revoir le risque").click()
    page.get_by_label("Probabilité (net)").select_option("3")
    page.get_by_label("Ce qui a changé").fill("Deux saturations du dispositif en octobre.")
    page.get_by_label("Commentaire").fill("Mesures complémentaires à l'étude.")
    page.get_by_role("button", name="Enregistrer la revue").click()
    page.get_by_text("La revue a été enregistrée.").wait_for()
    review = Review.objects.get()
    assert (review.before["net_level"], review.after["net_level"]) == ("eleve", "critique")
    # A critical risk is accepted by the Secrétaire générale only: the director is not offered it.
    assert page.get_by_role("link", name="Accepter le risque").count() == 0

    page.get_by_role("button", name="Se déconnecter").click()
    login("sg.demo")
    page.goto(f"/risques/{risk.pk}/")
    page.get_by_role("link", name="Accepter le risque").click()
    page.get_by_role("button", name="Accepter le risque").click()
    page.get_by_text("Justifiez l'acceptation").first.wait_for()  # refused, next to the field
    page.get_by_label("Justification").fill(
        "Le renfort de places est engagé ; le niveau est accepté jusqu'à son ouverture."
    )
    page.get_by_role("button", name="Accepter le risque").click()
    page.get_by_text("L'acceptation du risque a été enregistrée.").wait_for()
    acceptance = Acceptance.objects.get()
    assert acceptance.decided_by.username == "sg.demo" and acceptance.level == "critique"
    assert Risk.objects.get().acceptance == acceptance
    page.get_by_text("En vigueur").wait_for()
