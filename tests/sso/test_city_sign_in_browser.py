"""The whole journey in Chromium: the login page's button, the provider's page, the portal, the
logout through the provider and back to the login page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from directions import policy
from directions.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


AXE = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"


def assert_accessible(page) -> None:
    """axe-core (WCAG 2.1 A and AA) finds nothing, at 1366 and 420 px."""
    for width in (1366, 420):
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate(AXE.read_text())
        violations = page.evaluate(
            "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
            ".then(r => r.violations.map(v => [v.id, v.nodes.map(n => n.target)]))"
        )
        assert violations == [], json.dumps(violations)
    page.set_viewport_size({"width": 1366, "height": 900})


@pytest.fixture
def csp_allows_the_provider(sso, settings):
    # As settings.py does when OIDC_ISSUER is set at start-up.
    csp = {name: list(values) for name, values in settings.SECURE_CSP.items()}
    csp["form-action"].append(sso.issuer)
    settings.SECURE_CSP = csp


def test_a_director_signs_in_with_her_city_account_and_out_again(
    sso, csp_allows_the_provider, mappings, page
):
    sso.account(
        "claire.martin",
        given_name="Claire",
        family_name="Martin",
        employee_id="M012345",
        groups=["GG-DASES-DIRECTION"],
    )

    page.goto("/rapports/")
    assert_accessible(page)
    page.get_by_role("link", name="Se connecter avec mon compte Ville de Paris").click()
    page.wait_for_url(f"{sso.issuer}/interaction/**")
    page.get_by_label("Identifiant Ville de Paris").fill("claire.martin")
    page.get_by_role("button", name="Valider").click()

    page.wait_for_url(re.compile(r"/rapports/$"))
    assert "Claire Martin" in page.inner_text("header")
    user = User.objects.get(city_identity__employee_id="M012345")
    assert policy.filing_direction_id(user) == mappings["dases"].direction_id

    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(f"{sso.issuer}/session/end**")
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(re.compile(r"/connexion/$"))
    page.get_by_role("link", name="Se connecter avec mon compte Ville de Paris").wait_for()

    # Signed out at the provider too: the next sign-in asks who one is again.
    page.get_by_role("link", name="Se connecter avec mon compte Ville de Paris").click()
    page.get_by_label("Identifiant Ville de Paris").wait_for()


def test_a_person_without_access_reads_a_polite_page(sso, mappings, page):
    sso.account("nina", given_name="Nina", family_name="Roux", groups=["GG-DVD-AGENTS"])
    page.goto("/connexion/")
    page.get_by_role("link", name="Se connecter avec mon compte Ville de Paris").click()
    page.get_by_label("Identifiant Ville de Paris").fill("nina")
    page.get_by_role("button", name="Valider").click()
    page.get_by_role("heading", name="Votre compte n'a pas encore accès au portail").wait_for()
    assert_accessible(page)


def test_the_break_glass_form_is_folded_and_accessible(sso, page, settings):
    settings.OIDC_LOCAL_PASSWORDS = False
    page.goto("/connexion/")
    page.get_by_text("Accès de secours (administrateurs désignés)").click()
    page.get_by_label("Identifiant", exact=True).wait_for()
    assert_accessible(page)


def test_an_unreachable_provider_is_said_on_the_login_page(sso, page, settings):
    from tests.sso.conftest import free_port

    settings.OIDC_ISSUER = f"http://127.0.0.1:{free_port()}"
    page.goto("/connexion/")
    page.get_by_role("link", name="Se connecter avec mon compte Ville de Paris").click()
    page.get_by_role("alert").get_by_text("ne répond pas").wait_for()
    assert page.url.endswith("/connexion/")
    assert_accessible(page)
