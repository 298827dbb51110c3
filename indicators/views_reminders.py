"""The administrator's page of reminders: the policy per periodicity, the log, "renvoyer"."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from indicators import reminders as R
from indicators import selectors_reminders as S
from indicators.forms import ReminderPolicyForm
from indicators.models import DeliveryStatus, ReminderKind, ReportingDigest

STATUS_BADGES = {
    DeliveryStatus.PENDING: "info",
    DeliveryStatus.SENDING: "info",
    DeliveryStatus.SENT: "ok",
    DeliveryStatus.FAILED: "bad",
    DeliveryStatus.CANCELLED: "muted",
    DeliveryStatus.NO_RECIPIENT: "warn",
}


def _allowed(request) -> None:
    if not S.can_manage_reminders(request.user):
        raise Http404


def _page(request, *, bound=None, status=200):
    policies = R.policies()
    forms = []
    for periodicity, policy in sorted(policies.items(), key=lambda item: item[1].pk):
        form = bound if bound is not None and bound.instance.pk == policy.pk else None
        forms.append(
            {
                "policy": policy,
                "form": form or ReminderPolicyForm(instance=policy, prefix=periodicity),
            }
        )
    kind = request.GET.get("type", "")
    if kind not in ReminderKind.values:
        kind = ""
    log = S.reminders_visible_to(request.user)
    if kind:
        log = log.filter(kind=kind)
    page = Paginator(log, 50).get_page(request.GET.get("page"))
    rows = [
        {"reminder": r, "badge": STATUS_BADGES.get(r.status, "muted")} for r in page.object_list
    ]
    return render(
        request,
        "indicators/reminders/page.html",
        {
            "forms": forms,
            "rows": rows,
            "page": page,
            "kind": kind,
            "kinds": ReminderKind.choices,
            "digests": ReportingDigest.objects.select_related("period").order_by("-pk")[:6],
        },
        status=status,
    )


def reminders_page(request):
    _allowed(request)
    return _page(request)


@require_POST
def reminder_policy_save(request, periodicity: str):
    _allowed(request)
    policy = R.policies().get(periodicity)
    if policy is None:
        raise Http404
    form = ReminderPolicyForm(request.POST, instance=policy, prefix=periodicity)
    if not form.is_valid():
        return _page(request, bound=form, status=400)
    R.policy_update(policy=policy, user=request.user, data=form.cleaned_data)
    messages.success(
        request, f"Politique de rappel enregistrée ({policy.get_periodicity_display().lower()})."
    )
    return redirect("indicators:reminders")


@require_POST
def reminder_resend(request, pk: int):
    reminder = S.reminder_for(request.user, pk)
    try:
        R.reminder_resend(reminder=reminder, user=request.user)
    except R.ReminderError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"Rappel renvoyé à la direction {reminder.report.direction.code} "
            "(enregistré comme renvoi manuel).",
        )
    return redirect("indicators:reminders")
