import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_pages_carry_a_content_security_policy_without_inline_script(client, dir_dases):
    client.force_login(dir_dases)
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text), "inline <script> found"
    assert not re.search(r"\son[a-z]+=", response.text), "inline event handler found"


def test_base_layout_is_accessible_and_wires_htmx_once(client, dir_dases):
    client.force_login(dir_dases)
    html = client.get("/").text
    assert '<html lang="fr">' in html
    assert 'class="skip-link" href="#contenu"' in html
    assert 'role="banner"' in html and 'role="main"' in html and 'role="contentinfo"' in html
    assert html.count("X-CSRFToken") == 1
    assert "vendor/htmx/htmx.min.js" in html


def test_check_deploy_reports_nothing_with_production_settings():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="sg_portal.settings",
        DEBUG="false",
        SECRET_KEY="a-production-like-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="portail-sg.paris.fr",
        SECURE_SSL_REDIRECT="true",
        SECURE_COOKIES="true",
    )
    env.pop("SECURE_HSTS_SECONDS", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.skipif(
    shutil.which("docker-compose") is None and os.environ.get("CI") != "true",
    reason="docker-compose absent",
)
def test_compose_file_is_valid():
    result = subprocess.run(
        ["docker-compose", "config", "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
