from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from projects.models import Rating
from projects.timeline import status_badge_of, status_label_of

register = template.Library()


@register.filter
def rating_label(value: str | None) -> str:
    return Rating(value).label if value else "—"


@register.filter
def rating(value: str | None) -> Rating | None:
    """A stored rating as its choice (label and badge), for `{% badge value|rating %}`."""
    return Rating(value) if value else None


@register.filter
def rating_badge(value: str | None) -> str:
    """The badge of a stored rating (an annotation such as `latest_overall` is a plain string)."""
    return Rating.badge_of(value)


@register.filter
def project_status_label(project) -> str:
    return status_label_of(project)


@register.filter
def project_status_badge(project) -> str:
    return status_badge_of(project)


@register.filter
def euros(value: Decimal | None) -> str:
    """12 500 000 → "12,5 M€"; smaller amounts in k€."""
    if value is None:
        return "—"
    value = Decimal(value)
    if abs(value) >= 1_000_000:
        return f"{number_format(value / 1_000_000, 1, force_grouping=True)} M€"
    if abs(value) >= 1_000:
        return f"{number_format(value / 1_000, 0, force_grouping=True)} k€"
    return f"{number_format(value, 0)} €"


@register.filter
def percent_of(part: Decimal | None, whole: Decimal | None) -> int | None:
    if part is None or not whole:
        return None
    return round(part / whole * 100)


@register.simple_tag
def sort_link(query: str, key: str, current: str) -> str:
    """The query string that sorts by `key`, toggling the direction when it is already sorted."""
    from django.http import QueryDict

    params = QueryDict(query, mutable=True)
    params["sort"] = f"-{key}" if current == key else key
    return params.urlencode()


@register.filter
def sort_state(current: str, key: str) -> str:
    if current == key:
        return "ascending"
    if current == f"-{key}":
        return "descending"
    return "none"
