"""The organisation's own searchable kinds: directions and people.

`directions` is the bottom app and may not import the kernel, so the kernel describes them.
Every signed-in person may find a direction or a colleague (the directory is no secret inside
the City); an inactive account is not found.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from directions import policy
from directions.models import Direction, User
from sg_portal.search.kinds import Entry, SearchKind


def _directions() -> QuerySet[Direction]:
    return Direction.objects.select_related("pole")


def _direction(direction: Direction) -> Entry:
    pole = getattr(direction, "pole", None)
    return Entry(
        title=direction.name,
        code=direction.code,
        context=f"Direction · {pole.name}" if pole else "Direction",
        url=f"/recherche/?q={direction.code}",
    )


def _people() -> QuerySet[User]:
    return User.objects.filter(is_active=True).select_related("direction", "pole")


def _person(user: User) -> Entry | None:
    if not user.is_active:
        return None
    scope = user.direction.code if user.direction else (user.pole.name if user.pole else "")
    context = " · ".join(p for p in (policy.role_title(user), scope, user.job_title) if p)
    return Entry(
        title=user.get_full_name() or user.username,
        context=context,
        body=user.email,
        url=f"mailto:{user.email}" if user.email else "",
    )


def _visible_to_signed_in(queryset: QuerySet) -> Any:
    def visible(user: Any) -> QuerySet | None:
        return queryset if policy.is_active_user(user) else None

    return visible


def searchable() -> list[SearchKind]:
    return [
        SearchKind(
            key="directions.direction",
            label="Directions",
            model=Direction,
            queryset=_directions,
            document=_direction,
            visible=_visible_to_signed_in(Direction.objects.all()),
            order=5,
        ),
        SearchKind(
            key="directions.user",
            label="Personnes",
            model=User,
            queryset=_people,
            document=_person,
            visible=_visible_to_signed_in(User.objects.filter(is_active=True)),
            order=200,
        ),
    ]
