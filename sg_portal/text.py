"""Limits of free text, the same in every app.

Every text a person types has a length limit, shown next to the field and enforced on the
server; a single-line text (a name, a title, a place) refuses line breaks. The models declare
their limits with `line_field` and `text_field`; the forms use `LineField` and `TextField`
(`sg_portal/forms.py`), which show the limit and keep what was typed when they refuse it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

#: the default limit of a multi-line text (a comment, a decision, a reason)
TEXT_MAX = 2000
#: the default limit of a single-line text (a name, a title)
LINE_MAX = 200

LINE_BREAKS = "Ce champ tient sur une ligne : retirez les retours à la ligne."


def french_count(number: int) -> str:
    """2000 → « 2 000 », with the narrow non-breaking space the portal puts in every number."""
    return f"{number:,}".replace(",", "\u202f")


def too_long_message(limit: int, typed: int) -> str:
    return (
        f"{french_count(limit)} caractères au plus : vous en avez saisi {french_count(typed)}. "
        "Raccourcissez le texte, il est conservé ci-dessous."
    )


def limit_label(limit: int) -> str:
    return f"{french_count(limit)} caractères au plus"


def normalise_line_ends(value: str) -> str:
    """Browsers post a line break as CR LF; it counts as one character, as on the screen."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def no_line_breaks(value: str) -> None:
    if "\n" in value or "\r" in value:
        raise ValidationError(LINE_BREAKS, code="line_breaks")


class LimitValidator(MaxLengthValidator):
    """Django's length check, with the portal's French message (the count of what was typed)."""

    def __call__(self, value: Any) -> None:
        length = self.clean(value)
        if length > self.limit_value:
            raise ValidationError(
                too_long_message(self.limit_value, length),
                code="max_length",
                params={"limit_value": self.limit_value, "show_value": length},
            )


def line_field(verbose_name: str, *, max_length: int = LINE_MAX, **kwargs: Any) -> Any:
    """A model's single-line text: bounded, no line break (also in the admin)."""
    return models.CharField(
        verbose_name, max_length=max_length, validators=[no_line_breaks], **kwargs
    )


def text_field(verbose_name: str, *, max_length: int = TEXT_MAX, **kwargs: Any) -> Any:
    """A model's multi-line text, bounded in every form built on it (the column is not: a
    limit lowered later never makes a migration fail on older, longer texts)."""
    return models.TextField(
        verbose_name, max_length=max_length, validators=[LimitValidator(max_length)], **kwargs
    )
