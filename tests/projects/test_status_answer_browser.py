"""In Chromium: the adjointe questions a status, the cheffe de projet answers from her home page."""

import pytest

from projects.models import Rating, StatusUpdate
from projects.services import status_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_question_is_answered_from_the_home_page_and_the_adjointe_reads_the_answer(
    make_project, chef_projet, adjoint, login, page
):
    project = make_project(
        name="Plan de rénovation des écoles", chef_projet=chef_projet, sg_adjoint=adjoint
    )
    status = status_post(
        project=project,
        by=chef_projet,
        schedule=Rating.AT_RISK,
        budget=Rating.ON_TRACK,
        scope=Rating.ON_TRACK,
        narrative="Deux entreprises défaillantes sur la vague 2.",
    )
    login("adjoint.demo")
    page.goto(f"/projets/{project.pk}/")
    card = page.locator(f"#statut-{status.pk}")
    card.get_by_text("Poser une question").click()
    card.get_by_label("Votre question").fill("Quel retard pour la rentrée ?")
    card.get_by_role("button", name="Envoyer la question").click()
    page.locator(f"#statut-{status.pk}").get_by_text("Quel retard pour la rentrée ?").wait_for()
    page.get_by_role("button", name="Se déconnecter").click()

    login("cp.demo")
    page.goto("/")
    page.get_by_text("Question du SG à répondre").wait_for()
    page.get_by_role("link", name="Plan de rénovation des écoles").first.click()
    card = page.locator(f"#statut-{status.pk}")
    card.get_by_label("Votre réponse").fill("Trois semaines : la relance aboutit le 15 janvier.")
    card.get_by_role("button", name="Répondre à").click()
    page.get_by_text("Votre réponse est transmise").wait_for()
    assert "Question du SG à répondre" not in page.goto("/").text()
    # « Publier le point » for this fortnight opens the published point
    page.goto(f"/projets/{project.pk}/")
    page.get_by_role("link", name="Voir le point de la quinzaine").click()
    page.locator("blockquote.answer").get_by_text("Trois semaines").wait_for()
    page.get_by_role("button", name="Se déconnecter").click()

    login("adjoint.demo")
    page.goto(f"/projets/{project.pk}/")
    card = page.locator(f"#statut-{status.pk}")
    card.get_by_text("Question répondue").wait_for()
    assert "Trois semaines" in card.inner_text()
    status.refresh_from_db()
    assert status.review == StatusUpdate.Review.ANSWERED
