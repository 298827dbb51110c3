"""The French label of each email purpose, contributed by the apps.

An app names its purposes in `<app>/emails.py`:

    PURPOSES = {"indicators.reminder": "Rappel de rapport", ...}

so the kernel shows them without importing any app.
"""

from __future__ import annotations

from sg_portal.contributions import contributors
from sg_portal.outbox.models import Email


def purpose_labels() -> dict[str, str]:
    """The French label of every purpose, contributed by each app's `emails.PURPOSES`."""
    labels: dict[str, str] = {}
    contributed: object
    for contributed in contributors("emails", "PURPOSES"):
        if isinstance(contributed, dict):
            labels.update(contributed)
    return labels


def purposes_in_use() -> dict[str, str]:
    """Every purpose an email has, with its label: the choices of a filter."""
    labels = purpose_labels()
    used = Email.objects.order_by().values_list("purpose", flat=True).distinct()
    return {purpose: labels.get(purpose, purpose) for purpose in used}


def purpose_label(purpose: str) -> str:
    return purpose_labels().get(purpose, purpose)
