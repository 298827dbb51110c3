"""Scope of each role over the organisation: the one place that decides who sees which direction."""

from __future__ import annotations

from django.db.models import QuerySet

from directions.models import Direction, User

# Roles that read the whole City (dashboards, agendas) without reviewing it.
_CITY_WIDE_READERS = frozenset({User.Role.CHARGE_MISSION, User.Role.ADMINISTRATEUR})


def directions_visible_to(user: User) -> QuerySet[Direction]:
    """Directions whose data the user may read.

    SG staff, chargés de mission and administrators read every direction; a director, a référent
    (and anyone else attached to a direction) reads only their own.
    """
    if not user.is_authenticated or not user.is_active:
        return Direction.objects.none()
    if user.is_sg_staff or user.role in _CITY_WIDE_READERS or user.is_superuser:
        return Direction.objects.all()
    if user.direction_id:
        return Direction.objects.filter(pk=user.direction_id)
    return Direction.objects.none()


def directions_reviewed_by(user: User) -> QuerySet[Direction]:
    """Directions whose reports the user validates or returns.

    The Secrétaire générale and the délégué·e review all of them; an SG adjoint·e reviews the
    directions of the pôle they oversee; nobody else reviews.
    """
    if not user.is_authenticated or not user.is_active:
        return Direction.objects.none()
    if user.role in {User.Role.SECRETAIRE_GENERALE, User.Role.SG_DELEGUE}:
        return Direction.objects.all()
    if user.role == User.Role.SG_ADJOINT and user.pole_id:
        return Direction.objects.filter(pole_id=user.pole_id)
    return Direction.objects.none()


def directions_edited_by(user: User) -> QuerySet[Direction]:
    """Directions on whose behalf the user files reports and declarations."""
    if user.is_authenticated and user.is_active and user.is_direction_member and user.direction_id:
        return Direction.objects.filter(pk=user.direction_id)
    return Direction.objects.none()
