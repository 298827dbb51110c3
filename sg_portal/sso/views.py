"""Sign in and out with the City's account: mozilla-django-oidc's views, with French refusals.

A refusal (the provider unreachable, a replayed state, a token that does not verify...) is logged
with its detail and shown on the login page in French; it never answers a 500.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

from sg_portal.forms import LoginForm
from sg_portal.sso import provider
from sg_portal.sso.backends import local_password_allowed
from sg_portal.sso.errors import MESSAGES, NoAccess, SignInRefused

log = logging.getLogger(__name__)


def _refuse(request: HttpRequest, reason: str, detail: str = "") -> HttpResponse:
    log.warning("Connexion Ville de Paris refusée (%s) : %s", reason, detail)
    messages.error(request, MESSAGES.get(reason, MESSAGES["invalid"]))
    return HttpResponseRedirect(resolve_url(settings.LOGIN_URL))


class LoginView(auth_views.LoginView):
    """The login page: the City's account first when single sign-on is on, the password form
    for the demo and, when local passwords are switched off, for the break-glass accounts."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["city_sign_in"] = provider.enabled()
        context["local_passwords_for_all"] = local_password_allowed(None) or not provider.enabled()
        return context


class StartView(OIDCAuthenticationRequestView):
    """Sends the person to the provider: code flow with state, nonce and PKCE (S256)."""

    def __init__(self, **kwargs):
        # The library reads the authorization endpoint here; it comes from discovery instead.
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)

    def get(self, request):
        if not provider.enabled():
            raise Http404
        try:
            document = provider.discovery()
        except provider.ProviderUnavailable as exc:
            return _refuse(request, "unreachable", str(exc))
        self.OIDC_OP_AUTH_ENDPOINT = document["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer: checks the state here, the rest in `CityAccountBackend`."""

    def get(self, request):
        if not provider.enabled():
            raise Http404
        if request.GET.get("error"):
            super().get(request)  # forgets the state, so that it cannot be replayed
            detail = f"{request.GET.get('error')} {request.GET.get('error_description', '')}"
            return _refuse(request, "provider_error", detail)
        state = request.GET.get("state")
        if not (state and request.GET.get("code")):
            return _refuse(request, "state", "réponse sans code ou sans state")
        if state not in (request.session.get("oidc_states") or {}):
            return _refuse(request, "state", "state inconnu de cette session (rejoué ou forgé)")
        try:
            return super().get(request)
        except NoAccess as exc:
            log.warning("Connexion Ville de Paris sans groupe reconnu : %s", exc)
            return render(request, "sso/no_access.html", status=403)
        except SignInRefused as exc:
            return _refuse(request, exc.reason, exc.detail)
        except SuspiciousOperation as exc:
            # The same answer played twice at once: the other request took the state first.
            return _refuse(request, "state", str(exc))

    def login_failure(self):
        return _refuse(self.request, "invalid", "authentification sans compte actif")


class LogoutView(OIDCLogoutView):
    """Ends the portal's session and, after a sign-in with the City's account, the provider's
    (`provider.logout_url`). A POST, as Django's."""
