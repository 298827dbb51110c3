"""The named cast of the tests and the browser fixtures.

The cast comes from the demo organisation (`directions.demo`), so tests and `make run` speak of
the same people: a director of DASES, a director of DRH, an SG reviewer, a chargé de mission...
"""

from __future__ import annotations

import os
import shutil

import pytest

from directions.models import Direction, User

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def demo_org(db):
    """The SG's organisation and demo accounts (idempotent)."""
    from directions import demo

    demo.seed()
    return {u.username: u for u in User.objects.select_related("direction", "pole")}


@pytest.fixture
def dir_dases(demo_org) -> User:
    return demo_org["dir.dases"]


@pytest.fixture
def ref_dases(demo_org) -> User:
    return demo_org["ref.dases"]


@pytest.fixture
def dir_drh(demo_org) -> User:
    return demo_org["dir.drh"]


@pytest.fixture
def sg_user(demo_org) -> User:
    return demo_org["sg.demo"]


@pytest.fixture
def adjoint(demo_org) -> User:
    """SG adjointe over the pôle that holds DASES (not DRH)."""
    return demo_org["adjoint.demo"]


@pytest.fixture
def charge_mission(demo_org) -> User:
    return demo_org["cm.demo"]


@pytest.fixture
def chef_projet(demo_org) -> User:
    return demo_org["cp.demo"]


@pytest.fixture
def cadre(demo_org) -> User:
    return demo_org["cadre.demo"]


@pytest.fixture
def admin_user_demo(demo_org) -> User:
    return demo_org["admin.demo"]


@pytest.fixture
def outsider(demo_org) -> User:
    """An account with a role but no direction and no pôle: sees nothing scoped."""
    return User.objects.create_user("outsider", password="x", role=User.Role.CADRE_SUPERIEUR)


@pytest.fixture
def dases(demo_org) -> Direction:
    return Direction.objects.get(code="DASES")


@pytest.fixture
def drh(demo_org) -> Direction:
    return Direction.objects.get(code="DRH")


# --- Browser tests -------------------------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    have_chromium = shutil.which(CHROMIUM) is not None or os.path.exists(CHROMIUM)
    in_ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
    if have_chromium or in_ci:
        return  # in CI a missing Chromium fails the browser tests instead of skipping them
    skip = pytest.mark.skip(
        reason=f"Chromium introuvable ({CHROMIUM}) : tests navigateur ignorés hors CI"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_instance():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
    # around it are still synchronous and safe. Set only while a browser runs.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser_instance, live_server):
    context = browser_instance.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1366, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(page):
    """Log in through the real form, as a person would."""

    def _login(username: str, password: str = "paris2026"):
        page.goto("/connexion/")
        page.get_by_label("Identifiant").fill(username)
        page.get_by_label("Mot de passe").fill(password)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(lambda url: "/connexion/" not in url)
        return page

    return _login
