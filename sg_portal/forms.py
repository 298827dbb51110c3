from django import forms
from django.contrib.auth.forms import AuthenticationForm


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
