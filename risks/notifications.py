"""The risks' kinds of notification, produced by the risk tick (`risks.reminders`): a risk to
review, a key indicator crossed, a risk escalated above tolerance, an acceptance expired, a
measure past its due date."""

from __future__ import annotations

from collections.abc import Iterable

from directions.models import User
from risks.models import Measure, Risk
from sg_portal.notifications.kinds import Delivery, NotificationKind, Reason
from sg_portal.notifications.services import notify

KINDS = [
    NotificationKind(
        key="risks.review_due",
        about="risks.risk",
        label="Risque à revoir",
        reason=Reason.DATE_ALERT,
        default=Delivery.DIGEST,
        description="La date de revue d'un risque dont vous êtes propriétaire approche.",
    ),
    NotificationKind(
        key="risks.kri_crossed",
        about="risks.risk",
        label="Indicateur clé de risque franchi",
        reason=Reason.ACCOUNTABLE,
        default=Delivery.IMMEDIATE,
        description="Un indicateur que suit un de vos risques a franchi son seuil.",
    ),
    NotificationKind(
        key="risks.escalated",
        about="risks.risk",
        label="Risque au-dessus de la tolérance",
        reason=Reason.REVIEW,
        default=Delivery.PORTAL,
        description="Un risque dépasse la tolérance de sa catégorie sans acceptation.",
    ),
    NotificationKind(
        key="risks.acceptance_expired",
        about="risks.risk",
        label="Acceptation de risque échue",
        reason=Reason.ACCOUNTABLE,
        default=Delivery.PORTAL,
        description="L'acceptation d'un de vos risques est arrivée à échéance.",
    ),
    NotificationKind(
        key="risks.measure_overdue",
        about="risks.risk",
        label="Mesure de traitement en retard",
        reason=Reason.DATE_ALERT,
        default=Delivery.DIGEST,
        description="Une mesure dont vous êtes responsable a dépassé son échéance sans être réalisée.",
    ),
]


def risk_notify(
    *, kind: str, risk: Risk, recipients: Iterable[User], key: str, title: str, body: str = ""
) -> None:
    notify(
        kind=kind,
        recipients=list(recipients),
        key=key,
        title=title[:200],
        body=body[:2000],
        url=f"/risques/{risk.pk}/",
        actor=None,
        about=risk,
    )


def measure_overdue_key(measure: Measure) -> str:
    """One alert per measure and due date: a due date moved later is alerted again once passed."""
    return f"risks.measure_overdue:{measure.pk}:{measure.due_date.isoformat()}"


def measure_overdue(*, measure: Measure) -> bool:
    """Tell the owner their open measure is past its due date; False if already told."""
    return bool(
        notify(
            kind="risks.measure_overdue",
            recipients=[measure.owner],
            key=measure_overdue_key(measure),
            title=(f"Mesure en retard, échue le {measure.due_date:%d/%m/%Y} : {measure.title}")[
                :200
            ],
            body=f"Risque : {measure.risk.title}",
            url=measure.get_absolute_url(),
            about=measure,
        )
    )
