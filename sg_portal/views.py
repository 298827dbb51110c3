from __future__ import annotations

import datetime as dt
import logging
import sys

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from sg_portal.exports import UnknownExportFormat
from sg_portal.horizons import Scope, home_page, scopes_for

log = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    scopes = scopes_for(request.user)
    wanted = request.GET.get("vue", "")
    scope = next((s for s in scopes if s.value == wanted), scopes[0] if scopes else Scope.ME)
    return render(
        request,
        "sg_portal/home.html",
        {
            "today": today,
            **home_page(request.user, today, scope),
            "scopes": scopes,
            "scope": scope,
            "snooze_default": today + dt.timedelta(days=7),
        },
    )


SNOOZE_MAX_DAYS = 366


@require_POST
def snooze(request: HttpRequest) -> HttpResponse:
    """Puts a home page item aside until a date (it comes back that day)."""
    from sg_portal.notifications.services import snooze_set

    today = timezone.localdate()
    key = request.POST.get("cle", "")[:200]
    back = reverse("home") + (f"?vue={request.POST['vue']}" if request.POST.get("vue") else "")
    try:
        until = dt.date.fromisoformat(request.POST.get("jusqua", ""))
    except ValueError:
        messages.error(
            request, "Indiquez une date au format jj/mm/aaaa pour mettre l'élément de côté."
        )
        return redirect(back)
    if not key or until <= today or until > today + dt.timedelta(days=SNOOZE_MAX_DAYS):
        messages.error(request, "Choisissez une date après aujourd'hui, dans l'année qui vient.")
        return redirect(back)
    snooze_set(user=request.user, key=key, until=until)
    messages.success(request, f"Mis de côté jusqu'au {until:%d/%m/%Y} : il reviendra ce jour-là.")
    return redirect(back)


@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """The icon's hashed static URL is known only at run time (manifest storage)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: says what was wrong when the portal wrote the message for the user (in French)."""
    message = str(exception) if isinstance(exception, UnknownExportFormat) else ""
    return render(request, "400.html", {"message": message}, status=400)


def _database_unavailable(error: BaseException | None) -> bool:
    """Whether the error says the database cannot be reached (as opposed to a bug)."""
    while error is not None:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        if isinstance(error, DatabaseError):
            return False
        error = error.__cause__ or error.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 when the database is unreachable: drawn without the database.

    The template is rendered without the request, so no context processor runs: the page reads
    neither the session nor the user nor the navigation, any of which would fail again.
    """
    if _database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
    else:
        response = HttpResponse(loader.get_template("500.html").render(), status=500)
    response["Cache-Control"] = "no-store"
    return response
