"""Middleware of the portal's own."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

HEALTHZ_PATH = "/healthz"


class HealthCheckMiddleware:
    """Answers /healthz before sessions, CSRF, authentication and messages run.

    The load balancer's probe must say whether the database is down, not fail with it: the
    session of a browser that opened /healthz would otherwise be read and saved in the database.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTHZ_PATH:
            from sg_portal.health import healthz

            return healthz(request)
        return self.get_response(request)


PASSIVE = "_sg_passive_session"


def passive_session[V: Callable[..., HttpResponse]](view: V) -> V:
    """Marks a view that a page calls by itself (a poll), not the person: its answer neither
    saves the session nor renews its cookie, so an open tab does not keep a session alive past
    its inactivity limit."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> HttpResponse:
        response = view(*args, **kwargs)
        setattr(response, PASSIVE, True)
        return response

    return cast(V, wrapped)


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except that a server error and a passive answer leave the session alone.

    Django saves no session on a 5xx answer but still reads it to compute the cookie's expiry:
    when the database is down, that read would turn the portal's 503 page into a second failure
    (and a second wait for a connection). A poll (see `passive_session`) is not activity.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code >= 500:
            return response
        if getattr(response, PASSIVE, False) and not request.session.modified:
            patch_vary_headers(response, ("Cookie",))
            return response
        return super().process_response(request, response)
