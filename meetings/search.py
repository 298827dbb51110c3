"""The meetings' searchable documents: meetings, agenda items (with their decisions) and
actions. Visibility is the app's: `meetings_visible_to`, `agenda_items_visible_to`,
`actions_visible_to`."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from directions.models import User
from meetings.models import Action, AgendaItem, Meeting
from meetings.selectors import (
    BodyAccess,
    actions_visible_to,
    agenda_items_visible_to,
    body_access,
    meetings_visible_to,
)
from sg_portal.search.kinds import Entry, SearchKind


def _when(meeting: Meeting) -> str:
    return f"{timezone.localtime(meeting.starts_at):%d/%m/%Y à %Hh%M}"


def _meeting(meeting: Meeting) -> Entry:
    return Entry(
        title=f"{meeting.body.name} — {_when(meeting)}",
        context=" · ".join(
            p for p in ("Réunion", meeting.place, meeting.get_status_display()) if p
        ),
        body="\n".join(p for p in (meeting.invited_guests, meeting.cancel_reason) if p),
        url=f"/reunions/{meeting.pk}/",
    )


def _item(item: AgendaItem) -> Entry:
    meeting = item.meeting
    return Entry(
        title=item.title,
        context=f"Point de l'ordre du jour · {meeting.body.name} · {_when(meeting)}",
        body="\n".join(p for p in (item.decision, item.guest) if p),
        url=f"/reunions/{meeting.pk}/",
    )


def _action(action: Action) -> Entry:
    return Entry(
        title=action.title,
        context=(
            f"Action · {action.owner} · échéance le {action.due_date:%d/%m/%Y} · "
            f"{action.get_status_display()}"
        ),
        body=f"Décidée en {action.meeting.body.name}, {_when(action.meeting)}",
        url=f"/reunions/{action.meeting_id}/#actions",
    )


def _access(user: User) -> BodyAccess:
    """The reader's access to the bodies, asked once for the three kinds of one search (the
    user object lives as long as the request)."""
    access = getattr(user, "_meetings_search_access", None)
    if access is None:
        access = body_access(user)
        user._meetings_search_access = access  # type: ignore[attr-defined]
    return access


def _visible_meetings(user: User) -> QuerySet[Meeting]:
    return meetings_visible_to(user, access=_access(user))


def _visible_items(user: User) -> QuerySet[AgendaItem]:
    return agenda_items_visible_to(user, access=_access(user))


def _visible_actions(user: User) -> QuerySet[Action]:
    return actions_visible_to(user, access=_access(user))


def searchable() -> list[SearchKind]:
    return [
        SearchKind(
            key="meetings.meeting",
            label="Réunions",
            model=Meeting,
            queryset=lambda: Meeting.objects.select_related("body"),
            document=_meeting,
            visible=_visible_meetings,
            order=30,
        ),
        SearchKind(
            key="meetings.item",
            label="Points d'ordre du jour et décisions",
            model=AgendaItem,
            queryset=lambda: AgendaItem.objects.select_related("meeting__body"),
            document=_item,
            visible=_visible_items,
            order=31,
        ),
        SearchKind(
            key="meetings.action",
            label="Actions",
            model=Action,
            queryset=lambda: Action.objects.select_related("meeting__body", "owner"),
            document=_action,
            visible=_visible_actions,
            order=32,
        ),
    ]
