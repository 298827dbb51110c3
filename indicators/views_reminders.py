"""The administrator's page of reminders: the policy per periodicity, the log, "renvoyer".

The log is a view of the outbox, narrowed to the reminders' emails (every email is on
`/envois/`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from indicators import reminders as R
from indicators import selectors_reminders as S
from indicators.emails import REMINDER
from indicators.forms import ReminderPolicyForm
from indicators.models import ReminderKind
from sg_portal.http import PortalRequest


def _allowed(request: PortalRequest) -> None:
    if not S.can_manage_reminders(request.user):
        raise Http404


def _page(request: PortalRequest, *, bound=None, status=200):
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
    log = S.reminder_emails_visible_to(request.user, kind=kind)
    page = Paginator(log, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "indicators/reminders/page.html",
        {
            "forms": forms,
            "rows": page.object_list,
            "page": page,
            "kind": kind,
            "kinds": ReminderKind.choices,
            "outbox_purpose": REMINDER,
            "digests": S.digest_emails_visible_to(request.user)[:6],
        },
        status=status,
    )


def reminders_page(request: PortalRequest):
    _allowed(request)
    return _page(request)


@require_POST
def reminder_policy_save(request: PortalRequest, periodicity: str):
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
def reminder_resend(request: PortalRequest, pk: int):
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
