"""Internal communication's kinds of notification: an announcement to relay in one's direction,
a freed seat at the auditorium to confirm.

Produced in the transaction of the act (`communication.services`) or, for an announcement
published later, by the app's periodic tick once its time has come; each once (the key).
"""

from __future__ import annotations

from django.utils import timezone

from communication.models import Announcement, Registration
from directions import policy
from directions.models import Direction, User
from sg_portal.notifications.kinds import Delivery, NotificationKind, Reason
from sg_portal.notifications.services import notify

KINDS = [
    NotificationKind(
        key="communication.relay_due",
        about="communication.announcement",
        label="Annonce à relayer",
        reason=Reason.ASSIGNED,
        default=Delivery.DIGEST,
        description="Le Secrétariat général demande de relayer une annonce dans votre direction.",
    ),
    NotificationKind(
        key="communication.seat_offered",
        about="communication.session",
        label="Place libérée à l'auditorium",
        reason=Reason.ASSIGNED,
        description="Une place s'est libérée à une séance où vous étiez en liste d'attente.",
    ),
]


def relay_due(*, announcement: Announcement, actor: User | None) -> None:
    """The directors of the directions the announcement reaches, which have not relayed it."""
    if not announcement.asks_relay or announcement.publish_at > timezone.now():
        return
    directions = Direction.objects.filter(
        policy.relaying_directions_q(
            announcement.audience,
            announcement.audience_pole_id,
            list(announcement.audience_directions.values_list("pk", flat=True)),
        )
    ).exclude(pk__in=announcement.relays.values("direction_id"))
    directors = User.objects.filter(policy.directors_of_directions_q(directions.values("pk")))
    notify(
        kind="communication.relay_due",
        recipients=directors,
        key=f"communication.relay_due:{announcement.pk}",
        title=f"Annonce à relayer dans votre direction : {announcement.title}",
        url=f"/annonces/{announcement.pk}/#relais",
        actor=actor,
        about=announcement,
    )


def seat_offered(*, registration: Registration) -> None:
    session = registration.session
    until = timezone.localtime(registration.offer_expires_at or timezone.now())
    notify(
        kind="communication.seat_offered",
        recipients=[registration.user],
        key=f"communication.seat_offered:{registration.pk}:{registration.offer_count}",
        title=f"Place libérée à confirmer avant le {until:%d/%m à %Hh%M} : {session.title}",
        url=f"/auditorium/{session.pk}/#inscription",
        about=session,
    )
