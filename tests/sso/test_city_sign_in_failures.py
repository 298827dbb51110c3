"""Every way a sign-in with the City's account can go wrong is refused in French, logged, and
never answers a 500; the lockout of local passwords still applies."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
import time_machine
from django.urls import reverse

from directions.models import User
from tests.sso.conftest import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def claire(sso, mappings):
    return sso.account("claire", employee_id="M1", groups=["GG-DASES-DIRECTION"])


def refused(client, response, caplog, reason: str) -> str:
    """The refusal: back to the login page, signed out, the reason logged; the page's text."""
    assert response.status_code == 302, response
    assert response.url == reverse("login")
    assert any(
        f"refusée ({reason})" in record.getMessage() and record.levelno == logging.WARNING
        for record in caplog.records
    ), [record.getMessage() for record in caplog.records]
    page = client.get(response.url)
    assert page.status_code == 200
    assert not page.context["user"].is_authenticated
    return page.text.replace("&#x27;", "'")


def test_an_unreachable_provider_is_said_in_french(sso, client, caplog, settings):
    settings.OIDC_ISSUER = f"http://127.0.0.1:{free_port()}"  # nobody listens there
    response = client.get(reverse("sso:start"))
    assert "Le service de connexion de la Ville de Paris ne répond pas" in refused(
        client, response, caplog, "unreachable"
    )


def test_a_token_endpoint_that_fails_is_said_in_french(claire, sso, journey, client, caplog):
    sso.faults(token_status=503)
    response = journey.sign_in("claire")
    assert "ne répond pas" in refused(client, response, caplog, "unreachable")


def test_a_tampered_id_token_is_refused(claire, sso, journey, client, caplog):
    sso.faults(id_token="tamper")
    response = journey.sign_in("claire")
    assert "n'a pas pu être vérifiée" in refused(client, response, caplog, "invalid")
    assert not User.objects.filter(email="claire@paris.fr").exists()


def test_an_expired_id_token_is_refused(claire, sso, journey, client, caplog):
    sso.faults(id_token="expired")
    response = journey.sign_in("claire")
    assert "Votre connexion a expiré" in refused(client, response, caplog, "expired")


def test_an_id_token_for_another_application_is_refused(claire, sso, journey, client, caplog):
    sso.faults(id_token="wrong_audience")
    response = journey.sign_in("claire")
    assert "n'était pas destiné au portail" in refused(client, response, caplog, "audience")


def test_a_replayed_answer_of_the_provider_is_refused(claire, journey, client, caplog):
    callback = journey.at_provider(journey.start(), "claire")
    assert client.get(callback).url == reverse("home")
    client.post(reverse("logout"))

    response = client.get(callback)

    assert "a déjà servi ou a expiré" in refused(client, response, caplog, "state")


def test_an_answer_meant_for_another_browser_is_refused(claire, journey, client, caplog):
    from django.test import Client

    victim = type(journey)(Client())
    callback = victim.at_provider(victim.start(), "claire")  # the victim's code and state

    response = client.get(callback)  # played in the attacker's browser

    assert "a déjà servi ou a expiré" in refused(client, response, caplog, "state")


def test_an_error_from_the_provider_is_said_in_french(claire, journey, client, caplog):
    import requests

    # `prompt=none` without a session at the provider: it answers login_required.
    answer = requests.get(journey.start() + "&prompt=none", allow_redirects=False, timeout=10)
    location = answer.headers["Location"]
    assert "error=login_required" in location
    response = client.get(location.removeprefix("http://testserver"))
    assert "annulée ou refusée" in refused(client, response, caplog, "provider_error")


def test_a_clock_skew_beyond_the_tolerance_is_refused(claire, journey, client, caplog, settings):
    settings.OIDC_CLOCK_SKEW = 60
    callback = journey.at_provider(journey.start(), "claire")
    # The portal's clock is five minutes late: the token seems issued in the future.
    late = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    with time_machine.travel(late, tick=True):
        response = client.get(callback)
    assert "l'heure du portail et celle du service de connexion" in refused(
        client, response, caplog, "clock"
    )


def test_a_clock_skew_within_the_tolerance_is_accepted(claire, journey, client, settings):
    settings.OIDC_CLOCK_SKEW = 60
    callback = journey.at_provider(journey.start(), "claire")
    late = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=30)
    with time_machine.travel(late, tick=True):
        response = client.get(callback)
    assert response.url == reverse("home")


def test_failed_city_sign_ins_do_not_lock_local_passwords(claire, sso, journey, client, dir_dases):
    sso.faults(id_token="tamper")
    for _ in range(6):
        journey.sign_in("claire")
    response = client.post(reverse("login"), {"username": "dir.dases", "password": "paris2026"})
    assert response.status_code == 302


def test_the_lockout_still_applies_to_local_passwords(sso, client, dir_dases):
    for _ in range(5):
        client.post(reverse("login"), {"username": "dir.dases", "password": "faux"})
    locked = client.post(reverse("login"), {"username": "dir.dases", "password": "paris2026"})
    assert locked.status_code == 429


def test_local_passwords_switched_off_refuse_all_but_the_break_glass_accounts(
    sso, client, settings, dir_dases, admin_user_demo
):
    settings.OIDC_LOCAL_PASSWORDS = False
    settings.OIDC_BREAK_GLASS_USERS = [admin_user_demo.username]

    page = client.get(reverse("login")).text
    assert "Se connecter avec mon compte Ville de Paris" in page
    assert "Accès de secours (administrateurs désignés)" in page

    refused = client.post(reverse("login"), {"username": "dir.dases", "password": "paris2026"})
    assert refused.status_code == 200
    assert "Identifiant ou mot de passe incorrect" in refused.text
    assert "<details" in refused.text and " open>" in refused.text

    allowed = client.post(
        reverse("login"), {"username": admin_user_demo.username, "password": "paris2026"}
    )
    assert allowed.status_code == 302


def test_a_password_session_ends_when_local_passwords_are_switched_off(
    sso, client, settings, dir_dases
):
    client.post(reverse("login"), {"username": "dir.dases", "password": "paris2026"})
    assert client.get(reverse("home")).status_code == 200
    settings.OIDC_LOCAL_PASSWORDS = False
    assert client.get(reverse("home")).status_code == 302


def test_without_configuration_the_portal_signs_in_as_before(client, settings):
    settings.OIDC_ISSUER = ""
    page = client.get(reverse("login")).text
    assert "compte Ville de Paris" not in page
    assert 'name="password"' in page
    assert client.get(reverse("sso:start")).status_code == 404
    assert client.get(reverse("sso:callback") + "?code=x&state=y").status_code == 404


def test_a_wrong_client_secret_is_refused_not_blamed_on_the_provider(
    claire, journey, client, caplog, settings
):
    settings.OIDC_RP_CLIENT_SECRET = "pas-le-bon-secret"
    response = journey.sign_in("claire")
    assert "n'a pas pu être vérifiée" in refused(client, response, caplog, "invalid")


def test_a_token_signed_with_another_algorithm_than_configured_is_refused(
    claire, journey, client, caplog, settings
):
    settings.OIDC_RP_SIGN_ALGO = "ES256"
    response = journey.sign_in("claire")
    assert "n'a pas pu être vérifiée" in refused(client, response, caplog, "invalid")
