"""The named cast of the tests and the browser fixtures.

The cast lives on a small organisation built by `tests.factories.small_org` (three pôles, five
directions, the SG), with the demo's usernames and password, so tests and `make run` speak of the
same people: a director of DASES, a director of DRH, an SG reviewer, a chargé de mission... A test
that needs the whole demo organisation (its own content, `seed_demo`, volume) asks for `demo_org`.
"""

from __future__ import annotations

import os
import shutil

import pytest

from directions.models import Direction, User
from tests import factories

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def demo_org(db) -> dict[str, User]:
    """The SG's whole demo organisation and demo accounts (idempotent), keyed by username."""
    from directions import demo

    demo.seed()
    return {u.username: u for u in User.objects.select_related("direction", "pole")}


@pytest.fixture
def cast(db) -> dict[str, User]:
    """The named cast on the small organisation, keyed by username (`dir.dases`, `sg.demo`…)."""
    return factories.small_org()


@pytest.fixture
def dir_dases(cast) -> User:
    return cast["dir.dases"]


@pytest.fixture
def ref_dases(cast) -> User:
    return cast["ref.dases"]


@pytest.fixture
def dir_drh(cast) -> User:
    return cast["dir.drh"]


@pytest.fixture
def sg_user(cast) -> User:
    """The Secrétaire générale."""
    return cast["sg.demo"]


@pytest.fixture
def adjoint(cast) -> User:
    """SG adjointe over the pôle that holds DASES (not DRH)."""
    return cast["adjoint.demo"]


@pytest.fixture
def delegue(cast) -> User:
    """SG délégué, over the pôle that holds DRH."""
    return cast["delegue.demo"]


@pytest.fixture
def charge_mission(cast) -> User:
    """Chargé de mission of the pôle that holds DASES."""
    return cast["cm.demo"]


@pytest.fixture
def chef_projet(cast) -> User:
    return cast["cp.demo"]


@pytest.fixture
def cadre(cast) -> User:
    """Cadre supérieur of DVD."""
    return cast["cadre.demo"]


@pytest.fixture
def admin_user_demo(cast) -> User:
    """The portal's administrator (a superuser)."""
    return cast["admin.demo"]


@pytest.fixture
def outsider(db) -> User:
    """An account with a role but no direction and no pôle: sees nothing scoped."""
    return factories.make_user("outsider", password="x", role=User.Role.CADRE_SUPERIEUR)


@pytest.fixture
def dases(cast) -> Direction:
    return Direction.objects.get(code="DASES")


@pytest.fixture
def drh(cast) -> Direction:
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
