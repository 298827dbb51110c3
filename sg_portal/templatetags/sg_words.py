"""The SG's words in templates: a state's badge and a number of days late, said one way."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from directions import policy
from sg_portal import calendar as C
from sg_portal import french
from sg_portal.forms import text_limit_note
from sg_portal.text import french_count

register = template.Library()


@register.simple_tag
def badge(state: Any, text: str = "") -> str:
    """`<span class="badge badge--…">Libellé</span>` for a `StateChoices` member (or anything with
    `.badge` and `.label`); `text` replaces the label when given."""
    if state is None or state == "":
        return ""
    return format_html('<span class="badge badge--{}">{}</span>', state.badge, text or state.label)


@register.simple_tag
def email_badge(state: Any, text: str = "") -> str:
    """The same badge in an email: its colours inline, since no stylesheet reaches a mail client."""
    if state is None or state == "":
        return ""
    return format_html(
        '<span style="{};padding:1px 6px;border-radius:4px;font-weight:600">{}</span>',
        state.badge.inline_style,
        text or state.label,
    )


@register.filter
def de(word: Any) -> str:
    """{{ month|de }}: « de novembre », « d'août » (elided before a vowel)."""
    return french.de(str(word))


@register.filter
def role_title(user: Any) -> str:
    """A person's role as a title in their own gender: « Directrice », not « Directeur·rice »."""
    return policy.role_title(user)


@register.filter
def jours_ouvres(days: int | None) -> str:
    """3 → « 3 jours ouvrés », 1 → « 1 jour ouvré »: a number of days late."""
    return C.days_late_text(int(days or 0))


@register.simple_tag
def text_limit(limit: int, *field_id: Any) -> str:
    """The limit under a text input a template draws itself (the forms' fields draw their own):
    the input carries data-maxlength="{limit}" and aria-describedby="{field_id}_limit"; the id
    may be given in parts (`{% text_limit 2000 "question-" status.pk %}`)."""
    return text_limit_note(limit, "".join(str(part) for part in field_id) + "_limit")


@register.filter
def milliers(number: int | None) -> str:
    """100000 → « 100 000 », with the narrow non-breaking space of every number of the portal."""
    return french_count(int(number or 0))
