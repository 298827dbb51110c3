from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from sg_portal.notifications.models import Notification


def unread_count(user: Any) -> int:
    """The bell: one count on the partial index of unread rows."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_of(user: Any) -> QuerySet[Notification]:
    """The reader's own notifications, unread first, then the most recent."""
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    return (
        Notification.objects.filter(recipient=user)
        .annotate(unread=unread)
        .order_by("-unread", "-created_at", "-pk")
    )


def already_notified(pairs: Iterable[tuple[int, str]]) -> set[tuple[int, str]]:
    """Those of `(recipient_id, key)` already notified: a periodic planner skips them without
    locking their objects again (notifying them again would change nothing). One query, on the
    index that keeps each `(recipient, key)` once."""
    wanted = set(pairs)
    if not wanted:
        return set()
    found = Notification.objects.filter(
        recipient_id__in={recipient for recipient, _ in wanted},
        key__in={key for _, key in wanted},
    ).values_list("recipient_id", "key")
    return wanted & set(found)
