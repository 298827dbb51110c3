"""The projects' journeys in Chromium, on the demo data: a status posted and acknowledged, a
deliberation declared three months ahead, the timeline used from the keyboard."""

import re

import pytest
from django.utils import timezone

from projects import demo, selectors
from projects.models import Deliberation, Project, StatusUpdate
from projects.selectors import upcoming_sittings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHOOLS = "Plan de rénovation des écoles"


@pytest.fixture
def demo_projects(demo_org):
    demo.seed()
    return Project.objects.get(name=SCHOOLS)


def test_chef_de_projet_posts_at_risk_and_the_adjoint_acknowledges(demo_projects, login, page):
    project = demo_projects
    # The demo has this fortnight's point already; the journey is the chef de projet's first one.
    current = selectors.current_status(project, timezone.localdate())
    if current is not None:
        current.delete()
    login("cp.demo")
    page.goto(f"/projets/{project.pk}/")
    page.get_by_role("link", name="Publier le point de la quinzaine").click()
    page.get_by_role("group", name="Délais").get_by_label("À risque").check()
    page.get_by_role("group", name="Budget").get_by_label("Dans les temps").check()
    page.get_by_role("group", name="Périmètre").get_by_label("Dans les temps").check()
    page.get_by_label("Où en est le projet").fill(
        "Deux entreprises défaillantes sur la vague 2 : relance des marchés en cours."
    )
    page.get_by_label("Ce dont vous avez besoin du Secrétariat général").fill(
        "Un appui auprès de la DPA pour accélérer la relance."
    )
    page.get_by_role("button", name="Publier le point").click()
    page.get_by_text("Votre point d'avancement est publié.").wait_for()
    status = StatusUpdate.objects.filter(project=project).first()
    assert status.overall == "at_risk" and status.author.username == "cp.demo"

    page.get_by_role("button", name="Se déconnecter").click()
    login("adjoint.demo")
    page.goto(f"/projets/{project.pk}/")
    card = page.locator(f"#statut-{status.pk}")
    assert "Deux entreprises défaillantes" in card.inner_text()
    card.get_by_role("button", name="Prendre en compte").click()
    page.locator(f"#statut-{status.pk}").get_by_text("Pris en compte").wait_for()
    status.refresh_from_db()
    assert status.review == StatusUpdate.Review.ACKNOWLEDGED
    assert status.reviewed_by.username == "adjoint.demo"


def test_director_declares_a_deliberation_three_months_ahead_and_sees_it_in_the_view(
    demo_projects, login, page
):
    sitting = list(upcoming_sittings(timezone.localdate()))[-1]  # the farthest within 3 months
    login("dir.dases")
    page.goto("/deliberations/")
    page.get_by_role("link", name="Déclarer une délibération").click()
    page.get_by_label("Objet").fill("Création de deux centres de santé dans le 19e arrondissement")
    page.get_by_label("Séance visée").select_option(str(sitting.pk))
    page.get_by_label("Projet servi").select_option(
        label="Maisons des solidarités : refonte de l'accueil social"
    )
    page.get_by_role("button", name="Déclarer").click()
    page.get_by_text(re.compile(r"Délibération \d{4} DASES \d+ déclarée")).wait_for()
    deliberation = Deliberation.objects.get(title__startswith="Création de deux centres")
    assert deliberation.sitting == sitting
    assert deliberation.reference.startswith(f"{sitting.start_date.year} DASES ")

    page.get_by_role("link", name="Délibérations", exact=True).first.click()
    section = page.locator(f"section[aria-labelledby='seance-{sitting.pk}']")
    assert "Création de deux centres de santé" in section.inner_text()
    assert deliberation.reference in section.inner_text()


def test_the_timeline_is_keyboard_accessible(demo_projects, login, page):
    login("cadre.demo")
    page.goto("/projets/calendrier/")
    row = page.locator("a.tl-row").first
    row.focus()
    assert page.evaluate("document.activeElement.getAttribute('class')") == "tl-row"
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/projets/calendrier/" not in url)
    assert "/projets/" in page.url
    page.get_by_role("heading", name="Jalons").wait_for()
