"""The orientations in the portal's search: found by their title, text and scenarios, by those
who see them (`selectors.orientations_visible_to`)."""

from __future__ import annotations

from orientations.models import Orientation, Scenario
from orientations.selectors import orientations_visible_to
from sg_portal.search.kinds import Entry, SearchKind


def searchable() -> list[SearchKind]:
    return [
        SearchKind(
            key="orientations.orientation",
            label="Orientations et arbitrages",
            model=Orientation,
            queryset=lambda: Orientation.objects.prefetch_related("scenarios"),
            document=_document,
            visible=orientations_visible_to,
            order=70,
            follows=((Scenario, lambda scenario: [scenario.orientation]),),
        )
    ]


def _document(orientation: Orientation) -> Entry:
    scenarios = " ".join(
        f"Scénario {s.letter} : {s.title}. {s.description}" for s in orientation.scenarios.all()
    )
    return Entry(
        title=orientation.title,
        url=orientation.get_absolute_url(),
        context=f"Orientation · {orientation.state.label} · {orientation.get_origin_display()}",
        body=f"{orientation.text} {scenarios}",
    )
