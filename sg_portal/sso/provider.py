"""The City's identity provider, as its discovery document describes it.

mozilla-django-oidc wants each endpoint in a setting; the City gives one address, the issuer, and
the provider publishes the rest at `<issuer>/.well-known/openid-configuration`. The document is
kept an hour in each process; the signing keys are not kept at all (the library reads them at
each sign-in), so a key rotation at the provider needs nothing from the portal.
"""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url

log = logging.getLogger(__name__)

DISCOVERY_TTL = 3600.0
_REQUIRED = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
_documents: dict[str, tuple[float, dict[str, Any]]] = {}


class ProviderUnavailable(Exception):
    """The provider did not answer, or answered something that is not its discovery document."""


def enabled() -> bool:
    """Single sign-on is on when an issuer is configured."""
    return bool(settings.OIDC_ISSUER)


def discovery() -> dict[str, Any]:
    issuer = settings.OIDC_ISSUER.rstrip("/")
    cached = _documents.get(issuer)
    if cached and time.monotonic() - cached[0] < DISCOVERY_TTL:
        return cached[1]
    url = f"{issuer}/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"{url} : {exc}") from exc
    if not isinstance(document, dict) or any(not document.get(key) for key in _REQUIRED):
        raise ProviderUnavailable(f"{url} : document de découverte incomplet")
    if str(document["issuer"]).rstrip("/") != issuer:
        # OpenID Connect Discovery §4.3: the document must name the issuer it was asked for.
        raise ProviderUnavailable(f"{url} : émetteur inattendu {document['issuer']!r}")
    _documents[issuer] = (time.monotonic(), document)
    return document


def forget() -> None:
    """Read the discovery document again at the next sign-in (tests, a changed provider)."""
    _documents.clear()


def logout_url(request: HttpRequest) -> str:
    """Where the portal's logout leads (mozilla-django-oidc's `OIDC_OP_LOGOUT_URL_METHOD`).

    After a sign-in with the City's account, the provider's end of session (RP-initiated logout),
    which comes back to the login page; otherwise, or when the provider has no such endpoint or
    does not answer, the login page directly: the portal's session ends either way."""
    login_page = resolve_url(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get("oidc_id_token")
    if not (enabled() and id_token):
        return login_page
    try:
        endpoint = discovery().get("end_session_endpoint")
    except ProviderUnavailable as exc:
        log.warning("Déconnexion : le fournisseur d'identité ne répond pas (%s)", exc)
        return login_page
    if not endpoint:
        return login_page
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(login_page),
            "client_id": settings.OIDC_RP_CLIENT_ID,
        }
    )
    return f"{endpoint}?{query}"
