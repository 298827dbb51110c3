"""The kinds of notification, contributed by the apps (`<app>/notifications.py`).

An app defines `KINDS = [NotificationKind(...), ...]`: a key `"<app>.<what>"`, a French label,
the reason it concerns its recipient (the filters of `/notifications/`) and how it is delivered
unless the person chose otherwise. It then calls `sg_portal.notifications.services.notify` in
the transaction of the act.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db import models

from sg_portal.contributions import contributors


class Reason(models.TextChoices):
    """Why a notification concerns its recipient (OpenProject's reasons, in the SG's words)."""

    ASSIGNED = "assigned", "À vous d'agir"
    ACCOUNTABLE = "accountable", "Vous en répondez"
    REVIEW = "review", "À examiner"
    WATCHING = "watching", "Pour information"
    DATE_ALERT = "date_alert", "Échéance"


class Delivery(models.TextChoices):
    PORTAL = "portal", "Dans le portail seulement"
    IMMEDIATE = "immediate", "Par courriel, tout de suite"
    DIGEST = "digest", "Dans le récapitulatif quotidien"


@dataclass(frozen=True)
class NotificationKind:
    key: str  # "<app>.<what>", such as "indicators.report_returned"
    label: str  # « Rapport renvoyé »
    reason: Reason
    default: Delivery = Delivery.PORTAL
    description: str = ""  # one sentence for the preferences page
    about: str = ""  # the search kind of the object it links to ("indicators.report"): demo data


@cache
def all_kinds() -> dict[str, NotificationKind]:
    found: dict[str, NotificationKind] = {}
    declared: object
    for declared in contributors("notifications", "KINDS"):
        if not isinstance(declared, list | tuple):
            continue
        for kind in declared:
            if kind.key in found:
                raise ValueError(f"notification kind declared twice: {kind.key}")
            found[kind.key] = kind
    return found


def kind_label(key: str) -> str:
    kind = all_kinds().get(key)
    return kind.label if kind else key
