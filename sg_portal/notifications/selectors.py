from __future__ import annotations

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
