"""The navigation: each function shown to the roles it concerns.

Showing a link is a convenience, never the access rule: every view loads through a selector.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from directions import policy
from directions.models import User
from sg_portal.outbox.selectors import can_read_outbox


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    shown_to: Callable[[User], bool]


def _everyone(user: User) -> bool:
    return True


def _reporting(user: User) -> bool:
    return policy.reads_whole_city(user) or policy.is_direction_member(user)


NAVIGATION = [
    NavEntry("Accueil", "home", _everyone),
    NavEntry("Rapports", "indicators:report_list", _reporting),
    NavEntry("Tableau de bord", "indicators:dashboard", _reporting),
    NavEntry("Indicateurs", "indicators:catalogue", _everyone),
    NavEntry("Réunions", "meetings:list", policy.follows_the_administration),
    NavEntry("Projets", "projects:list", policy.follows_the_administration),
    NavEntry("Délibérations", "projects:deliberations", policy.follows_the_administration),
    NavEntry("Risques", "risks:list", policy.reads_risks),
    NavEntry("Arbitrages", "orientations:list", policy.sees_orientations),
    NavEntry("Annonces", "communication:announcements", _everyone),
    NavEntry("Auditorium", "communication:sessions", _everyone),
    NavEntry("Envois", "outbox:list", can_read_outbox),
]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": []}
    path = request.path
    entries = []
    for entry in NAVIGATION:
        if not entry.shown_to(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue  # the function is not built yet
        active = path == url if url == "/" else path.startswith(url)
        entries.append({"label": entry.label, "url": url, "active": active})
    if user.is_staff:
        entries.append(
            {
                "label": "Administration",
                "url": reverse("admin:index"),
                "active": path.startswith("/admin/"),
            }
        )
    return {"nav_entries": entries}
