"""Who sees the reminders: the one place that decides it for the reminders.

- administrators: the log of every reminder, the policy, and "renvoyer";
- anyone who may read a report sees the reminders sent for it (on the report page);
- anybody else: nothing (the page answers 404).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from directions import policy
from directions.models import User
from indicators.models import Reminder


def can_manage_reminders(user: User) -> bool:
    return policy.manages_catalogue(user)


def reminders_visible_to(user: User) -> QuerySet[Reminder]:
    base = Reminder.objects.select_related(
        "report__direction", "report__period", "requested_by"
    ).order_by("-created_at", "-pk")
    return base if can_manage_reminders(user) else base.none()


def reminder_for(user: User, pk: int) -> Reminder:
    return get_object_or_404(reminders_visible_to(user), pk=pk)
