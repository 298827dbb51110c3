"""Who sees the reminders: the one place that decides it for the reminders.

- administrators: the log of every reminder (a view of the outbox), the policy, and "renvoyer";
- anyone who may read a report sees the reminders sent for it (on the report page);
- anybody else: nothing (the page answers 404).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from directions import policy
from directions.models import User
from indicators.emails import DIGEST, REMINDER_PURPOSES
from indicators.models import Reminder, Report
from sg_portal.outbox.models import Email


def can_manage_reminders(user: User) -> bool:
    return policy.manages_catalogue(user)


def reminder_emails_visible_to(user: User, *, kind: str = "") -> QuerySet[Email]:
    """The reminders' emails in the outbox, newest first, each with its reminder and report."""
    emails = (
        Email.objects.filter(purpose__in=REMINDER_PURPOSES, reminder__isnull=False)
        .select_related(
            "reminder__report__direction",
            "reminder__report__period",
            "reminder__requested_by",
        )
        .defer("body", "html", "attachments")
        .order_by("-created_at", "-pk")
    )
    if kind:
        emails = emails.filter(reminder__kind=kind)
    return emails if can_manage_reminders(user) else emails.none()


def digest_emails_visible_to(user: User) -> QuerySet[Email]:
    emails = (
        Email.objects.filter(purpose=DIGEST, digest__isnull=False)
        .select_related("digest__period")
        .defer("body", "html", "attachments")
        .order_by("-created_at", "-pk")
    )
    return emails if can_manage_reminders(user) else emails.none()


def reminder_for(user: User, pk: int) -> Reminder:
    reminders = Reminder.objects.select_related("report__direction", "report__period")
    if not can_manage_reminders(user):
        reminders = reminders.none()
    return get_object_or_404(reminders, pk=pk)


def reminders_of_report(report: Report) -> list[Reminder]:
    """The reminders queued for a report, with their emails (the report page's section).
    The caller has already loaded the report through its scoped selector."""
    return list(
        report.reminders.filter(email__isnull=False)
        .select_related("email")
        .order_by("-created_at", "-pk")
    )
