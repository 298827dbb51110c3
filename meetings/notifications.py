"""The meetings' kinds of notification: an agenda published, an action assigned, due or overdue.

Produced in the transaction of the act (`meetings.services`); the agenda's own email (with its
.ics) stays the meetings' purpose, the notification is the portal's trace of it.
"""

from __future__ import annotations

from django.utils import timezone

from directions.models import User
from meetings.models import Action, Meeting
from sg_portal.notifications.kinds import Delivery, NotificationKind, Reason
from sg_portal.notifications.services import notify

KINDS = [
    NotificationKind(
        key="meetings.agenda_published",
        about="meetings.meeting",
        label="Ordre du jour publié",
        reason=Reason.WATCHING,
        description="L'ordre du jour d'une réunion à laquelle vous êtes convoqué·e est publié.",
    ),
    NotificationKind(
        key="meetings.action_assigned",
        about="meetings.action",
        label="Action confiée",
        reason=Reason.ASSIGNED,
        default=Delivery.IMMEDIATE,
        description="Une réunion vous confie une action de suivi.",
    ),
    NotificationKind(
        key="meetings.action_due",
        about="meetings.action",
        label="Action à échéance",
        reason=Reason.DATE_ALERT,
        description="Une action qui vous est confiée arrive à échéance dans trois jours.",
    ),
    NotificationKind(
        key="meetings.action_overdue",
        about="meetings.action",
        label="Action en retard",
        reason=Reason.DATE_ALERT,
        default=Delivery.DIGEST,
        description="Une action qui vous est confiée a dépassé son échéance sans être close.",
    ),
]


def _when(meeting: Meeting) -> str:
    return f"{timezone.localtime(meeting.starts_at):%d/%m/%Y à %Hh%M}"


def agenda_published(*, meeting: Meeting, members: list[User], actor: User | None) -> None:
    notify(
        kind="meetings.agenda_published",
        recipients=members,
        key=f"meetings.agenda_published:{meeting.pk}:{meeting.sequence}",
        title=f"Ordre du jour publié : {meeting.body.name}, {_when(meeting)}",
        url=f"/reunions/{meeting.pk}/",
        actor=actor,
        about=meeting,
    )


def action_assigned(*, action: Action, actor: User | None) -> None:
    notify(
        kind="meetings.action_assigned",
        recipients=[action.owner],
        key=f"meetings.action_assigned:{action.pk}",
        title=f"Action à mener d'ici le {action.due_date:%d/%m/%Y} : {action.title}",
        url=f"/reunions/{action.meeting_id}/#actions",
        actor=actor,
        about=action,
    )


def action_due(*, action: Action) -> None:
    notify(
        kind="meetings.action_due",
        recipients=[action.owner],
        key=f"meetings.action_due:{action.pk}:{action.due_date:%Y-%m-%d}",
        title=f"Action à échéance le {action.due_date:%d/%m/%Y} : {action.title}",
        url=f"/reunions/{action.meeting_id}/#actions",
        about=action,
    )


def action_overdue_key(action: Action) -> str:
    """One alert per action and due date: a due date moved later is alerted again once passed."""
    return f"meetings.action_overdue:{action.pk}:{action.due_date:%Y-%m-%d}"


def action_overdue(*, action: Action) -> bool:
    """Tell the owner their open action is past its due date; False if already told."""
    return bool(
        notify(
            kind="meetings.action_overdue",
            recipients=[action.owner],
            key=action_overdue_key(action),
            title=f"Action en retard, échue le {action.due_date:%d/%m/%Y} : {action.title}",
            url=f"/reunions/{action.meeting_id}/#actions",
            about=action,
        )
    )
