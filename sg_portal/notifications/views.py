from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sg_portal.http import PortalRequest
from sg_portal.middleware import passive_session
from sg_portal.notifications import services
from sg_portal.notifications.forms import PreferencesForm
from sg_portal.notifications.kinds import Reason, kind_label
from sg_portal.notifications.models import DEFAULT_DIGEST_HOUR, DigestHour, Preference
from sg_portal.notifications.selectors import notifications_of, unread_count


@login_not_required
@passive_session
def bell(request: PortalRequest) -> HttpResponse:
    """The header's bell, polled by htmx: the unread count only. Once the session has expired
    it answers 204, which htmx leaves alone (not the login page drawn inside the header)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    response = render(request, "notifications/_bell.html", {"unread": unread_count(request.user)})
    response["Cache-Control"] = "no-store"
    return response


def inbox(request: PortalRequest) -> HttpResponse:
    reason = request.GET.get("raison", "")
    if reason not in Reason.values:
        reason = ""
    rows = notifications_of(request.user).select_related("actor")
    if reason:
        rows = rows.filter(reason=reason)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "items": [(n, kind_label(n.kind)) for n in page.object_list],
            "reasons": Reason.choices,
            "reason": reason,
            "unread": unread_count(request.user),
        },
    )


def open_one(request: PortalRequest, pk: int) -> HttpResponse:
    """Follows a notification to its object, marking it read on the way."""
    row = notifications_of(request.user).filter(pk=pk).only("url").first()
    if row is None:
        raise Http404("Notification introuvable")
    services.notification_read(user=request.user, notification_id=pk)
    if not url_has_allowed_host_and_scheme(row.url, allowed_hosts=None):
        return redirect("notifications:inbox")
    return redirect(row.url)


def _back(request: PortalRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:inbox")


@require_POST
def mark_read(request: PortalRequest, pk: int) -> HttpResponse:
    if not notifications_of(request.user).filter(pk=pk).exists():
        raise Http404("Notification introuvable")
    services.notification_read(user=request.user, notification_id=pk)
    return _back(request)


@require_POST
def mark_all_read(request: PortalRequest) -> HttpResponse:
    count = services.notifications_read_all(user=request.user)
    if count:
        messages.success(
            request,
            f"{count} notification{'s' if count > 1 else ''} marquée{'s' if count > 1 else ''} comme lue{'s' if count > 1 else ''}.",
        )
    return _back(request)


def preferences(request: PortalRequest) -> HttpResponse:
    current = dict(Preference.objects.filter(user=request.user).values_list("kind", "delivery"))
    hour = DigestHour.objects.filter(user=request.user).values_list("hour", flat=True).first()
    initial = {"digest_hour": DEFAULT_DIGEST_HOUR if hour is None else hour}
    if request.method == "POST":
        form = PreferencesForm(request.POST, current=current, initial=initial)
        if form.is_valid():
            services.preferences_set(
                user=request.user,
                deliveries=form.deliveries(),
                digest_hour=form.cleaned_data["digest_hour"],
            )
            messages.success(request, "Vos préférences de notification sont enregistrées.")
            return redirect("notifications:preferences")
    else:
        form = PreferencesForm(current=current, initial=initial)
    return render(request, "notifications/preferences.html", {"form": form})
