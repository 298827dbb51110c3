"""The projects' kinds of notification: a question of the SG on a fortnightly status."""

from __future__ import annotations

from directions.models import User
from projects.models import StatusUpdate
from sg_portal.notifications.kinds import Delivery, NotificationKind, Reason
from sg_portal.notifications.services import notify

KINDS = [
    NotificationKind(
        key="projects.status_question",
        about="projects.project",
        label="Question sur un point d'avancement",
        reason=Reason.ASSIGNED,
        default=Delivery.PORTAL,
        description="Le SG pose une question sur un point d'avancement que vous avez publié.",
    ),
    NotificationKind(
        key="projects.status_answer",
        about="projects.project",
        label="Réponse à votre question sur un point d'avancement",
        reason=Reason.ASSIGNED,
        default=Delivery.PORTAL,
        description="Le chef de projet répond à la question que vous avez posée.",
    ),
]


def status_question(*, status: StatusUpdate, actor: User | None) -> None:
    notify(
        kind="projects.status_question",
        recipients=[status.author],
        key=f"projects.status_question:{status.pk}",
        title=f"Question du SG sur le point d'avancement : {status.project.name}",
        body=status.question,
        url=f"/projets/{status.project_id}/",
        actor=actor,
        about=status,
    )


def status_answer(*, status: StatusUpdate, actor: User | None) -> None:
    if status.reviewed_by is None:
        return
    notify(
        kind="projects.status_answer",
        recipients=[status.reviewed_by],
        key=f"projects.status_answer:{status.pk}",
        title=f"Réponse sur le point d'avancement : {status.project.name}",
        body=status.answer,
        url=status.get_absolute_url(),
        actor=actor,
        about=status,
    )
