"""What the orientations propose for the CDS: an orientation awaiting arbitration, or whose
consultation closed with unfavourable opinions. The list is a `Batched` read, done with every
other app's (`sg_portal.agenda`)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Exists, OuterRef

from directions import policy
from orientations.models import ConsultationRequest, Orientation, Verdict
from sg_portal.agenda import AgendaSuggestion
from sg_portal.batch import Batched

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _Awaiting(TypedDict):
    unfavourable: bool  # a consultation answered with an unfavourable opinion


def suggestions(*, meeting, directions, today: dt.date) -> list[AgendaSuggestion | Batched]:
    if meeting.body.kind != policy.BODY_CDS:
        return []
    # The round the Maire arbitrates on: an earlier round's opinions were on other scenarios.
    unfavourable = ConsultationRequest.objects.filter(
        orientation=OuterRef("pk"),
        round=OuterRef("consultation_round"),
        verdict=Verdict.UNFAVOURABLE,
    )
    awaiting = Orientation.objects.filter(status=Orientation.Status.AWAITING).annotate(
        unfavourable=Exists(unfavourable)
    )
    return [Batched(awaiting, then=_awaiting)]


def _awaiting(
    orientations: list[WithAnnotations[Orientation, _Awaiting]],
) -> list[AgendaSuggestion]:
    found = []
    for orientation in orientations:
        reason = f"En attente d'arbitrage, attendu le {orientation.arbitration_due:%d/%m/%Y}"
        if orientation.unfavourable:
            reason += " — consultation close avec des avis défavorables"
        found.append(
            AgendaSuggestion(
                key=f"orientations.orientation:{orientation.pk}",
                title=f"Arbitrage : {orientation.title}",
                reason=reason,
                item_type="decision",
                subject=orientation,
                url=orientation.get_absolute_url(),
                weight=25 if orientation.unfavourable else 35,
            )
        )
    return found
