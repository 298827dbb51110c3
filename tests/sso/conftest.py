"""A real OpenID Connect provider for the tests: `oidc-provider` (npm) run by node on a free
loopback port, once per test session (`tests/sso/oidc_provider.mjs`).

The tests declare the directory's accounts on it, may ask it to misbehave (a tampered or expired
token, a token for another application, a token endpoint down) or to rotate its keys, and sign
in through it as a browser would: the portal's own code is never stubbed.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.urls import reverse

from directions.models import User
from sg_portal.sso import provider as sso_provider
from sg_portal.sso.models import GroupMapping

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
NODE = os.environ.get("NODE_PATH_BINARY") or shutil.which("node") or "/usr/bin/node"
CLIENT_ID = "portail-sg"
CLIENT_SECRET = "secret-du-portail-pour-les-tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class OidcProvider:
    issuer: str
    log: Path

    def _post(self, name: str, data: dict | None = None) -> dict:
        response = requests.post(f"{self.issuer}/test/{name}", json=data or {}, timeout=10)
        response.raise_for_status()
        return response.json()

    def account(self, login: str, **claims) -> dict:
        """Declare (or change) a person of the directory; `login` is what they type."""
        claims.setdefault("sub", f"sub-{login}")
        claims.setdefault("email", f"{login}@paris.fr")
        claims.setdefault("email_verified", True)
        self._post("accounts", {login: claims})
        return claims

    def faults(self, **faults) -> None:
        self._post("faults", faults)

    def rotate_keys(self) -> str:
        return self._post("rotate-keys")["kid"]

    def reset(self) -> None:
        self._post("reset")


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    port = free_port()
    log_path = tmp_path_factory.mktemp("oidc") / "provider.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [NODE, str(SCRIPT), str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 30
        while "ready " not in log_path.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    "le fournisseur OpenID Connect de test n'a pas démarré :\n"
                    + log_path.read_text()
                )
            time.sleep(0.1)
        yield OidcProvider(issuer=f"http://127.0.0.1:{port}", log=log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def sso(oidc_provider, settings):
    """The portal configured for the test provider, the provider fresh."""
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    # The test provider releases the employee id and the groups with a scope of its own.
    settings.OIDC_RP_SCOPES = "openid email profile ville"
    sso_provider.forget()
    oidc_provider.reset()
    yield oidc_provider
    sso_provider.forget()


@pytest.fixture
def mappings(cast):
    """The administrators' mapping of the directory's groups, as the demo's."""
    from directions.models import Direction, Pole

    dases = Direction.objects.get(code="DASES")
    drh = Direction.objects.get(code="DRH")
    pole = Pole.objects.get(pk=dases.pole_id)
    return {
        "dases": GroupMapping.objects.create(
            group="GG-DASES-DIRECTION",
            portal_role=User.Role.DIRECTEUR,
            direction=dases,
            priority=10,
        ),
        "drh": GroupMapping.objects.create(
            group="GG-DRH-DIRECTION", portal_role=User.Role.DIRECTEUR, direction=drh, priority=10
        ),
        "cm": GroupMapping.objects.create(
            group="GG-SG-CHARGES-MISSION", portal_role=User.Role.CHARGE_MISSION, priority=20
        ),
        "adjoint": GroupMapping.objects.create(
            group="GG-SG-ADJOINTS", portal_role=User.Role.SG_ADJOINT, pole=pole, priority=5
        ),
    }


class Journey:
    """A person's browser, reduced to its cookies: the portal through Django's test client, the
    provider through `requests` (a new session each time, so the provider asks who one is)."""

    def __init__(self, client):
        self.client = client

    def start(self, next_url: str = "") -> str:
        """The portal's sign-in button: the provider's authorization URL it redirects to."""
        url = reverse("sso:start") + (f"?next={next_url}" if next_url else "")
        response = self.client.get(url)
        assert response.status_code == 302, response
        return response.headers["Location"]

    def at_provider(self, authorize_url: str, login: str) -> str:
        """Sign in at the provider; the portal's callback URL (path and query) it sends back."""
        browser = requests.Session()
        response = browser.get(authorize_url, allow_redirects=True, timeout=10)
        response.raise_for_status()
        action = re.search(r'action="([^"]+)"', response.text).group(1)
        url = urljoin(response.url, action)
        response = browser.post(url, data={"login": login}, allow_redirects=False, timeout=10)
        for _ in range(5):
            location = urljoin(url, response.headers["Location"])
            if location.startswith("http://testserver"):
                parts = urlsplit(location)
                return f"{parts.path}?{parts.query}"
            url = location
            response = browser.get(url, allow_redirects=False, timeout=10)
            assert response.status_code in {302, 303}, response.text[:500]
        raise AssertionError("le fournisseur n'a pas renvoyé vers le portail")

    def sign_in(self, login: str, next_url: str = ""):
        """The whole journey; the portal's answer to the provider's redirect."""
        callback = self.at_provider(self.start(next_url), login)
        return self.client.get(callback)


@pytest.fixture
def journey(client):
    return Journey(client)


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
