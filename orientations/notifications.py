"""The orientations' notifications (`sg_portal.notifications`): the request for an opinion and
its reminders to the élu·e and their cabinet, the consultation closed to those who arbitrate,
the decision to the people consulted. The requests and reminders also go by email through the
outbox, so they stay in the portal unless the person chooses otherwise."""

from __future__ import annotations

from sg_portal.notifications.kinds import Delivery, NotificationKind, Reason

KINDS = [
    NotificationKind(
        key="orientations.opinion_requested",
        label="Avis demandé",
        reason=Reason.ASSIGNED,
        default=Delivery.PORTAL,
        description="Le SG sollicite votre avis (ou celui de l'élu·e dont vous êtes le cabinet) "
        "sur une orientation, avant une date limite.",
        about="orientations.orientation",
    ),
    NotificationKind(
        key="orientations.opinion_due",
        label="Avis attendu bientôt",
        reason=Reason.DATE_ALERT,
        default=Delivery.PORTAL,
        description="La date limite d'un avis que vous n'avez pas encore donné approche.",
        about="orientations.orientation",
    ),
    NotificationKind(
        key="orientations.awaiting_arbitration",
        label="Orientation à arbitrer",
        reason=Reason.REVIEW,
        default=Delivery.PORTAL,
        description="La consultation d'une orientation est close : l'arbitrage de la Maire "
        "peut être enregistré.",
        about="orientations.orientation",
    ),
    NotificationKind(
        key="orientations.arbitrated",
        label="Arbitrage rendu",
        reason=Reason.WATCHING,
        default=Delivery.PORTAL,
        description="La Maire a arbitré une orientation sur laquelle vous avez été consulté·e.",
        about="orientations.orientation",
    ),
]
