"""On a phone (420 px, touch): a compact header with a menu button, filters folded behind one
button with the results first, chart labels readable, no drag-and-drop hint."""

import pytest
from django.core.management import call_command
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 420, "height": 900}


@pytest.fixture
def phone(browser_instance, live_server, monkeypatch):
    monkeypatch.setenv("SG_ALLOW_DEMO_DATA", "1")
    call_command("seed_demo", verbosity=0)
    context = browser_instance.new_context(
        base_url=live_server.url, locale="fr-FR", viewport=PHONE, has_touch=True, is_mobile=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()

    def login(username):
        page.goto("/connexion/")
        page.get_by_label("Identifiant").fill(username)
        page.get_by_label("Mot de passe").fill("paris2026")
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(lambda url: "/connexion/" not in url)

    yield page, login
    context.close()


def test_a_phone_shows_a_compact_header_folded_filters_readable_charts_and_no_drag_hint(phone):
    from meetings.models import Meeting

    page, login = phone
    login("cm.demo")  # prepares the CDS, reads the projects and the dashboards

    # header and navigation: at most a sixth of the screen, the rest behind « Menu »
    page.goto("/projets/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= PHONE["height"] / 6, header
    nav = page.get_by_role("navigation", name="Navigation principale")
    assert not nav.is_visible()
    menu = page.get_by_role("button", name="Menu")
    assert menu.get_attribute("aria-expanded") == "false"
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert nav.get_by_role("link", name="Délibérations").is_visible()
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    page.keyboard.press("Escape")
    assert not nav.is_visible()

    # filters: one button, the results first
    form = page.locator("form.filters")
    assert not form.is_visible()
    toggle = page.locator(".filters-toggle")
    assert toggle.is_visible() and toggle.inner_text().startswith("Filtres")
    first_project = page.locator("main a[href^='/projets/']").filter(has_text="Centres").first
    assert first_project.bounding_box()["y"] < PHONE["height"]
    toggle.click()
    assert form.is_visible() and toggle.get_attribute("aria-expanded") == "true"

    # chart labels: at least 11 px as read on the screen
    page.goto("/indicateurs/visites-pmi/")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('svg[data-readable-labels]')].flatMap((svg) => {
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return [...svg.querySelectorAll('text')]
            .filter((t) => getComputedStyle(t).display !== 'none')
            .map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
        })"""
    )
    assert sizes and min(sizes) >= 10.99, sizes

    # the agenda: reordered with the buttons, no drag-and-drop hint on a touch screen
    meeting = (
        Meeting.objects.filter(body__kind="cds", starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )
    page.goto(f"/reunions/{meeting.pk}/")
    assert page.get_by_text("Réordonnez les points avec « Monter » et « Descendre ».").is_visible()
    assert not page.get_by_text("Glissez-déposez").is_visible()
