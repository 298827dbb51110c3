"""Each state's label and badge colour, defined once, with its choices.

A model's states are a `StateChoices`: every member carries its value, its badge colour and its
French label, so a list, the completeness matrix, the home page and an email all show a state the
same way. Templates ask the member (`{% badge report.current_state %}`, or `.badge` / `.label`),
never compare raw strings nor keep their own colour maps.

    class Status(StateChoices):
        DRAFT = "brouillon", Badge.MUTED, "À remplir"
        SUBMITTED = "soumis", Badge.WAITING, "Soumis"

The colours are the design's five badge classes (`badge--ok`, `--info`, `--warn`, `--bad`,
`--muted`). What waits for someone else's reading or review (a submitted report, a proposed agenda
item, a question) is `Badge.WAITING`, the blue "info" badge, everywhere.
"""

from __future__ import annotations

import enum
from typing import Any

from django.db import models


class Badge(enum.StrEnum):
    """The badge colours of the design system (CSS class `badge--<value>`)."""

    OK = "ok"  # done, in order: validated, on track, published
    INFO = "info"  # neutral information, something to do that is not late
    WARN = "warn"  # needs attention: returned, at risk, deferred
    BAD = "bad"  # late, off track, cancelled
    MUTED = "muted"  # not started yet, closed, without news

    # What waits for someone else's reading or review.
    WAITING = "info"

    @property
    def inline_style(self) -> str:
        """The badge's colours as an inline style, for emails (no stylesheet reaches a mail
        client); the same colours as the portal's `badge--<value>` classes."""
        return _INLINE_STYLES[self]


_INLINE_STYLES = {
    Badge.OK: "color:#1f6b3a;background:#e5f3ea",
    Badge.INFO: "color:#1d4f91;background:#e6effa",
    Badge.WARN: "color:#7a4d00;background:#fdf1d8",
    Badge.BAD: "color:#a1241b;background:#fbe7e5",
    Badge.MUTED: "color:#4f5868;background:#eef0f4",
}


class StateChoices(models.TextChoices):
    """`TextChoices` whose members carry a badge: `NAME = value, Badge.X, "Libellé"`.

    The database stores the value and the field's choices stay (value, label), so declaring a
    model's choices this way changes no migration.
    """

    badge: Badge

    def __new__(cls, value: str, badge: Badge = Badge.MUTED) -> StateChoices:
        member = str.__new__(cls, value)
        member._value_ = value
        member.badge = Badge(badge)
        return member

    @classmethod
    def badge_of(cls, value: Any) -> Badge:
        """The badge of a stored value (MUTED for an empty or unknown one)."""
        try:
            return cls(value).badge
        except ValueError:
            return Badge.MUTED

    @classmethod
    def label_of(cls, value: Any, default: str = "—") -> str:
        try:
            return str(cls(value).label)
        except ValueError:
            return default
