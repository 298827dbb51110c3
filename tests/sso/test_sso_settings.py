"""Single sign-on is configured by the environment only, as docker-compose passes it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "import json; from django.conf import settings as s; print(json.dumps(["
    "s.OIDC_ISSUER, s.OIDC_RP_CLIENT_ID, s.OIDC_LOCAL_PASSWORDS, s.OIDC_BREAK_GLASS_USERS, "
    "s.SECURE_CSP['form-action'], s.OIDC_CLAIM_GROUPS]))"
)


def settings_with(**variables: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("OIDC_") and key != "DJANGO_SETTINGS_MODULE"
    }
    env.update(DJANGO_SETTINGS_MODULE="sg_portal.settings", SECRET_KEY="x", **variables)
    return subprocess.run(
        [sys.executable, "-c", SHOW], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_the_provider_and_its_client_come_from_the_environment():
    result = settings_with(
        OIDC_ISSUER="https://sso.paris.fr/realms/ville/",
        OIDC_CLIENT_ID="portail-sg",
        OIDC_CLIENT_SECRET="s3cret",
        OIDC_LOCAL_PASSWORDS="false",
        OIDC_BREAK_GLASS_USERS="secours.admin, secours.dsin",
        OIDC_CLAIM_GROUPS="memberOf",
    )
    assert result.returncode == 0, result.stderr
    issuer, client_id, local, break_glass, form_action, groups = json.loads(result.stdout)
    assert (issuer, client_id, local, groups) == (
        "https://sso.paris.fr/realms/ville",
        "portail-sg",
        False,
        "memberOf",
    )
    assert break_glass == ["secours.admin", "secours.dsin"]
    # The logout form may lead to the provider's end of session.
    assert "https://sso.paris.fr" in form_action


def test_unset_or_empty_variables_leave_the_portal_as_today():
    result = settings_with(OIDC_ISSUER="", OIDC_BREAK_GLASS_USERS="")
    assert result.returncode == 0, result.stderr
    issuer, _, local, break_glass, form_action, _ = json.loads(result.stdout)
    assert (issuer, local, break_glass, form_action) == ("", True, [], ["'self'"])


def test_an_issuer_without_its_client_stops_start_up_by_name():
    result = settings_with(OIDC_ISSUER="https://sso.paris.fr/realms/ville")
    assert result.returncode != 0
    assert "OIDC_CLIENT_ID" in result.stderr
