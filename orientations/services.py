"""The orientations' writes: preparation, recommendation, consultation, opinions, the silence at
the deadline, reminders, the arbitration and what it launches.

Services trust their caller (views authorise through `orientations.selectors`); each records its
journal entry and queues its emails inside its transaction. A refused act raises a
`ValidationError` whose dict names the field and says why in French.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from directions import policy
from directions.models import Arrondissement, Direction, ElectedOfficial, User
from orientations.models import (
    GIVEN_VERDICTS,
    Arbitration,
    ConsultationRequest,
    FollowUpAction,
    LaunchedDeliberation,
    LaunchedProject,
    Orientation,
    Scenario,
    Verdict,
)
from projects.models import Deliberation, Project, Sitting
from projects.services import deliberation_declare, project_create
from sg_portal.journal.services import journal_record
from sg_portal.notifications.services import notify
from sg_portal.outbox.services import email_queue

#: The conseils d'arrondissement's own legal floor for draft deliberations.
MIN_CONSULTATION_DAYS = 15
#: Reminders to those who have not answered, so many days before the deadline.
REMINDER_DAYS = (5, 1)

ORIENTATION_FIELDS = ["title", "text", "origin", "arbitration_due"]
SCENARIO_FIELDS = [
    "title",
    "description",
    "cost_operating",
    "cost_investment",
    "calendar",
    "vehicle",
    "sitting",
    "arrondissement_effects",
    "risks",
    "advantages",
    "drawbacks",
]


def _pks(objects) -> list[int]:
    return sorted(o.pk for o in objects)


# --- Preparation -----------------------------------------------------------------------------------


@transaction.atomic
def orientation_create(
    *,
    actor: User,
    data: dict[str, Any],
    carriers: list[ElectedOfficial],
    arrondissements: list[Arrondissement],
    directions: list[Direction],
) -> Orientation:
    orientation = Orientation(**{k: data[k] for k in ORIENTATION_FIELDS}, created_by=actor)
    orientation.save()
    orientation.carriers.set(carriers)
    orientation.arrondissements.set(arrondissements)
    orientation.directions.set(directions)
    journal_record(
        actor=actor,
        action="orientations.orientation.create",
        obj=orientation,
        after={"title": orientation.title, "status": orientation.status},
    )
    return orientation


@transaction.atomic
def orientation_update(
    *,
    actor: User,
    orientation: Orientation,
    data: dict[str, Any],
    carriers: list[ElectedOfficial],
    arrondissements: list[Arrondissement],
    directions: list[Direction],
) -> Orientation:
    before = {k: getattr(orientation, k) for k in ORIENTATION_FIELDS}
    for key in ORIENTATION_FIELDS:
        setattr(orientation, key, data[key])
    orientation.save(update_fields=ORIENTATION_FIELDS)
    orientation.carriers.set(carriers)
    orientation.arrondissements.set(arrondissements)
    orientation.directions.set(directions)
    after = {k: getattr(orientation, k) for k in ORIENTATION_FIELDS}
    changed = [k for k in ORIENTATION_FIELDS if before[k] != after[k]]
    journal_record(
        actor=actor,
        action="orientations.orientation.update",
        obj=orientation,
        before={k: before[k] for k in changed},
        after={"title": orientation.title, **{k: after[k] for k in changed}},
    )
    return orientation


@transaction.atomic
def scenario_save(
    *,
    actor: User,
    orientation: Orientation,
    scenario: Scenario | None,
    data: dict[str, Any],
    directions: list[Direction],
) -> Scenario:
    created = scenario is None
    if scenario is None:
        last = orientation.scenarios.order_by("-position").first()
        scenario = Scenario(orientation=orientation, position=(last.position + 1) if last else 1)
    for key in SCENARIO_FIELDS:
        setattr(scenario, key, data.get(key))
    if scenario.vehicle != Scenario.Vehicle.DELIBERATION:
        scenario.sitting = None
    scenario.save()
    scenario.directions.set(directions)
    journal_record(
        actor=actor,
        action="orientations.scenario.create" if created else "orientations.scenario.update",
        obj=scenario,
        parent=orientation,
        after={"title": scenario.title, "letter": scenario.letter},
    )
    return scenario


@transaction.atomic
def scenario_recommend(
    *, actor: User, orientation: Orientation, scenario: Scenario, reasons: str
) -> Orientation:
    if scenario.orientation_id != orientation.pk:
        raise ValidationError({"scenario": "Ce scénario n'appartient pas à cette orientation."})
    if not reasons.strip():
        raise ValidationError({"reasons": "Dites pourquoi le SG préconise ce scénario."})
    before = {"recommended": orientation.recommended_id}
    orientation.recommended = scenario
    orientation.recommendation_reasons = reasons.strip()
    orientation.recommended_by = actor
    orientation.recommended_at = timezone.now()
    orientation.save(
        update_fields=[
            "recommended",
            "recommendation_reasons",
            "recommended_by",
            "recommended_at",
        ]
    )
    journal_record(
        actor=actor,
        action="orientations.orientation.recommend",
        obj=orientation,
        before=before,
        after={"recommended": scenario.pk, "scenario": f"{scenario.letter} — {scenario.title}"},
        comment=orientation.recommendation_reasons,
    )
    return orientation


# --- The consultation ------------------------------------------------------------------------------


def _voices(official: ElectedOfficial) -> list[str]:
    """The élu·e's address and those of the accounts that answer for them."""
    emails = [official.email] if official.email else []
    emails += list(
        User.objects.filter(policy.official_voices_q(official.pk))
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(set(emails))


def _request_email(
    request: ConsultationRequest, *, kind: str, days_left: int = 0, actor: User | None = None
) -> None:
    orientation = request.orientation
    deadline = f"{orientation.consultation_deadline:%d/%m/%Y}"
    notify(
        kind="orientations.opinion_requested" if kind == "request" else "orientations.opinion_due",
        recipients=User.objects.filter(policy.official_voices_q(request.official_id)),
        key=f"orientations.opinion:{request.pk}:{kind}:{days_left}",
        title=f"Avis attendu avant le {deadline} : {orientation.title}",
        url=reverse("orientations:opinion", args=[orientation.pk]),
        actor=actor,
        about=orientation,
    )
    recipients = _voices(request.official)
    if not recipients:
        return
    if kind == "request":
        purpose = "orientations.opinion_request"
        key = f"orientations.opinion_request:{request.pk}"
        subject = f"Avis demandé avant le {orientation.consultation_deadline:%d/%m/%Y} : "
    else:
        purpose = "orientations.opinion_reminder"
        key = f"orientations.opinion_reminder:{request.pk}:J-{days_left}"
        subject = f"Rappel : votre avis est attendu avant le {orientation.consultation_deadline:%d/%m/%Y} : "
    email_queue(
        purpose=purpose,
        key=key,
        to=recipients,
        subject=subject + orientation.title,
        body=render_to_string(
            "orientations/email/opinion_request.txt",
            {
                "request": request,
                "orientation": orientation,
                "reminder": kind != "request",
                "days_left": days_left,
                "site_url": settings.SITE_URL,
            },
        ),
        about=orientation,
    )


def check_deadline(deadline: dt.date | None, urgency_reason: str, *, today: dt.date) -> None:
    if deadline is None:
        raise ValidationError({"deadline": "Indiquez la date limite des avis."})
    if deadline <= today:
        raise ValidationError(
            {
                "deadline": "La date limite doit être à venir : choisissez une date après aujourd'hui."
            }
        )
    if deadline < today + dt.timedelta(days=MIN_CONSULTATION_DAYS) and not urgency_reason.strip():
        raise ValidationError(
            {
                "urgency_reason": (
                    f"Un délai de moins de {MIN_CONSULTATION_DAYS} jours doit être justifié : "
                    "indiquez le motif d'urgence."
                )
            }
        )


@transaction.atomic
def consultation_open(
    *,
    actor: User,
    orientation: Orientation,
    officials: list[ElectedOfficial],
    deadline: dt.date | None,
    urgency_reason: str = "",
    today: dt.date | None = None,
) -> bool:
    """Open the consultation: one request per official, each emailed once. False when the
    consultation was already open (a double click). Reopening after a sending back starts the
    next round: the earlier rounds' requests and opinions stay as they were."""
    today = today or timezone.localdate()
    if orientation.scenarios.count() < 2:
        raise ValidationError(
            {"__all__": "Il faut au moins deux scénarios avant d'ouvrir la consultation."}
        )
    if orientation.recommended_id is None:
        raise ValidationError({"__all__": "Le SG doit d'abord préconiser un scénario."})
    if not officials:
        raise ValidationError({"officials": "Choisissez au moins un·e élu·e à consulter."})
    check_deadline(deadline, urgency_reason, today=today)
    now = timezone.now()
    won = Orientation.objects.filter(
        pk=orientation.pk, status=Orientation.Status.PREPARATION
    ).update(
        status=Orientation.Status.CONSULTATION,
        consultation_deadline=deadline,
        urgency_reason=urgency_reason.strip(),
        consultation_opened_at=now,
        consultation_closed_at=None,
        consultation_round=F("consultation_round") + 1,
    )
    if not won:
        return False
    orientation.refresh_from_db()
    for official in officials:
        request = ConsultationRequest.objects.create(
            orientation=orientation,
            round=orientation.consultation_round,
            official=official,
            sent_at=now,
            deadline=deadline,
        )
        _request_email(request, kind="request", actor=actor)
    journal_record(
        actor=actor,
        action="orientations.consultation.open",
        obj=orientation,
        before={"status": Orientation.Status.PREPARATION},
        after={
            "status": Orientation.Status.CONSULTATION,
            "round": orientation.consultation_round,
            "deadline": deadline,
            "officials": [o.full_name for o in officials],
        },
        comment=urgency_reason.strip(),
    )
    return True


@transaction.atomic
def opinion_give(
    *,
    actor: User,
    request: ConsultationRequest,
    verdict: str,
    text: str,
    per_scenario: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> ConsultationRequest:
    today = today or timezone.localdate()
    request = ConsultationRequest.objects.select_for_update().get(pk=request.pk)
    orientation = request.orientation
    if not request.is_current:
        raise ValidationError(
            {
                "__all__": "Cette consultation est close : une nouvelle consultation a été "
                "ouverte, l'avis donné alors ne se modifie plus."
            }
        )
    if not orientation.is_consulting or orientation.deadline_passed(today):
        raise ValidationError(
            {"__all__": "La date limite est passée : l'avis ne peut plus être donné ni modifié."}
        )
    if verdict not in _verdicts():
        raise ValidationError({"verdict": "Choisissez un avis."})
    text = text.strip()
    if verdict != Verdict.FAVOURABLE and not text:
        raise ValidationError(
            {"text": "Motivez votre avis : le texte est requis sauf s'il est favorable."}
        )
    scenario_ids = {str(pk) for pk in orientation.scenarios.values_list("pk", flat=True)}
    per_scenario = {
        k: v for k, v in (per_scenario or {}).items() if k in scenario_ids and v in _verdicts()
    }
    before = {"verdict": request.verdict}
    amended = request.has_opinion
    request.verdict = verdict
    request.text = text
    request.per_scenario = per_scenario
    request.given_by = actor
    request.given_at = timezone.now()
    request.save(update_fields=["verdict", "text", "per_scenario", "given_by", "given_at"])
    journal_record(
        actor=actor,
        action="orientations.opinion.amend" if amended else "orientations.opinion.give",
        obj=request,
        parent=orientation,
        before=before,
        after={
            "verdict": verdict,
            "official": request.official.full_name,
            "round": request.round,
            "on_behalf": not (
                policy.is_elected_official(actor)
                and policy.represented_official_id(actor) == request.official_id
            ),
        },
        comment=text,
    )
    return request


def _verdicts() -> set[str]:
    return {v for v, _ in GIVEN_VERDICTS}


def consultations_close_due(*, today: dt.date | None = None) -> int:
    """Close every consultation whose deadline has passed: silence is recorded as « réputé sans
    avis » (the request's sending date is the proof), the orientation awaits arbitration. One
    orientation per transaction, claimed by a conditional update, so a second beat tick records
    nothing twice. Returns the number closed."""
    today = today or timezone.localdate()
    due = list(
        Orientation.objects.filter(
            status=Orientation.Status.CONSULTATION, consultation_deadline__lt=today
        ).values_list("pk", flat=True)
    )
    closed = 0
    for pk in due:
        with transaction.atomic():
            won = Orientation.objects.filter(
                pk=pk, status=Orientation.Status.CONSULTATION, consultation_deadline__lt=today
            ).update(status=Orientation.Status.AWAITING, consultation_closed_at=timezone.now())
            if not won:
                continue
            orientation = Orientation.objects.get(pk=pk)
            # Only the current round: an earlier round was closed (and its silences recorded)
            # before the sending back.
            silent = list(
                orientation.requests.filter(verdict="", round=orientation.consultation_round)
                .select_related("official")
                .order_by("pk")
            )
            for request in silent:
                ConsultationRequest.objects.filter(pk=request.pk, verdict="").update(
                    verdict=Verdict.DEEMED, given_at=timezone.now()
                )
                journal_record(
                    actor=None,
                    action="orientations.opinion.deemed",
                    obj=request,
                    parent=orientation,
                    before={"verdict": ""},
                    after={
                        "verdict": Verdict.DEEMED,
                        "official": request.official.full_name,
                        "sent_at": request.sent_at,
                        "round": request.round,
                    },
                )
            notify(
                kind="orientations.awaiting_arbitration",
                recipients=User.objects.filter(policy.arbitrators_q()),
                key=f"orientations.awaiting_arbitration:{orientation.pk}:{today.isoformat()}",
                title=f"Orientation à arbitrer : {orientation.title}",
                url=orientation.get_absolute_url(),
                about=orientation,
            )
            journal_record(
                actor=None,
                action="orientations.consultation.close",
                obj=orientation,
                before={"status": Orientation.Status.CONSULTATION},
                after={"status": Orientation.Status.AWAITING, "silent": len(silent)},
            )
            closed += 1
    return closed


def opinion_reminders_queue(*, today: dt.date | None = None) -> int:
    """Remind those who have not answered, five and one days before the deadline, once each
    (the outbox's key keeps a second tick from queuing twice). Only the latest step due is
    sent, so a reminder missed on its day is not sent beside the next one."""
    today = today or timezone.localdate()
    requests = (
        ConsultationRequest.objects.filter(
            verdict="",
            round=F("orientation__consultation_round"),
            orientation__status=Orientation.Status.CONSULTATION,
            orientation__consultation_deadline__gte=today,
            orientation__consultation_deadline__lte=today + dt.timedelta(days=max(REMINDER_DAYS)),
        )
        .select_related("orientation", "official")
        .order_by("pk")
    )
    queued = 0
    for request in requests:
        deadline = request.orientation.consultation_deadline
        assert deadline is not None
        days_left = (deadline - today).days
        step = min(d for d in REMINDER_DAYS if d >= days_left)
        # A consultation opened less than a step before its deadline needs no reminder of it.
        if (deadline - request.sent_at.astimezone().date()).days <= step:
            continue
        with transaction.atomic():
            _request_email(request, kind="reminder", days_left=step)
        queued += 1
    return queued


# --- The arbitration -------------------------------------------------------------------------------


@transaction.atomic
def arbitration_record(
    *,
    actor: User,
    orientation: Orientation,
    outcome: str,
    scenario: Scenario | None,
    conditions: str,
    decided_on: dt.date | None,
    supersedes_id: int | None,
    today: dt.date | None = None,
) -> Arbitration:
    """Record the Maire's decision. `supersedes_id` is the decision the form was shown (None for
    the first): if another was recorded meanwhile (a double click, a colleague), this one is
    refused, so a decision is never replaced unseen."""
    today = today or timezone.localdate()
    orientation = Orientation.objects.select_for_update().get(pk=orientation.pk)
    conditions = conditions.strip()
    if outcome not in Arbitration.Outcome.values:
        raise ValidationError({"outcome": "Choisissez la décision de la Maire."})
    if outcome == Arbitration.Outcome.CHOSEN:
        if scenario is None:
            raise ValidationError({"scenario": "Indiquez le scénario retenu par la Maire."})
        if scenario.orientation_id != orientation.pk:
            raise ValidationError({"scenario": "Ce scénario n'appartient pas à cette orientation."})
    else:
        scenario = None
        if not conditions:
            raise ValidationError({"conditions": "Indiquez le motif de l'abandon ou du renvoi."})
    if decided_on is None:
        raise ValidationError({"decided_on": "Indiquez la date de la décision."})
    if decided_on > today:
        raise ValidationError({"decided_on": "La décision ne peut pas être datée de demain."})
    current = orientation.arbitrations.order_by("-recorded_at", "-pk").first()
    if (current.pk if current else None) != supersedes_id:
        raise ValidationError(
            {
                "__all__": "Un arbitrage vient d'être enregistré sur cette orientation : "
                "relisez-le avant d'en enregistrer un nouveau."
            }
        )
    contrary = scenario is None or scenario.pk != orientation.recommended_id
    try:
        with transaction.atomic():
            arbitration = Arbitration.objects.create(
                orientation=orientation,
                outcome=outcome,
                scenario=scenario,
                conditions=conditions,
                decided_on=decided_on,
                contrary_to_recommendation=contrary and outcome == Arbitration.Outcome.CHOSEN,
                supersedes=current,
                recorded_by=actor,
            )
    except IntegrityError as error:
        raise ValidationError(
            {"__all__": "Un arbitrage vient d'être enregistré sur cette orientation."}
        ) from error
    status = {
        Arbitration.Outcome.CHOSEN: Orientation.Status.ARBITRATED,
        Arbitration.Outcome.ABANDONED: Orientation.Status.ABANDONED,
        Arbitration.Outcome.SENT_BACK: Orientation.Status.PREPARATION,
    }[Arbitration.Outcome(outcome)]
    before_status = orientation.status
    orientation.status = status
    orientation.save(update_fields=["status"])
    # Everyone asked in any round: an opinion of an earlier round weighed on the decision too.
    consulted = list(orientation.requests.values_list("official_id", flat=True).distinct())
    notify(
        kind="orientations.arbitrated",
        recipients=User.objects.filter(policy.electeds_answering_q(consulted)),
        key=f"orientations.arbitrated:{arbitration.pk}",
        title=f"Arbitrage rendu : {orientation.title}",
        url=orientation.get_absolute_url(),
        actor=actor,
        about=orientation,
    )
    journal_record(
        actor=actor,
        action="orientations.arbitration.record",
        obj=orientation,
        before={"status": before_status},
        after={
            "status": status,
            "outcome": outcome,
            "scenario": f"{scenario.letter} — {scenario.title}" if scenario else "",
            "contrary": arbitration.contrary_to_recommendation,
            "supersedes": current.pk if current else None,
            "on_behalf": policy.is_mayor_cabinet(actor),
        },
        comment=conditions,
    )
    return arbitration


# --- What the arbitration launches -----------------------------------------------------------------


def _launching_arbitration(orientation: Orientation) -> Arbitration:
    arbitration = orientation.arbitrations.order_by("-recorded_at", "-pk").first()
    if arbitration is None or arbitration.outcome != Arbitration.Outcome.CHOSEN:
        raise ValidationError(
            {"__all__": "Seul un arbitrage qui retient un scénario lance des suites."}
        )
    return arbitration


@transaction.atomic
def project_launch(
    *,
    actor: User,
    orientation: Orientation,
    data: dict[str, Any],
    arrondissements: list[Arrondissement] | None = None,
) -> Project:
    arbitration = _launching_arbitration(orientation)
    # A double click: the name is unique among projects, so the second finds the first.
    existing = LaunchedProject.objects.filter(
        orientation=orientation, project__name=data.get("name")
    ).first()
    if existing is not None:
        return existing.project
    project = project_create(by=actor, data=data, arrondissements=arrondissements)
    LaunchedProject.objects.create(
        orientation=orientation, arbitration=arbitration, project=project
    )
    journal_record(
        actor=actor,
        action="orientations.launch.project",
        obj=orientation,
        after={"project": project.pk, "name": project.name},
    )
    return project


@transaction.atomic
def deliberation_launch(
    *,
    actor: User,
    orientation: Orientation,
    direction: Direction,
    sitting: Sitting,
    title: str,
    project: Project | None = None,
) -> Deliberation:
    arbitration = _launching_arbitration(orientation)
    deliberation = deliberation_declare(
        by=actor, direction=direction, title=title, sitting=sitting, project=project
    )
    _, created = LaunchedDeliberation.objects.get_or_create(
        deliberation=deliberation,
        defaults={"orientation": orientation, "arbitration": arbitration},
    )
    if created:
        journal_record(
            actor=actor,
            action="orientations.launch.deliberation",
            obj=orientation,
            after={
                "deliberation": deliberation.pk,
                "reference": deliberation.reference,
                "title": deliberation.title,
            },
        )
    return deliberation


@transaction.atomic
def action_launch(
    *, actor: User, orientation: Orientation, title: str, owner: User, due_date: dt.date
) -> FollowUpAction:
    arbitration = _launching_arbitration(orientation)
    action, created = FollowUpAction.objects.get_or_create(
        orientation=orientation,
        title=title.strip(),
        owner=owner,
        due_date=due_date,
        defaults={"arbitration": arbitration},
    )
    if created:
        journal_record(
            actor=actor,
            action="orientations.launch.action",
            obj=orientation,
            after={"title": action.title, "owner": str(owner), "due_date": due_date},
        )
    return action


@transaction.atomic
def action_close(*, actor: User, action: FollowUpAction) -> bool:
    won = FollowUpAction.objects.filter(pk=action.pk, status=FollowUpAction.Status.OPEN).update(
        status=FollowUpAction.Status.CLOSED
    )
    if won:
        journal_record(
            actor=actor,
            action="orientations.action.close",
            obj=action.orientation,
            after={"title": action.title},
        )
    return bool(won)
