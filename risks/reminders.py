"""What the beat's risk tick decides: reviews to remind and escalate, net levels above tolerance
to escalate, acceptances that expired, key risk indicators crossed, measures past due.

Each step plans from the database, then acts one risk at a time in its own short transaction.
Emails go through the outbox with a key that names the risk and the occasion (the review's due
date, the acceptance, the indicator's value), so a second tick, a retried task or two beats at
once queue nothing twice; state changes are conditional updates, journalled when they win.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from directions import policy
from directions.models import User
from risks import notifications, selectors
from risks.models import Acceptance, KeyIndicator, Measure, Risk
from risks.notifications import risk_notify
from sg_portal.calendar import days_late
from sg_portal.journal.services import journal_record
from sg_portal.notifications.selectors import not_yet_notified
from sg_portal.outbox.selectors import queued_keys
from sg_portal.outbox.services import email_queue

#: The reminder before a review is sent this many days ahead.
REMIND_BEFORE_DAYS = 7
#: A net level above tolerance stays with the pôle this many days before it goes to the SG.
ESCALATE_TO_SG_AFTER_DAYS = 30
#: A measure past due is alerted from the day after its due date, by the first tick within this
#: many days: a beat stopped for a few days catches up, while measures long overdue before the
#: alert existed are not all announced at once (the risk's page already shows them late).
OVERDUE_ALERT_WITHIN_DAYS = 7


@dataclass
class TickReport:
    reminders: int = 0
    escalations: int = 0
    expired: int = 0
    crossed: int = 0
    overdue: int = 0


def _url(risk: Risk) -> str:
    return f"{settings.SITE_URL}{risk.get_absolute_url()}"


def _emails(users) -> list[str]:
    return sorted({u.email for u in users if u.email})


def review_key(risk_id: int, due: dt.date, step: str) -> str:
    return f"risks.review:{risk_id}:{due.isoformat()}:{step}"


def reviews_remind(*, today: dt.date) -> int:
    """Once before the date (a week ahead), once on it, and once to the reviewer when late."""
    due = list(
        Risk.objects.filter(
            state=Risk.State.OPEN, next_review_on__lte=today + dt.timedelta(REMIND_BEFORE_DAYS)
        )
        .select_related("owner", "reviewer", "pole")
        .order_by("next_review_on", "pk")
    )
    plan: list[tuple[Risk, str]] = []
    for risk in due:
        if risk.next_review_on > today:
            plan.append((risk, "before"))
        else:
            plan.append((risk, "due"))
            if days_late(risk.next_review_on, today) >= 1:
                plan.append((risk, "late"))
    already = queued_keys([review_key(r.pk, r.next_review_on, step) for r, step in plan])
    queued = 0
    for risk, step in plan:
        key = review_key(risk.pk, risk.next_review_on, step)
        if key in already:
            continue
        date = f"{risk.next_review_on:%d/%m/%Y}"
        if step == "late":
            reviewers = [risk.reviewer] if risk.reviewer_id else []
            if not reviewers:
                reviewers = list(User.objects.filter(policy.pole_reviewers_q(risk.pole_id)))
            to = _emails(reviewers) or _emails(User.objects.filter(policy.secretaire_generale_q()))
            purpose, subject = "risks.review_late", f"Revue de risque en retard : {risk.title}"
            body = (
                f"Le risque « {risk.title} » ({risk.scope_label}), dont "
                f"{risk.owner.get_full_name() or risk.owner.username} est propriétaire, devait "
                f"être revu le {date}. Il est de niveau net {risk.net.label.lower()}.\n\n{_url(risk)}\n"
            )
        else:
            to = _emails([risk.owner])
            purpose = "risks.review_reminder"
            subject = (
                f"Risque à revoir le {date} : {risk.title}"
                if step == "before"
                else f"Risque à revoir aujourd'hui : {risk.title}"
            )
            body = (
                f"Le risque « {risk.title} » ({risk.scope_label}), de niveau net "
                f"{risk.net.label.lower()}, est à revoir {'le ' + date if step == 'before' else 'aujourd’hui'}.\n"
                f"Une revue confirme l'évaluation (« sans changement ») ou la met à jour.\n\n{_url(risk)}\n"
            )
        if not to:
            continue
        with transaction.atomic():
            email_queue(purpose=purpose, key=key, to=to, subject=subject, body=body, about=risk)
            if step != "late":
                risk_notify(
                    kind="risks.review_due",
                    risk=risk,
                    recipients=[risk.owner],
                    key=f"risks.review_due:{risk.pk}:{risk.next_review_on.isoformat()}",
                    title=f"Risque à revoir le {date} : {risk.title}",
                )
        queued += 1
    return queued


def tolerance_escalate(*, today: dt.date) -> int:
    """A net level above its category's tolerance, neither accepted nor back within it, goes to
    the pôle's SG adjoint·e, then after 30 days to the Secrétaire générale (and her map)."""
    tolerance = selectors.tolerances()
    now = timezone.now()
    candidates = (
        Risk.objects.filter(state=Risk.State.OPEN)
        .filter(Q(acceptance__isnull=True) | Q(acceptance__expires_on__lt=today))
        .exclude(escalation=Risk.Escalation.SG)
        .select_related("owner", "pole", "matrix")
        .order_by("pk")
    )
    moved = 0
    for risk in candidates:
        if not selectors.above_tolerance(risk, tolerance):
            continue
        if risk.escalation == Risk.Escalation.NONE:
            step, to_users = (
                Risk.Escalation.POLE,
                list(User.objects.filter(policy.pole_reviewers_q(risk.pole_id))),
            )
            if not to_users:  # a pôle without an adjoint·e, or a City risk: straight to the SG
                step = Risk.Escalation.SG
        elif risk.escalated_at and risk.escalated_at <= now - dt.timedelta(
            days=ESCALATE_TO_SG_AFTER_DAYS
        ):
            step, to_users = Risk.Escalation.SG, []
        else:
            continue
        if step == Risk.Escalation.SG:
            to_users = list(User.objects.filter(policy.secretaire_generale_q()))
        with transaction.atomic():
            changes = {"escalation": step, "escalated_at": now, "updated_at": now}
            if step == Risk.Escalation.SG:
                changes["on_sg_map"] = True
            if not Risk.objects.filter(pk=risk.pk, escalation=risk.escalation).update(**changes):
                continue
            journal_record(
                actor=None,
                action="risks.risk.escalate",
                obj=risk,
                before={"escalation": risk.escalation},
                after={"escalation": step, "net_level": risk.net_level},
            )
            risk_notify(
                kind="risks.escalated",
                risk=risk,
                recipients=to_users,
                key=f"risks.escalated:{risk.pk}:{step}:{risk.material_fingerprint()}",
                title=f"Risque au-dessus de la tolérance : {risk.title}",
            )
            to = _emails(to_users)
            if to:
                email_queue(
                    purpose="risks.escalation",
                    key=f"risks.escalation:{risk.pk}:{step}:{risk.material_fingerprint()}",
                    to=to,
                    cc=_emails([risk.owner]),
                    subject=f"Risque au-dessus de la tolérance : {risk.title}",
                    body=(
                        f"Le risque « {risk.title} » ({risk.scope_label}) est de niveau net "
                        f"{risk.net.label.lower()}, au-dessus de la tolérance de sa catégorie "
                        f"({risk.get_category_display().lower()}), sans acceptation en vigueur. "
                        f"Il est à traiter ou à accepter par l'autorité que son niveau requiert.\n\n"
                        f"{_url(risk)}\n"
                    ),
                    about=risk,
                )
        moved += 1
    return moved


def acceptances_expire(*, today: dt.date) -> int:
    """An acceptance past its expiry no longer holds: the risk is reopened for a decision."""
    expired = list(
        Risk.objects.filter(state=Risk.State.OPEN, acceptance__expires_on__lt=today)
        .select_related("acceptance", "owner")
        .order_by("pk")
    )
    done = 0
    for risk in expired:
        acceptance: Acceptance = risk.acceptance  # type: ignore[assignment]
        flag = f"L'acceptation du {acceptance.decided_at:%d/%m/%Y} est échue le {acceptance.expires_on:%d/%m/%Y}"
        with transaction.atomic():
            if not Risk.objects.filter(pk=risk.pk, acceptance=acceptance).update(
                acceptance=None, review_flag=flag[:300], updated_at=timezone.now()
            ):
                continue
            journal_record(
                actor=None,
                action="risks.risk.acceptance_expired",
                obj=risk,
                before={"acceptance": acceptance.pk},
                after={"expires_on": acceptance.expires_on.isoformat()},
            )
            risk_notify(
                kind="risks.acceptance_expired",
                risk=risk,
                recipients=[risk.owner],
                key=f"risks.acceptance_expired:{acceptance.pk}",
                title=f"Acceptation échue : {risk.title}",
                body=flag,
            )
            if to := _emails([risk.owner]):
                email_queue(
                    purpose="risks.acceptance_expired",
                    key=f"risks.acceptance_expired:{acceptance.pk}",
                    to=to,
                    subject=f"Acceptation échue : {risk.title}",
                    body=f"{flag}. Le risque est à revoir, puis à traiter ou à accepter de nouveau.\n\n{_url(risk)}\n",
                    about=risk,
                )
        done += 1
    return done


def key_indicators_check(*, today: dt.date) -> int:
    """A validated value beyond a KRI's threshold flags its risk for review and tells its owner,
    once per value."""
    from indicators.models import Report, Value

    crossed = 0
    watches = list(
        KeyIndicator.objects.filter(risk__state=Risk.State.OPEN)
        .select_related("risk__owner", "risk__direction", "risk__project", "indicator")
        .order_by("pk")
    )
    for watch in watches:
        risk = watch.risk
        values = Value.objects.filter(
            indicator=watch.indicator,
            report__status=Report.Status.VALIDATED,
            arrondissement__isnull=True,
            value__isnull=False,
        )
        direction_id = risk.direction_in_charge_id
        if direction_id and values.filter(report__direction_id=direction_id).exists():
            values = values.filter(report__direction_id=direction_id)
        latest = values.order_by("-period_end", "-pk").first()
        if latest is None or latest.pk == watch.last_value_id:
            continue
        with transaction.atomic():
            hit = watch.crossed_by(latest.value)
            changes: dict = {"last_value_id": latest.pk}
            if hit:
                changes["crossed_at"] = timezone.now()
            if not KeyIndicator.objects.filter(
                pk=watch.pk, last_value_id=watch.last_value_id
            ).update(**changes):
                continue
            if not hit:
                continue
            shown = f"{latest.value.normalize():f}".replace(".", ",")  # type: ignore[union-attr]
            threshold = f"{watch.threshold.normalize():f}".replace(".", ",")
            flag = (
                f"L'indicateur « {watch.indicator.name} » vaut {shown} "
                f"({watch.get_crossing_display()} {threshold}) au {latest.period_end:%d/%m/%Y}"
            )
            Risk.objects.filter(pk=risk.pk).update(
                review_flag=flag[:300], updated_at=timezone.now()
            )
            journal_record(
                actor=None,
                action="risks.indicator.crossed",
                obj=risk,
                after={"indicator": watch.indicator.name, "value": shown, "threshold": threshold},
            )
            risk_notify(
                kind="risks.kri_crossed",
                risk=risk,
                recipients=[risk.owner],
                key=f"risks.kri_crossed:{watch.pk}:{latest.pk}",
                title=f"Indicateur clé franchi : {risk.title}",
                body=flag,
            )
            if to := _emails([risk.owner]):
                email_queue(
                    purpose="risks.kri_crossed",
                    key=f"risks.kri_crossed:{watch.pk}:{latest.pk}",
                    to=to,
                    subject=f"Indicateur clé franchi : {risk.title}",
                    body=f"{flag}.\nLe risque « {risk.title} » est à revoir.\n\n{_url(risk)}\n",
                    about=risk,
                )
        crossed += 1
    return crossed


def _overdue_measures(today: dt.date):
    return Measure.objects.filter(
        status__in=Measure.OPEN,
        risk__state=Risk.State.OPEN,
        due_date__lt=today,
        due_date__gte=today - dt.timedelta(days=OVERDUE_ALERT_WITHIN_DAYS),
    )


def measures_overdue(*, today: dt.date) -> int:
    """Alert the owner of each open measure of an open risk whose due date has passed, once per
    measure and due date. Each measure is handled in its own short transaction, its row locked
    and checked still open; the notification's unique key makes a second tick or a racing
    worker add nothing. Returns the number of alerts produced by this call."""
    late = list(_overdue_measures(today).order_by("due_date", "pk").only("pk", "owner", "due_date"))
    pending = not_yet_notified(
        late, pair=lambda measure: (measure.owner_id, notifications.measure_overdue_key(measure))
    )
    return sum(measure_overdue(measure_id=measure.pk, today=today) for measure in pending)


@transaction.atomic
def measure_overdue(*, measure_id: int, today: dt.date) -> bool:
    measure = (
        _overdue_measures(today)
        .select_for_update(of=("self",))
        .select_related("owner", "risk", "action", "milestone")
        .filter(pk=measure_id)
        .first()
    )
    # Its state follows the meeting action or the milestone it is tracked as: done there, done
    # here. Tracked as an action of the same owner, the action's own overdue alert tells them.
    if measure is None or not measure.is_open:
        return False
    if measure.action is not None and measure.action.owner_id == measure.owner_id:
        return False
    return notifications.measure_overdue(measure=measure)


def tick(*, today: dt.date | None = None) -> TickReport:
    today = today or timezone.localdate()
    report = TickReport()
    report.expired = acceptances_expire(today=today)
    report.crossed = key_indicators_check(today=today)
    report.escalations = tolerance_escalate(today=today)
    report.reminders = reviews_remind(today=today)
    report.overdue = measures_overdue(today=today)
    return report
