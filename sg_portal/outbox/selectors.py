"""Who sees the outbox, and the rows a page lists."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from directions import policy
from directions.models import User
from sg_portal.outbox.models import Email

# What a list shows; the bodies and attachments stay in the database.
_LIST_FIELDS = (
    "id",
    "purpose",
    "key",
    "to",
    "cc",
    "subject",
    "state",
    "attempts",
    "last_error",
    "next_attempt_at",
    "claimed_at",
    "sent_at",
    "failed_at",
    "created_at",
    "about_type",
    "about_id",
)


def can_read_outbox(user: User) -> bool:
    """Administrators and the SG's staff (the Secrétaire générale, délégué·e, adjoint·e·s)."""
    return policy.is_administrator(user) or policy.is_sg_staff(user)


def can_resend_emails(user: User) -> bool:
    return policy.is_administrator(user)


def emails_visible_to(user: User) -> QuerySet[Email]:
    base = Email.objects.only(*_LIST_FIELDS).order_by("-created_at", "-pk")
    return base if can_read_outbox(user) else base.none()


def emails_filtered(
    user: User, *, purposes: Iterable[str] = (), state: str = ""
) -> QuerySet[Email]:
    emails = emails_visible_to(user)
    purposes = list(purposes)
    if purposes:
        emails = emails.filter(purpose__in=purposes)
    if state:
        emails = emails.filter(state=state)
    return emails


def email_for(user: User, pk: int) -> Email:
    return get_object_or_404(emails_visible_to(user), pk=pk)


def emails_about(obj: models.Model, *, purposes: Iterable[str] = ()) -> QuerySet[Email]:
    """The emails about one object (a report, a meeting...), newest first. Unscoped: the caller
    has already decided the user may see that object."""
    emails = Email.objects.only(*_LIST_FIELDS).filter(
        about_type=ContentType.objects.get_for_model(obj), about_id=obj.pk
    )
    purposes = list(purposes)
    if purposes:
        emails = emails.filter(purpose__in=purposes)
    return emails.order_by("-created_at", "-pk")


def queued_keys(keys: Iterable[str]) -> set[str]:
    """Those of `keys` already queued, in any state: a planner skips them without rendering
    their messages again (queuing them would change nothing)."""
    wanted = list(keys)
    if not wanted:
        return set()
    return set(Email.objects.filter(key__in=wanted).values_list("key", flat=True))
