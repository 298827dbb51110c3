from __future__ import annotations

from collections.abc import Callable, Iterable
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


def not_yet_notified[T](candidates: list[T], *, pair: Callable[[T], tuple[int, str]]) -> list[T]:
    """The candidates whose `pair(candidate)` — `(recipient_id, key)` — has no notification yet,
    in their order: what a periodic planner still has to lock and notify (one query)."""
    already = already_notified(pair(candidate) for candidate in candidates)
    return [candidate for candidate in candidates if pair(candidate) not in already]


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
