"""The indicators' kinds of notification, and who is told of a report's review.

Produced in the transaction of the act (`indicators.services`), once per event: the key names
the report and the moment of the act.
"""

from __future__ import annotations

import datetime as dt

from directions import policy
from directions.models import User
from indicators.models import Report
from sg_portal.notifications.kinds import Delivery, NotificationKind, Reason
from sg_portal.notifications.services import notify

KINDS = [
    NotificationKind(
        key="indicators.report_submitted",
        about="indicators.report",
        label="Rapport soumis à examiner",
        reason=Reason.REVIEW,
        default=Delivery.DIGEST,
        description="Un rapport de votre pôle attend votre validation.",
    ),
    NotificationKind(
        key="indicators.report_returned",
        about="indicators.report",
        label="Rapport renvoyé",
        reason=Reason.ASSIGNED,
        description="Le SG renvoie un rapport de votre direction pour correction.",
    ),
    NotificationKind(
        key="indicators.report_validated",
        about="indicators.report",
        label="Rapport validé",
        reason=Reason.ACCOUNTABLE,
        description="Le SG a validé un rapport de votre direction.",
    ),
]


def _label(report: Report) -> str:
    return f"{report.direction.code} — {report.period.label}"


def report_submitted(*, report: Report, actor: User | None, at: dt.datetime) -> None:
    direction = report.direction
    reviewers = User.objects.filter(
        policy.pole_reviewers_q(direction.pole_id)
        if direction.pole_id
        else policy.secretaire_generale_q()
    )
    notify(
        kind="indicators.report_submitted",
        recipients=reviewers,
        key=f"indicators.report_submitted:{report.pk}:{at.isoformat()}",
        title=f"Rapport à examiner : {_label(report)}",
        url=f"/rapports/{report.pk}/",
        actor=actor,
        about=report,
    )


def report_reviewed(
    *, report: Report, actor: User | None, at: dt.datetime, returned: bool, comment: str = ""
) -> None:
    filers = User.objects.filter(policy.direction_filers_q(report.direction_id))
    kind = "indicators.report_returned" if returned else "indicators.report_validated"
    title = (
        f"Rapport renvoyé pour correction : {_label(report)}"
        if returned
        else f"Rapport validé : {_label(report)}"
    )
    notify(
        kind=kind,
        recipients=filers,
        key=f"{kind}:{report.pk}:{at.isoformat()}",
        title=title,
        body=comment,
        url=f"/rapports/{report.pk}/",
        actor=actor,
        about=report,
    )
