"""Scope of each role over the organisation: the directions a user reads, reviews and files for.

The rules themselves are in `directions.policy`; these are the querysets the apps start from.
"""

from __future__ import annotations

from django.db.models import QuerySet

from directions import policy
from directions.models import Direction, User


def directions_visible_to(user: User) -> QuerySet[Direction]:
    """Directions whose data the user may read.

    SG staff, chargés de mission and administrators read every direction; a director, a référent
    (and anyone else attached to a direction) reads only their own.
    """
    return Direction.objects.filter(policy.organisation_directions_q(user))


def directions_reviewed_by(user: User) -> QuerySet[Direction]:
    """Directions whose reports the user validates or returns.

    The Secrétaire générale and the délégué·e review all of them; an SG adjoint·e reviews the
    directions of the pôle they oversee; nobody else reviews.
    """
    return Direction.objects.filter(policy.reviewed_directions_q(user))


def directions_edited_by(user: User) -> QuerySet[Direction]:
    """Directions on whose behalf the user files reports and declarations."""
    return Direction.objects.filter(policy.filed_directions_q(user))
