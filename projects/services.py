"""Writes on projects and deliberations. Each one checks scope, saves, and records the act in the
journal in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from directions import policy
from directions.models import Arrondissement, Direction, User
from projects import notifications
from projects.fortnights import fortnight_of, required_fortnight
from projects.models import (
    RATING_SEVERITY,
    Deliberation,
    Milestone,
    Project,
    Rating,
    Sitting,
    SittingChange,
    StatusUpdate,
)
from projects.selectors import (
    assigns_project_leads,
    deliberations_edited_by,
    directions_declaring_for,
    projects_edited_by,
    projects_status_postable_by,
    statuses_reviewable_by,
    with_latest_status,
)
from sg_portal.journal.services import journal_record
from sg_portal.outbox.selectors import queued_keys
from sg_portal.outbox.services import email_queue


def _ids(values: dict[str, Any]) -> dict[str, Any]:
    """Many-to-many values as sorted ids, as the journal keeps them."""
    return {
        k: sorted(v.pk if isinstance(v, models.Model) else v for v in value)
        if isinstance(value, list | tuple | set)
        else value
        for k, value in values.items()
    }


# --- Projects ------------------------------------------------------------------------------------

PROJECT_FIELDS = [
    "kind",
    "name",
    "description",
    "lead_direction",
    "chef_projet",
    "sg_adjoint",
    "start_date",
    "planned_end",
    "forecast_end",
    "phase",
    "budget_planned",
    "budget_committed",
]


@transaction.atomic
def project_create(
    *,
    by: User,
    data: dict[str, Any],
    partner_directions: list[Direction] | None = None,
    arrondissements: list[Arrondissement] | None = None,
) -> Project:
    from projects.selectors import can_create_project

    if not can_create_project(by):
        raise PermissionDenied
    if not assigns_project_leads(by):
        data = {**data, "lead_direction": by.direction}  # a director creates for their direction
    project = Project(**{k: data.get(k) for k in PROJECT_FIELDS if k in data})
    project.full_clean()
    project.save()
    project.partner_directions.set(partner_directions or [])
    project.arrondissements.set(arrondissements or [])
    journal_record(actor=by, action="projects.project.create", obj=project, after=_ids(data))
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    by: User,
    data: dict[str, Any],
    partner_directions: list[Direction] | None = None,
    arrondissements: list[Arrondissement] | None = None,
) -> Project:
    if not projects_edited_by(by).filter(pk=project.pk).exists():
        raise PermissionDenied
    # Work on the stored row (a ModelForm may already have written its values on `project`).
    project = Project.objects.select_for_update().get(pk=project.pk)
    fields = [k for k in PROJECT_FIELDS if k in data]
    if not assigns_project_leads(by):
        # Who leads and who follows the project is the SG's decision.
        fields = [k for k in fields if k not in {"lead_direction", "sg_adjoint", "chef_projet"}]
    before = {k: getattr(project, k) for k in fields}
    changed = [k for k in fields if before[k] != data[k]]
    for key in changed:
        setattr(project, key, data[key])
    project.full_clean()
    project.updated_at = timezone.now()
    project.save(update_fields=[*changed, "updated_at"])
    before_partners = list(project.partner_directions.all())
    before_arr = list(project.arrondissements.all())
    if partner_directions is not None and set(partner_directions) != set(before_partners):
        project.partner_directions.set(partner_directions)
        before["partner_directions"], data["partner_directions"] = (
            before_partners,
            partner_directions,
        )
        changed.append("partner_directions")
    if arrondissements is not None and set(arrondissements) != set(before_arr):
        project.arrondissements.set(arrondissements)
        before["arrondissements"], data["arrondissements"] = before_arr, arrondissements
        changed.append("arrondissements")
    if changed:
        journal_record(
            actor=by,
            action="projects.project.update",
            obj=project,
            before=_ids({k: before[k] for k in changed}),
            after=_ids({k: data[k] for k in changed}),
        )
    return project


@transaction.atomic
def milestone_save(
    *,
    project: Project,
    by: User,
    title: str,
    planned_date: dt.date,
    forecast_date: dt.date | None = None,
    actual_date: dt.date | None = None,
    milestone: Milestone | None = None,
) -> Milestone:
    if not projects_edited_by(by).filter(pk=project.pk).exists():
        raise PermissionDenied
    fields = ["title", "planned_date", "forecast_date", "actual_date"]
    values = {
        "title": title,
        "planned_date": planned_date,
        "forecast_date": forecast_date,
        "actual_date": actual_date,
    }
    if milestone is None:
        milestone = Milestone(project=project, **values)
        milestone.full_clean()
        milestone.save()
        journal_record(
            actor=by,
            action="projects.milestone.create",
            obj=milestone,
            parent=project,
            after=values,
        )
        return milestone
    if milestone.project_id != project.pk:
        raise PermissionDenied
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    before = {k: getattr(milestone, k) for k in fields}
    changed = [k for k in fields if before[k] != values[k]]
    for key in changed:
        setattr(milestone, key, values[key])
    milestone.full_clean()
    if changed:
        milestone.save(update_fields=changed)
        journal_record(
            actor=by,
            action="projects.milestone.update",
            obj=milestone,
            parent=project,
            before={k: before[k] for k in changed},
            # the title, changed or not, names the milestone in the sentence
            after={"title": milestone.title, **{k: values[k] for k in changed}},
        )
    return milestone


def overall_rating(*ratings: str) -> str:
    return max(ratings, key=lambda r: RATING_SEVERITY[Rating(r)])


@transaction.atomic
def status_post(
    *,
    project: Project,
    by: User,
    schedule: str,
    budget: str,
    scope: str,
    narrative: str,
    next_steps: str = "",
    needs_from_sg: str = "",
    now: dt.datetime | None = None,
) -> StatusUpdate:
    """The chef de projet posts the status of the current fortnight."""
    if not projects_status_postable_by(by).filter(pk=project.pk).exists():
        raise PermissionDenied
    if not narrative.strip():
        raise ValidationError({"narrative": "Décrivez en quelques lignes où en est le projet."})
    now = now or timezone.now()
    fields = {
        "project": project,
        "fortnight_start": fortnight_of(timezone.localdate(now)).start,
        "author": by,
        "schedule": schedule,
        "budget": budget,
        "scope": scope,
        "narrative": narrative.strip(),
        "next_steps": next_steps.strip(),
        "needs_from_sg": needs_from_sg.strip(),
    }
    with transaction.atomic():
        # A double click (or a resent form) posts the same status twice: the project's row is
        # locked so the second request sees the first one's status and returns it.
        Project.objects.select_for_update().filter(pk=project.pk).first()
        same = StatusUpdate.objects.filter(**fields).order_by("-posted_at").first()
        if same is not None:
            return same
        status = StatusUpdate.objects.create(
            **fields, posted_at=now, overall=overall_rating(schedule, budget, scope)
        )
    journal_record(
        actor=by,
        action="projects.status.post",
        obj=status,
        parent=project,
        after={
            "fortnight_start": status.fortnight_start,
            "overall": status.overall,
            "schedule": schedule,
            "budget": budget,
            "scope": scope,
        },
    )
    return status


def _review(status: StatusUpdate, *, by: User, review: str, question: str = "") -> bool:
    if not statuses_reviewable_by(by).filter(pk=status.pk).exists():
        raise PermissionDenied
    now = timezone.now()
    # Conditional update: of two clicks (or two reviewers), only the first wins.
    won = (
        StatusUpdate.objects.filter(pk=status.pk, review=StatusUpdate.Review.PENDING).update(
            review=review, reviewed_by=by, reviewed_at=now, question=question
        )
        == 1
    )
    if won:
        verb = "acknowledge" if review == StatusUpdate.Review.ACKNOWLEDGED else "question"
        journal_record(
            actor=by,
            action=f"projects.status.{verb}",
            obj=status,
            parent=status.project,
            before={"review": StatusUpdate.Review.PENDING},
            after={"review": review, "fortnight_start": status.fortnight_start},
            comment=question,
        )
        status.refresh_from_db()
    return won


@transaction.atomic
def status_acknowledge(*, status: StatusUpdate, by: User) -> bool:
    return _review(status, by=by, review=StatusUpdate.Review.ACKNOWLEDGED)


@transaction.atomic
def status_ask_question(*, status: StatusUpdate, by: User, question: str) -> bool:
    """The SG asks the author of a status a question; the email is queued with the answer's
    state, so it goes out even when the broker is unreachable at that moment."""
    if not question.strip():
        raise ValidationError({"question": "Saisissez votre question au chef de projet."})
    won = _review(status, by=by, review=StatusUpdate.Review.QUESTION, question=question.strip())
    if won:
        notifications.status_question(status=status, actor=by)
        status_question_queue(status_id=status.pk)
    return won


@transaction.atomic
def status_answer(*, status: StatusUpdate, by: User, answer: str) -> bool:
    """The chef de projet answers the SG's question on a status: the question is closed, and the
    answer goes to the person who asked (portal notification and email, queued in the act's
    transaction). False when the question was already answered (a second click, a colleague)."""
    if not projects_status_postable_by(by).filter(pk=status.project_id).exists():
        raise PermissionDenied
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": "Saisissez votre réponse à la question du SG."})
    now = timezone.now()
    won = (
        StatusUpdate.objects.filter(pk=status.pk, review=StatusUpdate.Review.QUESTION).update(
            review=StatusUpdate.Review.ANSWERED, answer=answer, answered_by=by, answered_at=now
        )
        == 1
    )
    if not won:
        return False
    status.refresh_from_db()
    journal_record(
        actor=by,
        action="projects.status.answer",
        obj=status,
        parent=status.project,
        before={"review": StatusUpdate.Review.QUESTION},
        after={"review": StatusUpdate.Review.ANSWERED, "fortnight_start": status.fortnight_start},
        comment=answer,
    )
    notifications.status_answer(status=status, actor=by)
    asker = status.reviewed_by
    if asker is not None and asker.email:
        email_queue(
            purpose="projects.status_answer",
            key=f"projects.status_answer:{status.pk}",
            to=[asker.email],
            subject=f"Réponse du chef de projet : {status.project.name}",
            body=render_to_string(
                "projects/email/status_answer.txt",
                {"status": status, "site_url": settings.SITE_URL},
            ),
            about=status,
        )
    return True


def status_question_queue(*, status_id: int) -> bool:
    """Queue the question on a status to its author (once per status); False when there is
    no question or no address to send it to."""
    status = (
        StatusUpdate.objects.select_related("project", "author", "reviewed_by")
        .filter(pk=status_id, review=StatusUpdate.Review.QUESTION)
        .first()
    )
    if status is None or not status.author.email:
        return False
    email_queue(
        purpose="projects.status_question",
        key=f"projects.status_question:{status.pk}",
        to=[status.author.email],
        subject=f"Question du SG sur le point d'avancement : {status.project.name}",
        body=render_to_string(
            "projects/email/status_question.txt",
            {"status": status, "site_url": settings.SITE_URL},
        ),
        about=status,
    )
    return True


# --- Overdue statuses: reminders --------------------------------------------------------------------


def status_reminder_key(*, project_id: int, fortnight_start: dt.date) -> str:
    return f"projects.status_reminder:{project_id}:{fortnight_start:%Y-%m-%d}"


def _status_reminder_recipient(project: Project) -> str:
    """The chef de projet, or the lead direction's address for a project without one."""
    chef = project.chef_projet
    if chef is not None and chef.email:
        return chef.email
    return project.lead_direction.email


def status_reminders_queue(*, today: dt.date | None = None) -> int:
    """Queue one reminder per project whose status is overdue, once per fortnight.

    Plans what is due, then queues each project in its own short transaction; the key makes a
    second beat tick or a retried task queue nothing twice. Sending, retrying and cleaning the
    subject (a project name may hold a line break) are the outbox's. Returns the number queued.
    """
    today = today or timezone.localdate()
    required = required_fortnight(today)
    overdue = list(
        with_latest_status(Project.objects.select_related("chef_projet", "lead_direction"), today)
        .filter(status_overdue=True)  # annotated by the selector
        .order_by("pk")
    )
    already = queued_keys(
        [status_reminder_key(project_id=p.pk, fortnight_start=required.start) for p in overdue]
    )
    queued = 0
    for project in overdue:
        key = status_reminder_key(project_id=project.pk, fortnight_start=required.start)
        recipient = _status_reminder_recipient(project)
        if key in already or not recipient:
            continue
        with transaction.atomic():
            email_queue(
                purpose="projects.status_reminder",
                key=key,
                to=[recipient],
                subject=f"Point d'avancement en retard : {project.name}",
                body=render_to_string(
                    "projects/email/status_reminder.txt",
                    {
                        "project": project,
                        "fortnight": required,
                        "days_late": required.days_late(today),
                        "site_url": settings.SITE_URL,
                    },
                ),
                about=project,
            )
        queued += 1
    return queued


# --- Deliberations -------------------------------------------------------------------------------


def _next_number(direction: Direction, year: int) -> int:
    current = Deliberation.objects.filter(direction=direction, year=year).aggregate(n=Max("number"))
    return (current["n"] or 0) + 1


COUNCIL_DECISION_REFUSED = (
    "L'inscription à l'ordre du jour du Conseil de Paris et le vote sont enregistrés par le "
    "Secrétariat général."
)


def _check_council_decision(*, by: User, old: str | None, new: str) -> None:
    """A direction declares and updates its deliberations, but only the SG records their
    inscription and vote, and moves them out of these states."""
    if old == new or policy.records_council_decisions(by):
        return
    if new in Deliberation.COUNCIL_DECIDED or old in Deliberation.COUNCIL_DECIDED:
        raise ValidationError({"status": COUNCIL_DECISION_REFUSED})


@transaction.atomic
def deliberation_declare(
    *,
    by: User,
    direction: Direction,
    title: str,
    sitting: Sitting,
    project: Project | None = None,
    status: str = Deliberation.Status.PREPARATION,
) -> Deliberation:
    if not directions_declaring_for(by).filter(pk=direction.pk).exists():
        raise PermissionDenied
    _check_council_decision(by=by, old=None, new=status)
    if sitting.end_date < timezone.localdate():
        raise ValidationError(
            {"sitting": "Cette séance est passée : choisissez une séance à venir."}
        )
    year = sitting.start_date.year
    # Lock the direction's row so two declarations at once cannot take the same number.
    Direction.objects.select_for_update().filter(pk=direction.pk).first()
    # A double click (or a resent form) declares the same deliberation twice: return the first.
    same = Deliberation.objects.filter(
        direction=direction, sitting=sitting, title=title.strip(), project=project
    ).first()
    if same is not None:
        return same
    deliberation = Deliberation.objects.create(
        direction=direction,
        year=year,
        number=_next_number(direction, year),
        title=title.strip(),
        project=project,
        sitting=sitting,
        status=status,
        created_by=by,
    )
    SittingChange.objects.create(
        deliberation=deliberation, from_sitting=None, to_sitting=sitting, changed_by=by
    )
    journal_record(
        actor=by,
        action="projects.deliberation.declare",
        obj=deliberation,
        after={
            "reference": deliberation.reference,
            "title": deliberation.title,
            "sitting": sitting,
            "sitting_label": sitting.short_label,
            "status": status,
        },
    )
    return deliberation


def _deliberation_values(values: dict[str, Any], changed: list[str]) -> dict[str, Any]:
    """The changed fields, with the labels a reader needs (a sitting's month, a project's name)."""
    out: dict[str, Any] = {}
    for key in changed:
        value = values[key]
        out[key] = value
        if key == "sitting":
            out["sitting_label"] = value.short_label
        elif key == "project":
            out["project_label"] = value.name if value is not None else ""
    return out


@transaction.atomic
def deliberation_update(
    *,
    deliberation: Deliberation,
    by: User,
    title: str,
    sitting: Sitting,
    status: str,
    project: Project | None,
    reason: str = "",
) -> Deliberation:
    """Update a deliberation; a change of target sitting is kept in its history (a move to a later
    sitting is a slip)."""
    if not deliberations_edited_by(by).filter(pk=deliberation.pk).exists():
        raise PermissionDenied
    _check_council_decision(by=by, old=deliberation.status, new=status)
    fields = ["title", "sitting", "status", "project"]
    values = {"title": title.strip(), "sitting": sitting, "status": status, "project": project}
    before = {k: getattr(deliberation, k) for k in fields}
    changed = [k for k in fields if before[k] != values[k]]
    if not changed:
        return deliberation
    old_sitting = deliberation.sitting
    if "sitting" in changed:
        # Conditional update: a concurrent move from the same sitting cannot be recorded twice.
        if (
            Deliberation.objects.filter(pk=deliberation.pk, sitting=old_sitting).update(
                sitting=sitting
            )
            != 1
        ):
            raise ValidationError(
                {"sitting": "La séance visée vient d'être modifiée par quelqu'un d'autre."}
            )
        SittingChange.objects.create(
            deliberation=deliberation,
            from_sitting=old_sitting,
            to_sitting=sitting,
            slipped=sitting.start_date > old_sitting.start_date,
            changed_by=by,
            reason=reason.strip(),
        )
    for key in changed:
        setattr(deliberation, key, values[key])
    deliberation.updated_at = timezone.now()
    deliberation.save(update_fields=[*changed, "updated_at"])
    journal_record(
        actor=by,
        action="projects.deliberation.update",
        obj=deliberation,
        before=_deliberation_values(before, changed),
        after={
            **_deliberation_values(values, changed),
            "slipped": "sitting" in changed and sitting.start_date > old_sitting.start_date,
        },
        comment=reason if "sitting" in changed else "",
    )
    return deliberation
