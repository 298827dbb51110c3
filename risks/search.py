"""The risks' searchable documents. Visibility is the app's: `risks_visible_to`."""

from __future__ import annotations

from django.db.models import QuerySet

from directions.models import User
from risks.models import Measure, Risk
from risks.selectors import risks_visible_to
from sg_portal.search.kinds import Entry, SearchKind


def _risks() -> QuerySet[Risk]:
    return Risk.objects.select_related("direction", "project", "pole")


def _document(risk: Risk) -> Entry:
    return Entry(
        title=risk.title,
        url=f"/risques/{risk.pk}/",
        context=(
            f"Risque · {risk.scope_label} · {risk.get_category_display()} · "
            f"net {risk.net.label.lower()}" + ("" if risk.is_open else " · clos")
        ),
        body="\n".join(
            w for w in (risk.description, risk.causes, risk.consequences, risk.controls) if w
        ),
    )


def _visible(user: User) -> QuerySet[Risk]:
    return risks_visible_to(user)


def searchable() -> list[SearchKind]:
    return [
        SearchKind(
            key="risks.risk",
            label="Risques",
            model=Risk,
            queryset=_risks,
            document=_document,
            visible=_visible,
            order=60,
            follows=((Measure, lambda measure: [measure.risk]),),
        )
    ]
