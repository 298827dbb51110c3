"""The request type of the portal's signed-in pages, for the type checker."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from directions.models import User


class PortalRequest(HttpRequest):
    """A signed-in request with django-htmx's details.

    LoginRequiredMiddleware sends every anonymous visitor to the login page, so a view that is
    not marked `login_not_required` always sees a `User`; HtmxMiddleware sets `htmx`.
    """

    user: User
    htmx: HtmxDetails
