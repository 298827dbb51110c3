"""Writes on risks. Each one validates, saves, records the act in the journal and queues its
emails in the same transaction. Services trust their caller: the views authorise through
`risks.selectors`.

A refused act raises Django's `ValidationError` with the field it concerns and a French message,
so the form shows it next to the field and keeps what was typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from directions.models import User
from meetings import services as meetings_services
from meetings.models import Body, Meeting
from risks import selectors
from risks.models import (
    EVALUATION_FIELDS,
    Acceptance,
    Campaign,
    KeyIndicator,
    Level,
    Matrix,
    Measure,
    Occurrence,
    Review,
    Risk,
    level_rank,
)
from sg_portal.journal.services import journal_record

DESCRIPTIVE_FIELDS = [
    "title",
    "description",
    "causes",
    "consequences",
    "category",
    "owner",
    "reviewer",
]
SCOPE_FIELDS = ["scope", "direction", "pole", "project"]


def _plain(value: Any) -> Any:
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _pole_of(risk: Risk) -> Any:
    if risk.scope == Risk.Scope.DIRECTION and risk.direction is not None:
        return risk.direction.pole
    if risk.scope == Risk.Scope.PROJECT and risk.project is not None:
        return risk.project.lead_direction.pole
    if risk.scope == Risk.Scope.POLE:
        return risk.pole
    return None


def evaluate(matrix: Matrix, values: dict[str, Any]) -> dict[str, Any]:
    """Check an evaluation against the matrix and return it with its three levels.

    Raises ValidationError on the field at fault: a coordinate outside the matrix, a net level
    above the gross one, a target above the net one."""
    n_p, n_i = matrix.size
    errors: dict[str, str] = {}
    for kind in ("gross", "net", "target"):
        p, i = values.get(f"{kind}_probability"), values.get(f"{kind}_impact")
        if not isinstance(p, int) or not 1 <= p <= n_p:
            errors[f"{kind}_probability"] = f"Choisissez une probabilité de 1 à {n_p}."
        if not isinstance(i, int) or not 1 <= i <= n_i:
            errors[f"{kind}_impact"] = f"Choisissez un impact de 1 à {n_i}."
    if errors:
        raise ValidationError(errors)
    out = {k: values.get(k) for k in EVALUATION_FIELDS}
    out["controls"] = (values.get("controls") or "").strip()
    for kind in ("gross", "net", "target"):
        out[f"{kind}_level"] = str(
            matrix.level(values[f"{kind}_probability"], values[f"{kind}_impact"])
        )
    if level_rank(out["net_level"]) > level_rank(out["gross_level"]):
        errors["net_impact"] = (
            "Le risque net ne peut dépasser le risque brut : le dispositif de maîtrise réduit "
            "le risque, il ne l'aggrave pas."
        )
    if level_rank(out["target_level"]) > level_rank(out["net_level"]):
        errors["target_impact"] = "La cible ne peut dépasser le risque net."
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def risk_create(
    *, actor: User, data: dict[str, Any], contributors: list[User] | None = None
) -> Risk:
    matrix = selectors.current_matrix()
    evaluation = evaluate(matrix, data)
    today = timezone.localdate()
    # A double click (or a resent form) records the same risk twice: lock the author's row so
    # two posts queue up, then return the risk the first one recorded.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    same = Risk.objects.filter(
        created_by=actor,
        title=(data.get("title") or "").strip(),
        scope=data.get("scope"),
        direction=data.get("direction"),
        project=data.get("project"),
        **({"pole": data.get("pole")} if data.get("scope") == Risk.Scope.POLE else {}),
        created_at__gte=timezone.now() - dt.timedelta(minutes=10),
    ).first()
    if same is not None:
        return same
    texts = {"title", "description", "causes", "consequences"}
    risk = Risk(
        **{
            k: (data.get(k) or "") if k in texts else data.get(k)
            for k in DESCRIPTIVE_FIELDS + SCOPE_FIELDS
        },
        **evaluation,
        matrix=matrix,
        created_by=actor,
    )
    risk.pole = _pole_of(risk)
    risk.next_review_on = selectors.next_review(risk.net_level, today)
    risk.full_clean()
    risk.save()
    risk.contributors.set(contributors or [])
    journal_record(
        actor=actor,
        action="risks.risk.create",
        obj=risk,
        after={
            "title": risk.title,
            "gross_level": risk.gross_level,
            "net_level": risk.net_level,
            "next_review_on": risk.next_review_on.isoformat(),
        },
    )
    return risk


@transaction.atomic
def risk_update(
    *, actor: User, risk: Risk, data: dict[str, Any], contributors: list[User] | None = None
) -> Risk:
    """The description, scope, owner and people of a risk; its evaluation changes by review."""
    risk = Risk.objects.select_for_update().get(pk=risk.pk)
    fields = [k for k in DESCRIPTIVE_FIELDS + SCOPE_FIELDS if k in data]
    before = {k: getattr(risk, k) for k in fields}
    changed = [k for k in fields if before[k] != data[k]]
    for key in changed:
        setattr(risk, key, data[key])
    risk.pole = _pole_of(risk)
    risk.full_clean()
    risk.updated_at = timezone.now()
    risk.save(update_fields=[*changed, "pole", "updated_at"])
    if contributors is not None:
        old = set(risk.contributors.values_list("pk", flat=True))
        new = {u.pk for u in contributors}
        if old != new:
            risk.contributors.set(contributors)
            before["contributors"], data = sorted(old), {**data, "contributors": sorted(new)}
            changed.append("contributors")
    if changed:
        journal_record(
            actor=actor,
            action="risks.risk.update",
            obj=risk,
            before={k: _plain(before[k]) for k in changed},
            after={k: _plain(data[k]) for k in changed},
        )
    return risk


def _claim(risk: Risk, seen: dt.datetime | None) -> Risk:
    """Lock the risk; refuse if it changed since the form was shown (a second click, or a
    colleague's act in between)."""
    locked = Risk.objects.select_for_update().select_related("matrix").get(pk=risk.pk)
    if seen is not None and locked.updated_at != seen:
        raise ValidationError(
            "Ce risque a changé depuis l'ouverture de la page (une revue ou une décision vient "
            "d'être enregistrée). Rechargez la page pour voir son état actuel."
        )
    return locked


@transaction.atomic
def risk_review(
    *,
    actor: User,
    risk: Risk,
    reviewed_on: dt.date,
    evaluation: dict[str, Any],
    changes: str = "",
    comment: str = "",
    seen: dt.datetime | None = None,
) -> Review:
    """Record a review: the evaluation before and after, frozen; the next review follows the
    cadence of the new net level; a flag (indicator crossed, risk occurred) is cleared; an
    acceptance whose state no longer holds is voided."""
    today = timezone.localdate()
    if reviewed_on > today:
        raise ValidationError({"reviewed_on": "La date de revue ne peut pas être dans le futur."})
    risk = _claim(risk, seen)
    if not risk.is_open:
        raise ValidationError("Ce risque est clos : il ne se revoit plus.")
    matrix = selectors.current_matrix()
    after = evaluate(matrix, evaluation)
    before = risk.evaluation()
    unchanged = all(before[k] == after[k] for k in after) and before["matrix"] == matrix.version
    if not unchanged and not changes.strip():
        raise ValidationError(
            {"changes": "Dites ce qui a changé depuis la dernière revue (ou gardez l'évaluation)."}
        )
    risk.previous_net_probability = risk.net_probability
    risk.previous_net_impact = risk.net_impact
    risk.previous_net_level = risk.net_level
    for key, value in after.items():
        setattr(risk, key, value)
    risk.matrix = matrix
    risk.last_reviewed_on = reviewed_on
    risk.next_review_on = selectors.next_review(risk.net_level, max(reviewed_on, today))
    risk.review_flag = ""
    acceptance_voided = False
    if risk.acceptance_id and risk.acceptance.fingerprint != risk.material_fingerprint():  # type: ignore[union-attr]
        risk.acceptance = None
        acceptance_voided = True
    if not selectors.above_tolerance(risk):
        risk.escalation = ""
        risk.escalated_at = None
    risk.updated_at = timezone.now()
    risk.save()
    review = Review.objects.create(
        risk=risk,
        reviewed_on=reviewed_on,
        reviewed_by=actor,
        matrix=matrix,
        before=before,
        after={**after, "matrix": matrix.version},
        unchanged=unchanged,
        changes="" if unchanged else changes.strip(),
        comment=comment.strip(),
    )
    journal_record(
        actor=actor,
        action="risks.risk.review",
        obj=risk,
        before={"net_level": before["net_level"], "gross_level": before["gross_level"]},
        after={
            "net_level": risk.net_level,
            "gross_level": risk.gross_level,
            "unchanged": unchanged,
            "next_review_on": risk.next_review_on.isoformat(),
            "acceptance_voided": acceptance_voided,
        },
        comment=review.comment,
    )
    return review


@transaction.atomic
def risk_accept(
    *,
    actor: User,
    risk: Risk,
    justification: str,
    expires_on: dt.date,
    seen: dt.datetime | None = None,
) -> Acceptance:
    today = timezone.localdate()
    errors = {}
    if not justification.strip():
        errors["justification"] = "Justifiez l'acceptation : elle engage son auteur·rice."
    if expires_on <= today:
        errors["expires_on"] = "L'échéance de l'acceptation doit être à venir."
    elif expires_on > today + dt.timedelta(days=3 * 365):
        errors["expires_on"] = "Une acceptation vaut trois ans au plus."
    if errors:
        raise ValidationError(errors)
    risk = _claim(risk, seen)
    if not selectors.can_accept(actor, risk):
        raise ValidationError(
            f"Un risque net {risk.net.label.lower()} est accepté par "
            f"{selectors.AUTHORITY_LABELS[selectors.required_authority(risk.net_level)]}."
        )
    acceptance = Acceptance.objects.create(
        risk=risk,
        level=risk.net_level,
        decided_by=actor,
        justification=justification.strip(),
        expires_on=expires_on,
        snapshot=risk.evaluation(),
        fingerprint=risk.material_fingerprint(),
    )
    risk.acceptance = acceptance
    risk.escalation = ""
    risk.escalated_at = None
    risk.updated_at = timezone.now()
    risk.save(update_fields=["acceptance", "escalation", "escalated_at", "updated_at"])
    journal_record(
        actor=actor,
        action="risks.risk.accept",
        obj=risk,
        after={"level": risk.net_level, "expires_on": expires_on.isoformat()},
        comment=acceptance.justification,
    )
    return acceptance


@transaction.atomic
def risk_raise_to_sg_map(*, actor: User, risk: Risk) -> bool:
    """A direction's risk raised to the SG's consolidated map; once (a conditional update)."""
    if not Risk.objects.filter(pk=risk.pk, on_sg_map=False).update(
        on_sg_map=True, updated_at=timezone.now()
    ):
        return False
    journal_record(actor=actor, action="risks.risk.raise", obj=risk, after={"on_sg_map": True})
    return True


@transaction.atomic
def risk_close(*, actor: User, risk: Risk, reason: str) -> bool:
    if not reason.strip():
        raise ValidationError({"reason": "Dites pourquoi ce risque est clos."})
    now = timezone.now()
    if not Risk.objects.filter(pk=risk.pk, state=Risk.State.OPEN).update(
        state=Risk.State.CLOSED, closed_at=now, updated_at=now
    ):
        return False
    journal_record(
        actor=actor,
        action="risks.risk.close",
        obj=risk,
        before={"state": Risk.State.OPEN},
        after={"state": Risk.State.CLOSED},
        comment=reason.strip(),
    )
    return True


# --- Measures ----------------------------------------------------------------------------------


def natural_meeting(risk: Risk) -> Meeting | None:
    """The meeting that follows a measure created « comme action de réunion »: the next upcoming
    meeting of the pôle the risk belongs to, else (a City-wide risk, a pôle without a meeting or
    without one ahead) the next CDS."""
    upcoming = Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED, starts_at__gte=timezone.now()
    ).order_by("starts_at", "pk")
    if risk.pole_id:
        meeting = upcoming.filter(body__kind=Body.Kind.POLE, body__pole_id=risk.pole_id).first()
        if meeting is not None:
            return meeting
    return upcoming.filter(body__kind=Body.Kind.CDS).first()


@transaction.atomic
def measure_create(*, actor: User, risk: Risk, data: dict[str, Any]) -> Measure:
    # A double click adds the same measure once: lock the risk, return the first one.
    Risk.objects.select_for_update().filter(pk=risk.pk).first()
    same = Measure.objects.filter(
        risk=risk,
        title=(data.get("title") or "").strip(),
        owner=data.get("owner"),
        due_date=data["due_date"],
    ).first()
    if same is not None:
        return same
    fields = {k: data.get(k) for k in ("title", "owner", "due_date", "action", "milestone")}
    if data.get("follow_as_action") and not fields["action"]:
        # « Suivre comme action de réunion »: the meetings track it from now on, created in this
        # transaction so a failure leaves neither the measure nor the action.
        meeting = natural_meeting(risk)
        if meeting is None:
            raise ValidationError(
                {
                    "follow_as_action": "Aucune réunion de pôle ni CDS n'est prévue pour suivre l'action."
                }
            )
        fields["action"] = meetings_services.action_create(
            meeting=meeting,
            actor=actor,
            title=(fields["title"] or "").strip(),
            owner=data["owner"],
            due_date=data["due_date"],
        )
    measure = Measure(risk=risk, created_by=actor, **fields)
    measure.full_clean()
    measure.save()
    journal_record(
        actor=actor,
        action="risks.measure.create",
        obj=measure,
        parent=risk,
        after={
            "title": measure.title,
            "owner": measure.owner_id,
            "due_date": measure.due_date.isoformat(),
            "action": measure.action_id,
        },
    )
    return measure


@transaction.atomic
def measure_set_status(*, actor: User, measure: Measure, status: str) -> bool:
    old = measure.status
    if status == old or status not in Measure.Status.values:
        return False
    done_at = timezone.now() if status == Measure.Status.DONE else None
    if not Measure.objects.filter(pk=measure.pk, status=old).update(status=status, done_at=done_at):
        return False
    journal_record(
        actor=actor,
        action="risks.measure.status",
        obj=measure,
        parent=measure.risk,
        before={"status": old, "title": measure.title},
        after={"status": status, "title": measure.title},
    )
    return True


# --- Occurrence, indicators ----------------------------------------------------------------------


@transaction.atomic
def occurrence_record(
    *, actor: User, risk: Risk, occurred_on: dt.date, impact: int, what_happened: str
) -> Occurrence:
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": "La date ne peut pas être dans le futur."})
    occurrence = Occurrence.objects.create(
        risk=risk,
        occurred_on=occurred_on,
        impact=str(impact),
        what_happened=what_happened.strip(),
        recorded_by=actor,
    )
    flag = f"Le risque s'est réalisé le {occurred_on:%d/%m/%Y}"
    Risk.objects.filter(pk=risk.pk).update(review_flag=flag, updated_at=timezone.now())
    journal_record(
        actor=actor,
        action="risks.risk.occurred",
        obj=risk,
        after={"occurred_on": occurred_on.isoformat(), "impact": impact},
        comment=occurrence.what_happened,
    )
    return occurrence


@transaction.atomic
def key_indicator_add(*, actor: User, risk: Risk, data: dict[str, Any]) -> KeyIndicator:
    watch = KeyIndicator(risk=risk, **data)
    watch.full_clean()
    watch.save()
    journal_record(
        actor=actor,
        action="risks.indicator.watch",
        obj=risk,
        after={
            "indicator": str(watch.indicator),
            "threshold": str(watch.threshold),
            "crossing": watch.crossing,
        },
    )
    return watch


# --- The yearly campaign -------------------------------------------------------------------------


def _map_of(direction_id: int) -> dict[str, Any]:
    risks = Risk.objects.filter(
        direction_id=direction_id, state=Risk.State.OPEN
    ) | Risk.objects.filter(project__lead_direction_id=direction_id, state=Risk.State.OPEN)
    return {
        str(r.pk): {"title": r.title, "gross_level": r.gross_level, "net_level": r.net_level}
        for r in risks
    }


@transaction.atomic
def campaign_start(*, actor: User, direction_id: int, year: int) -> Campaign:
    """Start the year's map from the direction's current one (its baseline): the campaign page
    then shows what is new, changed and closed."""
    campaign, created = Campaign.objects.get_or_create(
        year=year,
        direction_id=direction_id,
        defaults={"started_by": actor, "baseline": _map_of(direction_id)},
    )
    if created:
        journal_record(
            actor=actor,
            action="risks.campaign.start",
            obj=campaign,
            after={"year": year, "risks": len(campaign.baseline)},
        )
    return campaign


@transaction.atomic
def campaign_finish(*, actor: User, campaign: Campaign) -> bool:
    if not Campaign.objects.filter(pk=campaign.pk, status=Campaign.Status.IN_PROGRESS).update(
        status=Campaign.Status.DONE, finished_at=timezone.now()
    ):
        return False
    journal_record(
        actor=actor,
        action="risks.campaign.finish",
        obj=campaign,
        before={"status": Campaign.Status.IN_PROGRESS},
        after={"status": Campaign.Status.DONE},
    )
    return True


__all__ = ["Level"]
