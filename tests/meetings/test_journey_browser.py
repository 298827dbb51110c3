"""Preparing a meeting in Chromium: cm.demo prepares the next CDS, dir.dases reads it and its PDF."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from meetings import demo
from meetings.models import AgendaItem, Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CARRIED = "Chantiers de voirie des fêtes de fin d'année"


def _agenda_titles(page) -> list[str]:
    return [t.strip() for t in page.locator("ol.agenda .agenda-item__title").all_inner_texts()]


def test_the_charge_de_mission_prepares_the_cds_and_a_director_reads_it(
    demo_org, login, page, eager_celery, mailoutbox
):
    demo.seed()
    cds = (
        Meeting.objects.filter(body__code="cds", starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )
    assert cds.agenda_status == Meeting.AgendaStatus.DRAFT
    page.on("dialog", lambda dialog: dialog.accept())

    login("cm.demo")
    page.goto("/reunions/")
    page.locator(f'a[href="/reunions/{cds.pk}/"]').first.click()
    page.get_by_role("heading", name="Suggestions du portail").wait_for()

    # adds a suggested item (the item deferred at the last CDS) with one click, through htmx
    page.get_by_role("button", name=f"Ajouter « {CARRIED} » à l'ordre du jour").click()
    page.locator("ol.agenda", has_text=CARRIED).wait_for()
    titles = _agenda_titles(page)
    assert titles[-1].endswith(CARRIED)

    # reorders by keyboard: focus "Monter" and press Enter
    up = page.get_by_role("button", name=f"Monter « {CARRIED} »")
    up.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "t => { const items = [...document.querySelectorAll('ol.agenda .agenda-item__title')];"
        " return items.length > 1 && items[items.length - 2].textContent.includes(t); }",
        arg=CARRIED,
    )
    carried = AgendaItem.objects.get(meeting=cds, title=CARRIED)
    accepted = list(cds.items.filter(status="accepted").values_list("pk", flat=True))
    assert accepted.index(carried.pk) == len(accepted) - 2

    # publishes: the members receive the agenda by email
    page.get_by_role("button", name="Publier l'ordre du jour").click()
    page.locator(".meeting-meta .badge", has_text="Ordre du jour publié").wait_for()
    cds.refresh_from_db()
    assert cds.is_published
    assert len(mailoutbox) > 20
    assert any(m.to == ["dir.dases@paris.fr"] for m in mailoutbox)

    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url("**/connexion/**")

    # the director sees the published agenda and downloads the PDF
    login("dir.dases")
    page.goto(f"/reunions/{cds.pk}/")
    page.locator("ol.agenda", has_text=CARRIED).wait_for()
    assert page.get_by_role("button", name="Publier l'ordre du jour").count() == 0
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ordre du jour (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("ordre-du-jour-cds-")
    with open(download.path(), "rb") as handle:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    assert "ORDRE DU JOUR" in text and CARRIED in text


def test_the_agenda_is_reordered_by_drag_and_drop(demo_org, login, page):
    demo.seed()
    cds = (
        Meeting.objects.filter(body__code="cds", starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )
    before = list(cds.items.filter(status="accepted").values_list("pk", flat=True))
    login("cm.demo")
    page.goto(f"/reunions/{cds.pk}/")
    last = page.locator(f'ol.agenda li[data-id="{before[-1]}"]')
    first = page.locator(f'ol.agenda li[data-id="{before[0]}"]')
    with page.expect_response(lambda r: r.url.endswith(f"/reunions/{cds.pk}/ordre/")):
        last.drag_to(first)
    after = list(cds.items.filter(status="accepted").values_list("pk", flat=True))
    assert after[0] == before[-1]
    assert sorted(after) == sorted(before)
