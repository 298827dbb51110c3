"""`/envois/`: every email the portal sent or will send, for administrators and SG staff."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sg_portal.http import PortalRequest
from sg_portal.outbox import purposes, selectors, services
from sg_portal.outbox.forms import EmailFilterForm

PAGE_SIZE = 50


def email_list(request: PortalRequest) -> HttpResponse:
    if not selectors.can_read_outbox(request.user):
        raise Http404
    labels = purposes.purpose_labels()
    form = EmailFilterForm(request.GET or None, purposes=purposes.purposes_in_use())
    purpose, state = form.filters()
    emails = selectors.emails_filtered(
        request.user, purposes=[purpose] if purpose else [], state=state
    )
    page = Paginator(emails, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(email, labels.get(email.purpose, email.purpose)) for email in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "can_resend": selectors.can_resend_emails(request.user),
        "filtered": bool(purpose or state),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "outbox/email_list.html#results", context)
    return render(request, "outbox/email_list.html", context)


@require_POST
def email_resend(request: PortalRequest, pk: int) -> HttpResponse:
    if not selectors.can_resend_emails(request.user):
        raise Http404
    email = selectors.email_for(request.user, pk)
    if services.email_retry(email=email, actor=request.user):
        messages.success(request, f"Envoi remis en file : « {email.subject} ».")
    else:
        messages.error(request, "Cet envoi n'est plus en échec : il n'a pas été remis en file.")
    back = request.POST.get("next", "")
    if back.startswith("?") and len(back) <= 500:
        return redirect(reverse("outbox:list") + back)
    return redirect("outbox:list")
