"""Who sees which orientation, and what of it (the rules are `directions.policy`'s).

- SG staff, chargés de mission, administrators and the Maire's cabinet: every orientation.
- A director: the orientations whose directions or scenarios concern their direction, once the
  consultation is open.
- An élu·e and their cabinet: the orientations that élu·e is consulted on (in any round), and
  only their own opinion until the deadline has passed; an earlier round's other opinions only
  if they were asked in that round.
- Anyone else: nothing (404).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from directions import policy
from directions.models import ElectedOfficial, User
from orientations.models import ConsultationRequest, Orientation
from projects.selectors import directions_declaring_for


def orientations_visible_to(user: User) -> QuerySet[Orientation]:
    orientations = Orientation.objects.all()
    if policy.reads_every_orientation(user):
        return orientations
    rule = policy.NOTHING
    direction_id = policy.orientation_direction_id(user)
    if direction_id is not None:
        rule |= ~Q(status=Orientation.Status.PREPARATION) & (
            Q(directions=direction_id) | Q(scenarios__directions=direction_id)
        )
    official_id = policy.represented_official_id(user)
    if official_id is not None:
        rule |= Q(
            Exists(
                ConsultationRequest.objects.filter(
                    orientation=OuterRef("pk"), official_id=official_id
                )
            )
        )
    if rule == policy.NOTHING:
        return orientations.none()
    return orientations.filter(pk__in=orientations.filter(rule).values("pk"))


def own_request(user: User, orientation: Orientation) -> ConsultationRequest | None:
    """The request the user answers on this orientation (as the élu·e or their cabinet): the
    current round's only, an earlier round's is closed."""
    return (
        ConsultationRequest.objects.filter(
            orientation=orientation, round=orientation.consultation_round
        )
        .filter(policy.consulted_officials_q(user))
        .select_related("official", "given_by")
        .first()
    )


def reads_all_opinions(
    user: User, orientation: Orientation, *, today: dt.date | None = None
) -> bool:
    """The SG's side always; anyone else once the consultation is over (deadline passed)."""
    return (
        policy.reads_every_orientation(user)
        or orientation.deadline_passed(today)
        or (orientation.consultation_closed_at is not None and not orientation.is_consulting)
    )


def requests_visible_to(
    user: User, orientation: Orientation, *, today: dt.date | None = None
) -> list[ConsultationRequest]:
    """The opinions a user reads, of every round, the current round first: all of them for the
    SG's side. Anyone else reads their own, and a round's other opinions once that round is
    over (the current one at its deadline, an earlier one always); an élu·e (or their cabinet)
    only in the rounds that élu·e was asked in, as when each round closed."""
    requests = list(
        orientation.requests.select_related("official", "given_by").order_by(
            "-round", "official__office", "official__rank", "official__last_name"
        )
    )
    for request in requests:
        request.orientation = orientation  # `is_current` reads it
    if policy.reads_every_orientation(user):
        return requests
    official_id = policy.represented_official_id(user)
    current_over = reads_all_opinions(user, orientation, today=today)
    asked_in = {r.round for r in requests if r.official_id == official_id}

    def visible(request: ConsultationRequest) -> bool:
        if official_id is not None and request.official_id == official_id:
            return True
        if request.is_current and not current_over:
            return False
        return official_id is None or request.round in asked_in

    return [r for r in requests if visible(r)]


def can_prepare(user: User, orientation: Orientation | None = None) -> bool:
    """Edit the text and scenarios: while in preparation (or sent back), SG staff and chargés."""
    if not policy.prepares_orientations(user):
        return False
    return orientation is None or orientation.is_in_preparation


def can_recommend(user: User, orientation: Orientation) -> bool:
    return policy.recommends_scenarios(user) and orientation.is_in_preparation


def can_open_consultation(user: User, orientation: Orientation) -> bool:
    return (
        policy.recommends_scenarios(user)
        and orientation.is_in_preparation
        and orientation.recommended_id is not None
    )


def can_give_opinion(
    user: User, request: ConsultationRequest | None, *, today: dt.date | None = None
) -> bool:
    if request is None:
        return False
    orientation = request.orientation
    return (
        request.is_current and orientation.is_consulting and not orientation.deadline_passed(today)
    )


def can_arbitrate(user: User, orientation: Orientation) -> bool:
    """Once the consultation is over (or again, to supersede a decision)."""
    return policy.records_arbitrations(user) and orientation.status in {
        Orientation.Status.AWAITING,
        Orientation.Status.ARBITRATED,
        Orientation.Status.ABANDONED,
    }


def can_launch(user: User, orientation: Orientation) -> bool:
    """SG staff launch what a decision calls for."""
    return policy.recommends_scenarios(user) and orientation.status == (
        Orientation.Status.ARBITRATED
    )


def can_launch_deliberation(user: User, orientation: Orientation) -> bool:
    """A deliberation is declared by its direction (the projects' rule): a director or référent
    of a direction reading the arbitrated orientation forecasts it from here."""
    return (
        orientation.status == Orientation.Status.ARBITRATED
        and directions_declaring_for(user).exists()
    )


def proposed_officials(orientation: Orientation) -> QuerySet[ElectedOfficial]:
    """Who the portal proposes to consult: the adjoint·e·s who carry the orientation and the
    maires of the arrondissements it concerns."""
    return ElectedOfficial.objects.filter(
        Q(pk__in=orientation.carriers.values("pk"))
        | Q(
            office=ElectedOfficial.Office.MAIRE_ARRONDISSEMENT,
            arrondissements__in=orientation.arrondissements.values("pk"),
        )
    ).distinct()


def consultable_officials() -> QuerySet[ElectedOfficial]:
    return ElectedOfficial.objects.exclude(office=ElectedOfficial.Office.MAIRE)


def current_arbitration(orientation: Orientation):
    return orientation.arbitrations.select_related("scenario", "recorded_by").last()


def awaiting_opinion_q(user: User) -> Q:
    """Requests the user (as the élu·e or their cabinet) still has to answer."""
    return policy.consulted_officials_q(user) & Q(
        verdict="",
        round=F("orientation__consultation_round"),
        orientation__status=Orientation.Status.CONSULTATION,
    )


def consultations_closing(user: User, *, today: dt.date, days: int = 15) -> QuerySet[Orientation]:
    return orientations_visible_to(user).filter(
        status=Orientation.Status.CONSULTATION,
        consultation_deadline__gte=today,
        consultation_deadline__lte=today + dt.timedelta(days=days),
    )


def awaiting_arbitration(user: User) -> QuerySet[Orientation]:
    return orientations_visible_to(user).filter(status=Orientation.Status.AWAITING)
