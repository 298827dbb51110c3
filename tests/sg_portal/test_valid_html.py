"""The pages are valid HTML: the W3C's Nu validator finds no error in one page of each kind, for
the SG, a director and a chargé·e de mission.

The pages are those of the axe test's table (`PAGES`, `PLACES` in
`test_accessibility_browser.py`), rendered by Django's test client with the demo data, written to a
temporary folder and checked by one run of the validator (`vnu-jar` from npm, run by Java). Only
htmx's own attributes (`hx-*`), which HTML does not know, are left aside.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.sg_portal.test_accessibility_browser import PAGES, PLACES

VNU = Path(settings.NODE_MODULES) / "vnu-jar" / "build" / "dist" / "vnu.jar"
ROLES = ("sg.demo", "dir.dases", "cm.demo")


def _is_htmx_attribute(message: str) -> bool:
    return "Attribute “hx-" in message or "attribute “hx-" in message


def _run_vnu(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        pytest.skip("Java est absent : le validateur Nu (vnu.jar) ne peut pas tourner")
    if not VNU.exists():
        pytest.skip(f"vnu.jar est absent ({VNU}) : lancez npm install")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]


@pytest.mark.django_db
def test_every_kind_of_page_is_valid_html_for_three_roles(client, settings, tmp_path, monkeypatch):
    monkeypatch.setenv("SG_ALLOW_DEMO_DATA", "1")
    call_command("seed_demo", verbosity=0)
    from directions.models import User

    places = {name: find() for name, find in PLACES.items()}
    files: dict[Path, str] = {}
    for role in ROLES:
        client.force_login(User.objects.get(username=role))
        for number, template in enumerate(PAGES[role]):
            path = template.format(**places)
            response = client.get(path)
            assert response.status_code == 200, f"{role} : {path} répond {response.status_code}"
            file = tmp_path / f"{role}-{number:02d}.html"
            file.write_bytes(response.content)
            files[file] = f"{role} {path}"

    errors = [m for m in _run_vnu(list(files)) if not _is_htmx_attribute(m.get("message", ""))]
    lines = [
        f"{files.get(Path(m.get('url', '').removeprefix('file:')), m.get('url'))}"
        f" ligne {m.get('lastLine', '?')} : {m.get('message')}"
        f"\n    {m.get('extract', '').strip()[:160]}"
        for m in errors
    ]
    assert not errors, f"validateur Nu : {len(errors)} erreur(s)\n" + "\n".join(lines)


def test_the_validator_reports_an_error(tmp_path):
    """The harness is not vacuous: a label naming no control fails it."""
    page = tmp_path / "invalide.html"
    page.write_text(
        '<!doctype html><html lang="fr"><title>t</title><label for="rien">x</label></html>',
        encoding="utf-8",
    )
    assert any("for" in m["message"] for m in _run_vnu([page]))
