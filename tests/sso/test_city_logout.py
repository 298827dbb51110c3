"""Logging out after a sign-in with the City's account also ends the provider's session."""

from __future__ import annotations

import pytest
import requests
from django.urls import reverse

from tests.sso.conftest import free_port, query_of

pytestmark = pytest.mark.django_db


def test_logout_ends_the_portal_session_and_sends_to_the_providers_logout(
    sso, mappings, journey, client
):
    sso.account("claire", groups=["GG-DASES-DIRECTION"])
    journey.sign_in("claire")

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url.startswith(f"{sso.issuer}/session/end?")
    query = query_of(response.url)
    assert query["post_logout_redirect_uri"] == "http://testserver" + reverse("login")
    assert query["client_id"] == "portail-sg"
    assert query["id_token_hint"].count(".") == 2
    assert client.get(reverse("home")).status_code == 302  # signed out of the portal
    # The provider accepts the request: it asks the person to confirm.
    confirm = requests.get(response.url, timeout=10)
    assert confirm.status_code == 200
    assert "logout" in confirm.text.lower()


def test_logout_when_the_provider_is_down_still_ends_the_portal_session(
    sso, mappings, journey, client, settings
):
    sso.account("claire", groups=["GG-DASES-DIRECTION"])
    journey.sign_in("claire")
    from sg_portal.sso import provider

    provider.forget()
    settings.OIDC_ISSUER = f"http://127.0.0.1:{free_port()}"

    response = client.post(reverse("logout"))

    assert response.url == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_logout_after_a_password_sign_in_stays_on_the_portal(sso, client, dir_dases):
    client.force_login(dir_dases)
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")


def test_logout_is_a_post(sso, client, dir_dases):
    client.force_login(dir_dases)
    assert client.get(reverse("logout")).status_code == 405
