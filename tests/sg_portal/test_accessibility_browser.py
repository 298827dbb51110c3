"""Every role's main pages pass axe-core (WCAG 2.1 A and AA) with no violation, at 1366 and 420 px.

The pages are one table, `PAGES`: a role's demo account → the paths it opens. A path may name a
demo object between braces (`/rapports/{report_dases}/`); `PLACES` says how each is found in the
demo data. A new page is one line in `PAGES` (and, when it shows an object, one in `PLACES`).

axe-core comes from npm (`package.json`, a development dependency); it is run in the page by
Playwright's `evaluate`, which the portal's Content-Security-Policy does not block.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
WCAG_21_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (1366, 420)


def _report(direction: str, *statuses: str) -> str:
    from indicators.models import Report

    reports = Report.objects.filter(direction__code=direction)
    if statuses:
        reports = reports.filter(status__in=statuses)
    return str(reports.order_by("-period__start").values_list("pk", flat=True)[0])


def _meeting(kind: str, *, past: bool = False) -> str:
    from django.utils import timezone

    from meetings.models import Meeting

    meetings = Meeting.objects.filter(body__kind=kind)
    now = timezone.now()
    if past:
        meetings = meetings.filter(starts_at__lt=now).order_by("-starts_at")
    else:
        meetings = meetings.filter(starts_at__gte=now).order_by("starts_at")
    return str(meetings.values_list("pk", flat=True)[0])


def _item_of(meeting_pk: str) -> str:
    from meetings.models import AgendaItem

    items = AgendaItem.objects.filter(meeting_id=meeting_pk, status=AgendaItem.Status.ACCEPTED)
    return str(items.values_list("pk", flat=True)[0])


def _project() -> str:
    from projects.models import Project

    return str(Project.objects.get(name="Plan de rénovation des écoles").pk)


def _deliberation(direction: str) -> str:
    from projects.models import Deliberation

    return str(
        Deliberation.objects.filter(direction__code=direction).values_list("pk", flat=True)[0]
    )


def _orientation(status: str) -> str:
    from orientations.models import Orientation

    return str(Orientation.objects.filter(status=status).values_list("pk", flat=True)[0])


def _indicator() -> str:
    from indicators.models import Indicator

    return Indicator.objects.order_by("code").values_list("code", flat=True)[0]


def _risk(title_start: str) -> str:
    from risks.models import Risk

    return str(Risk.objects.get(title__startswith=title_start).pk)


def _announcement_to_relay() -> str:
    from communication.models import Announcement

    return str(Announcement.objects.filter(asks_relay=True).values_list("pk", flat=True)[0])


def _session(*, past: bool) -> str:
    from django.utils import timezone

    from communication.models import Session

    sessions = Session.objects.filter(
        **({"starts_at__lt": timezone.now()} if past else {"starts_at__gte": timezone.now()})
    )
    return str(sessions.values_list("pk", flat=True)[0])


# The demo objects a path may name, each found once per run.
PLACES: dict[str, Callable[[], str]] = {
    "report_dases": lambda: _report("DASES"),
    "report_dases_submitted": lambda: _report("DASES", "soumis", "valide"),
    "cds_next": lambda: _meeting("cds"),
    "cds_past": lambda: _meeting("cds", past=True),
    "cds_next_item": lambda: _item_of(_meeting("cds")),
    "pole_next": lambda: _meeting("pole"),
    "auditorium_next": lambda: _meeting("auditorium"),
    "project": _project,
    "deliberation_dases": lambda: _deliberation("DASES"),
    "indicator": _indicator,
    "risk_dases": lambda: _risk("Conflit d'intérêts"),
    "risk_critical": lambda: _risk("Rupture de prise en charge"),
    "risk_project": lambda: _risk("Amiante"),
    "announcement_relay": _announcement_to_relay,
    "session_full": lambda: _session(past=False),
    "session_past": lambda: _session(past=True),
    "orientation_preparation": lambda: _orientation("preparation"),
    "orientation_consultation": lambda: _orientation("consultation"),
    "orientation_attente": lambda: _orientation("attente"),
    "orientation_arbitree": lambda: _orientation("arbitree"),
}

# role's demo account → the main pages it opens. Add your pages here.
PAGES: dict[str, list[str]] = {
    "sg.demo": [
        "/",
        "/rapports/",
        "/rapports/{report_dases_submitted}/",
        "/tableau-de-bord/",
        "/tableau-de-bord/completude/",
        "/indicateurs/",
        "/indicateurs/{indicator}/",
        "/reunions/",
        "/reunions/{cds_next}/",
        "/reunions/{cds_past}/",
        "/projets/",
        "/projets/calendrier/",
        "/projets/{project}/",
        "/deliberations/",
        "/deliberations/{deliberation_dases}/",
        "/risques/",
        "/risques/carte/",
        "/risques/{risk_critical}/",
        "/risques/{risk_critical}/acceptation/",
        "/?vue=sg",
        "/recherche/?q=crèches",
        "/notifications/",
        "/notifications/preferences/",
        "/annonces/",
        "/annonces/nouvelle/",
        "/annonces/{announcement_relay}/",
        "/annonces/{announcement_relay}/modifier/",
        "/auditorium/",
        "/auditorium/nouvelle/",
        "/auditorium/{session_full}/",
        "/auditorium/{session_past}/",
        "/arbitrages/",
        "/arbitrages/nouvelle/",
        "/arbitrages/{orientation_preparation}/",
        "/arbitrages/{orientation_preparation}/scenarios/nouveau/",
        "/arbitrages/{orientation_preparation}/preconiser/",
        "/arbitrages/{orientation_consultation}/",
        "/arbitrages/{orientation_attente}/",
        "/arbitrages/{orientation_attente}/note/",
        "/arbitrages/{orientation_attente}/arbitrer/",
        "/arbitrages/{orientation_arbitree}/",
        "/arbitrages/{orientation_arbitree}/comparer/",
        "/arbitrages/{orientation_arbitree}/lancer/projet/",
        "/arbitrages/{orientation_arbitree}/lancer/action/",
    ],
    "elu.arrondissement": [
        "/",
        "/arbitrages/",
        "/arbitrages/{orientation_consultation}/",
        "/arbitrages/{orientation_consultation}/avis/",
    ],
    "cab.adjoint": [
        "/",
        "/arbitrages/{orientation_consultation}/avis/",
    ],
    "dir.dpa": [
        "/arbitrages/{orientation_arbitree}/",
        "/arbitrages/{orientation_arbitree}/lancer/deliberation/",
    ],
    "cab.maire": [
        "/arbitrages/",
        "/arbitrages/{orientation_attente}/arbitrer/",
    ],
    "adjoint.demo": [
        "/",
        "/?vue=pole",
        "/rapports/",
        "/rapports/{report_dases_submitted}/",
        "/reunions/{pole_next}/",
    ],
    "dir.dases": [
        "/",
        "/rapports/",
        "/rapports/{report_dases}/",
        "/reunions/",
        "/reunions/{cds_past}/",
        "/projets/",
        "/deliberations/",
        "/deliberations/nouvelle/",
        "/deliberations/{deliberation_dases}/modifier/",
        "/risques/",
        "/risques/nouveau/",
        "/risques/{risk_dases}/",
        "/risques/{risk_dases}/revue/",
        "/risques/{risk_dases}/mesures/nouvelle/",
        "/recherche/?q=DASES",
        "/notifications/",
        "/annonces/{announcement_relay}/",
        "/auditorium/{session_full}/",
    ],
    "cm.demo": [
        "/",
        "/reunions/",
        "/reunions/{cds_next}/",
        "/reunions/{cds_next}/points/{cds_next_item}/modifier/",
        "/reunions/{pole_next}/",
        "/tableau-de-bord/",
    ],
    "cp.demo": [
        "/",
        "/projets/",
        "/projets/{project}/",
        "/projets/{project}/point/",
        "/projets/{project}/modifier/",
        "/projets/{project}/jalons/nouveau/",
        "/risques/{risk_project}/",
    ],
    "cadre.demo": [
        "/",
        "/reunions/",
        "/reunions/{auditorium_next}/",
        "/annonces/",
        "/auditorium/",
        "/auditorium/{session_full}/",
        "/auditorium/{session_past}/",
    ],
    "admin.demo": [
        "/",
        "/envois/",
        "/rapports/rappels/",
        "/indicateurs/import/",
    ],
}

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), html: n.html.slice(0, 160)})),
  }));
}"""


def _describe(failures: list[tuple[str, int, str, list[dict]]]) -> str:
    """One paragraph per rule and element, with every page where it occurs."""
    where: dict[tuple[str, str], list[str]] = {}
    for role, width, path, violations in failures:
        for v in violations:
            for node in v["nodes"]:
                key = (f"{v['id']} ({v['impact']}) — {v['help']}", node["target"])
                where.setdefault(key, []).append(f"{role} {width}px {path}")
    lines = [f"axe-core (WCAG 2.1 A/AA) : {len(where)} élément(s) en défaut"]
    for (rule, target), pages in where.items():
        lines.append(f"- {rule}\n    élément : {target}")
        lines.append(
            f"    pages ({len(pages)}) : " + ", ".join(pages[:8]) + (" …" if len(pages) > 8 else "")
        )
    return "\n".join(lines)


@pytest.fixture
def demo_portal(monkeypatch):
    monkeypatch.setenv("SG_ALLOW_DEMO_DATA", "1")
    call_command("seed_demo", verbosity=0)


def test_every_roles_main_pages_have_no_axe_violation(demo_portal, browser_instance, live_server):
    axe = AXE.read_text(encoding="utf-8")
    places = {name: find() for name, find in PLACES.items()}
    failures = []
    for role, paths in PAGES.items():
        context = browser_instance.new_context(base_url=live_server.url, locale="fr-FR")
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.goto("/connexion/")
        page.get_by_label("Identifiant").fill(role)
        page.get_by_label("Mot de passe").fill("paris2026")
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(lambda url: "/connexion/" not in url)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for template in paths:
                path = template.format(**places)
                response = page.goto(path)
                assert response is not None and response.status == 200, (
                    f"{role} : {path} répond {response and response.status}"
                )
                page.evaluate(axe)
                violations = page.evaluate(RUN_AXE, WCAG_21_A_AA)
                if violations:
                    failures.append((role, width, path, violations))
        context.close()
    assert not failures, _describe(failures)


def test_the_axe_harness_reports_a_violation(browser_instance, live_server):
    """The harness is not vacuous: a page with an unlabelled field fails it."""
    page = browser_instance.new_page()
    page.set_content('<!doctype html><html lang="fr"><title>t</title><main><input></main>')
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(RUN_AXE, WCAG_21_A_AA)
    page.close()
    assert "label" in json.dumps([v["id"] for v in violations])
