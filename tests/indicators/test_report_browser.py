"""The reporting journey in Chromium, on the demo data: a director fills and submits, the SG
returns or validates; typed input survives an expired session, a conflict, the Back button."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from indicators.models import Report, Value

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_reports(demo_org):
    from indicators import demo

    demo.seed()
    return Report.objects.get(
        direction__code="DASES",
        period__periodicity="quinzaine",
        status=Report.Status.DRAFT,
        due_date__gte=timezone.localdate(),
    )


def _logout(page):
    page.context.clear_cookies()


def _field(page, indicator_name):
    section = page.locator("section.rindicator", has_text=indicator_name)
    return section.locator("input.rfield__input")


def _type_and_leave(page, field, text):
    field.fill(text)
    with page.expect_response(lambda r: "/enregistrer/" in r.url):
        field.press("Tab")


def test_the_reporting_journey_on_the_demo_data(demo_reports, login, page):
    report = demo_reports
    url = f"/rapports/{report.pk}/"

    login("dir.dases")
    page.goto("/rapports/")
    page.get_by_role("link", name="Remplir").first.wait_for()
    page.goto(url)
    shelter = _field(page, "Personnes mises à l'abri")
    delay = _field(page, "Délai moyen de traitement")
    _type_and_leave(page, shelter, "4 912")
    _type_and_leave(page, delay, "20,5")
    page.get_by_text("enregistré à").wait_for()

    # Leave the page and come back: every value is there.
    page.goto("/")
    page.goto(url)
    assert _field(page, "Personnes mises à l'abri").input_value() == "4\u202f912"
    assert _field(page, "Délai moyen de traitement").input_value() == "20,5"
    page.get_by_role("button", name="Soumettre au SG").click()
    page.get_by_text("Rapport soumis au Secrétariat général. Merci.").wait_for()
    assert page.locator("input.rfield__input").count() == 0

    # The SG returns it with a comment.
    _logout(page)
    login("sg.demo")
    page.goto(url)
    page.get_by_label("Motif du renvoi").fill("Le délai paraît bas : merci de vérifier.")
    page.get_by_role("button", name="Renvoyer à la direction").click()
    page.get_by_text("Rapport renvoyé à la direction").wait_for()

    # The director reads the comment, corrects and resubmits.
    _logout(page)
    login("dir.dases")
    page.goto(url)
    page.locator(".return-comment", has_text="Le délai paraît bas : merci de vérifier.").wait_for()
    _type_and_leave(page, _field(page, "Délai moyen de traitement"), "21,2")
    page.get_by_role("button", name="Soumettre au SG").click()
    page.get_by_text("Rapport soumis au Secrétariat général. Merci.").wait_for()

    # The SG validates; the report is then read-only.
    _logout(page)
    login("sg.demo")
    page.goto(url)
    page.get_by_role("button", name="Valider le rapport").click()
    page.get_by_text("il est désormais verrouillé").wait_for()
    _logout(page)
    login("dir.dases")
    page.goto(url)
    page.get_by_text("il est verrouillé (lecture seule)").wait_for()
    assert page.locator("input.rfield__input").count() == 0
    assert page.get_by_role("button", name="Soumettre au SG").count() == 0
    report.refresh_from_db()
    assert report.status == Report.Status.VALIDATED
    values = {v.indicator.code: str(v.value) for v in Value.objects.filter(report=report)}
    assert values == {"mises-a-l-abri": "4912.0000", "delai-aides-sociales": "21.2000"}
    timeline = page.locator(".journal__entry")
    assert timeline.count() >= 6


def test_input_typed_after_the_session_expired_is_kept_and_sent_later(demo_reports, login, page):
    url = f"/rapports/{demo_reports.pk}/"
    login("ref.dases")
    page.goto(url)
    _logout(page)  # the session expires while the page is open
    field = _field(page, "Personnes mises à l'abri")
    _type_and_leave(page, field, "4 950")
    page.locator("#autosave-alert").wait_for(state="visible")
    assert "n'a pas pu être enregistrée" in page.inner_text("#autosave-alert")
    assert not Value.objects.filter(report=demo_reports).exists()

    login("ref.dases")
    with page.expect_response(lambda r: "/enregistrer/" in r.url):
        page.goto(url)
    page.get_by_text("enregistré à").wait_for()
    assert Value.objects.get(report=demo_reports).value == 4950
    assert page.evaluate("Object.keys(localStorage).length") == 0


def test_a_second_person_cannot_silently_overwrite_the_first(
    demo_reports, login, page, browser_instance, live_server
):
    url = f"/rapports/{demo_reports.pk}/"
    login("dir.dases")
    page.goto(url)  # the director's page is loaded before the référente saves
    other = browser_instance.new_context(base_url=live_server.url, locale="fr-FR")
    other_page = other.new_page()
    other_page.goto("/connexion/")
    other_page.get_by_label("Identifiant").fill("ref.dases")
    other_page.get_by_label("Mot de passe").fill("paris2026")
    other_page.get_by_role("button", name="Se connecter").click()
    other_page.wait_for_url(lambda u: "/connexion/" not in u)
    other_page.goto(url)
    _type_and_leave(other_page, _field(other_page, "Personnes mises à l'abri"), "4 900")
    other.close()

    _type_and_leave(page, _field(page, "Personnes mises à l'abri"), "5 000")
    page.get_by_text("Une autre personne a modifié ce champ").wait_for()
    assert _field(page, "Personnes mises à l'abri").input_value() == "5 000"
    assert Value.objects.get(report=demo_reports).value == 4900


def test_a_submit_after_a_colleagues_save_is_refused_with_who_changed_what(
    demo_reports, login, page
):
    from directions.models import User
    from indicators import services
    from indicators.models import Indicator

    report = demo_reports
    login("dir.dases")
    page.goto(f"/rapports/{report.pk}/")
    _type_and_leave(page, _field(page, "Personnes mises à l'abri"), "4 912")
    _type_and_leave(page, _field(page, "Délai moyen de traitement"), "20,5")
    page.get_by_text("enregistré à").wait_for()
    shelter = Indicator.objects.get(code="mises-a-l-abri")
    services.value_save(
        report=report,
        indicator=shelter,
        arrondissement=None,
        raw="5 100",
        version=Value.objects.get(report=report, indicator=shelter).version,
        user=User.objects.get(username="ref.dases"),
    )

    page.get_by_role("button", name="Soumettre au SG").click()
    alert = page.locator("#changes")
    alert.wait_for()
    said = alert.inner_text().replace("\u202f", " ").replace("\xa0", " ")
    assert (
        "Personnes mises à l'abri (hébergement d'urgence) : 4 912 → 5 100, par Julie Morel le "
        in said
    )
    assert _field(page, "Personnes mises à l'abri").input_value() == "5\u202f100"
    page.screenshot(path="/tmp/report-submit-refused.png", full_page=False)
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT

    page.get_by_role("button", name="Soumettre au SG").click()  # now having seen the new value
    page.get_by_text("Rapport soumis au Secrétariat général. Merci.").wait_for()
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED


def test_the_back_button_shows_what_was_saved_and_submitting_then_raises_no_false_conflict(
    demo_reports, login, page
):
    """The browser must not bring the page back from its cache as first drawn (empty fields,
    old versions): the person would then submit against their own saves."""
    report = demo_reports
    login("dir.dases")
    page.goto(f"/rapports/{report.pk}/")
    _type_and_leave(page, _field(page, "Personnes mises à l'abri"), "4 912")
    _type_and_leave(page, _field(page, "Délai moyen de traitement"), "20,5")
    page.get_by_text("enregistré à").wait_for()
    page.goto("/rapports/")
    page.go_back()
    page.wait_for_load_state("networkidle")
    assert _field(page, "Personnes mises à l'abri").input_value() == "4\u202f912"
    assert _field(page, "Délai moyen de traitement").input_value() == "20,5"
    page.get_by_role("button", name="Soumettre au SG").click()
    page.get_by_text("Rapport soumis au Secrétariat général. Merci.").wait_for()
    assert "Une autre personne" not in page.content()
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED


@pytest.mark.parametrize("username", ["dir.dases", "sg.demo"])
def test_the_report_list_fits_a_phone_without_sideways_scrolling(
    demo_reports, login, page, username
):
    page.set_viewport_size({"width": 420, "height": 900})
    login(username)
    page.goto("/rapports/")
    wrap = page.locator(".table-wrap").first
    assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth + 1")
    # The days late come under the state (the "Retard" column is for wide screens).
    if username == "sg.demo":
        late = page.locator(".report-list__late").first
        assert late.is_visible() and "jours ouvrés de retard" in late.inner_text()
    first = page.locator(".report-list tbody tr td a").first.bounding_box()
    assert first["height"] < 3.5 * 22
    page.set_viewport_size({"width": 1366, "height": 900})
    expect(page.get_by_role("columnheader", name="Retard")).to_be_visible()
    expect(page.locator(".report-list__late").first).to_be_hidden()
