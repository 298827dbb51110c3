"""The kernel's form pieces: the login form, and the fields every free text goes through."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator, URLValidator
from django.forms.boundfield import BoundField
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from sg_portal.text import (
    LINE_MAX,
    TEXT_MAX,
    LimitValidator,
    limit_label,
    no_line_breaks,
    normalise_line_ends,
)


class LoginForm(AuthenticationForm):
    """Django's login form with French messages that do not say which of the two was wrong."""

    error_messages = {
        "invalid_login": "Identifiant ou mot de passe incorrect. Vérifiez la saisie (les majuscules comptent).",
        "inactive": "Ce compte est désactivé. Contactez l'administrateur du portail.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Identifiant"
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none"}
        )
        self.fields["password"].label = "Mot de passe"
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password"}
        )


class LimitedBoundField(BoundField):
    """Draws the field's limit right after it (« 2 000 caractères au plus », a live counter
    with JavaScript), and names it in the field's aria-describedby."""

    def limit_id(self) -> str:
        return f"{self.auto_id}_limit" if self.auto_id else ""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.limit_id():
            described = attrs.get("aria-describedby") or self.aria_describedby or ""
            attrs["aria-describedby"] = f"{described} {self.limit_id()}".strip()
        return attrs

    def as_widget(self, widget=None, attrs=None, only_initial=False) -> SafeString:
        html = super().as_widget(widget, attrs, only_initial)
        limit = getattr(self.field, "max_length", None) or TEXT_MAX
        note = text_limit_note(limit, self.limit_id())
        return mark_safe(f"{html}{note}")


def text_limit_note(limit: int, field_id: str) -> SafeString:
    """The note under a bounded text; also used by the few inputs a template draws itself."""
    return mark_safe(
        render_to_string(
            "sg_portal/_text_limit.html",
            {"limit": limit, "label": limit_label(limit), "id": field_id},
        )
    )


class _LimitedField(forms.CharField):
    bound_field_class = LimitedBoundField
    default_limit = TEXT_MAX

    def __init__(self, *, max_length: int | None = None, **kwargs: Any) -> None:
        super().__init__(max_length=max_length or self.default_limit, **kwargs)
        # The browser's maxlength would cut a long paste without a word: the counter warns
        # instead, and the server refuses with the whole text kept in the field.
        self.validators = [v for v in self.validators if type(v) is not MaxLengthValidator] + [
            LimitValidator(self.max_length)
        ]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        attrs["data-maxlength"] = str(self.max_length)
        return attrs

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_line_ends(value) if isinstance(value, str) else value


class TextField(_LimitedField):
    """A multi-line free text (a comment, a decision): 2 000 characters unless told."""

    widget = forms.Textarea
    default_limit = TEXT_MAX


class LineField(_LimitedField):
    """A single-line free text (a name, a title, a place): 200 characters unless told, no line
    break."""

    widget = forms.TextInput
    default_limit = LINE_MAX
    default_validators = [no_line_breaks]


class WebAddressField(LineField):
    """A web address (a document, a retransmission): one line, 500 characters, http(s) only."""

    default_limit = 500
    default_validators = [
        no_line_breaks,
        URLValidator(
            schemes=["http", "https"],
            message="Saisissez une adresse web complète, commençant par https://.",
        ),
    ]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.URLInput)
        super().__init__(**kwargs)
