"""The two ways into the portal: the City's account (OpenID Connect) and a local password.

`CityAccountBackend` is mozilla-django-oidc's backend with the glue the City needs: endpoints
from the discovery document, the ID token's issuer, audience and clock skew checked as well as
its signature, expiry and nonce (the library checks those), and the account provisioned from the
claims by `services.city_account_sign_in`. Every refusal is a `SignInRefused` raised to the
callback view, which says it in French: none reaches Django's `user_login_failed`, so a failed
single sign-on never locks a local password out.
"""

from __future__ import annotations

from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from sg_portal.sso import provider, services
from sg_portal.sso.errors import SignInRefused


def local_password_allowed(username: str | None) -> bool:
    """Without single sign-on, every local password; with it, all of them unless switched off,
    and then only the named break-glass accounts."""
    if not provider.enabled() or settings.OIDC_LOCAL_PASSWORDS:
        return True
    return bool(username) and username in settings.OIDC_BREAK_GLASS_USERS


class LocalPasswordBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or not local_password_allowed(username):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        # The direction comes with the user: every page reads it (the role's title, the pôle).
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("direction").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        # A session opened with a password ends when local passwords are switched off for it.
        if not local_password_allowed(user.get_username()):
            return None
        return user


class CityAccountBackend(OIDCAuthenticationBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The library reads the endpoints here; they are read at the callback instead, from the
        # discovery document, so that a local sign-in never waits for the provider.
        self.UserModel = get_user_model()

    def get_user(self, user_id):
        # As the local backend: the direction comes with the user.
        try:
            return self.UserModel._default_manager.select_related("direction").get(pk=user_id)
        except self.UserModel.DoesNotExist:
            return None

    def get_settings(self, attr: str, *args: Any) -> Any:
        if attr == "OIDC_TOKEN_USE_BASIC_AUTH":
            # Discovery §3: without a list, the provider takes client_secret_basic.
            methods = self.document.get(
                "token_endpoint_auth_methods_supported", ["client_secret_basic"]
            )
            return "client_secret_post" not in methods
        return import_from_settings(attr, *args)

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs or not provider.enabled():
            return None  # a local sign-in: not ours
        try:
            self.document = provider.discovery()
        except provider.ProviderUnavailable as exc:
            raise SignInRefused("unreachable", str(exc)) from exc
        self.OIDC_OP_TOKEN_ENDPOINT = self.document["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = self.document.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = self.document["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        try:
            user = super().authenticate(request, **kwargs)
        except requests.HTTPError as exc:
            # A 4xx is the provider refusing what it was sent (a code already used, a wrong
            # secret); a 5xx is the provider failing.
            status = exc.response.status_code if exc.response is not None else 500
            raise SignInRefused("unreachable" if status >= 500 else "invalid", str(exc)) from exc
        except requests.RequestException as exc:
            raise SignInRefused("unreachable", str(exc)) from exc
        except jwt.ExpiredSignatureError as exc:
            raise SignInRefused("expired", str(exc)) from exc
        except jwt.ImmatureSignatureError as exc:
            raise SignInRefused("clock", str(exc)) from exc
        except jwt.InvalidAudienceError as exc:
            raise SignInRefused("audience", str(exc)) from exc
        except (jwt.PyJWTError, SuspiciousOperation, KeyError, ValueError) as exc:
            raise SignInRefused("invalid", f"{type(exc).__name__}: {exc}") from exc
        if user is None:
            raise SignInRefused("invalid", "aucun compte rendu par le fournisseur")
        return user

    def _verify_jws(self, payload: str, key: Any) -> dict[str, Any]:
        """The signature with the provider's key and the configured algorithm only, and the
        claims the library leaves unchecked: issuer, audience, issue time, within the skew."""
        algorithm = jwt.get_unverified_header(payload).get("alg")
        if algorithm != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(
                f"algorithme {algorithm!r} au lieu de {self.OIDC_RP_SIGN_ALGO}"
            )
        return jwt.decode(
            payload,
            key,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=self.document["issuer"],
            leeway=settings.OIDC_CLOCK_SKEW,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )

    def get_or_create_user(self, access_token, id_token, payload):
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT and access_token:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            # Core §5.3.2: the userinfo must be about the ID token's subject.
            if str(userinfo.get("sub")) != str(payload.get("sub")):
                raise SignInRefused("invalid", "sub de userinfo différent de celui du jeton")
            claims.update(userinfo)
        return services.city_account_sign_in(issuer=self.document["issuer"], claims=claims)
