from __future__ import annotations

from django import forms

from sg_portal.outbox.models import EmailState


class EmailFilterForm(forms.Form):
    """The filters of `/envois/`: an unknown value is ignored, never an error page."""

    objet = forms.ChoiceField(label="Objet", required=False)
    etat = forms.ChoiceField(
        label="État", required=False, choices=[("", "Tous"), *EmailState.choices]
    )

    def __init__(self, *args, purposes: dict[str, str], **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        ordered = sorted(purposes.items(), key=lambda item: item[1])
        self.fields["objet"].choices = [("", "Tous"), *ordered]

    def filters(self) -> tuple[str, str]:
        """(purpose, state), blank where the value is missing or unknown."""
        if not self.is_valid():
            data = dict.fromkeys(self.fields, "")
            for name, field in self.fields.items():
                value = self.data.get(name, "")
                if value in dict(field.choices):
                    data[name] = value
            return data["objet"], data["etat"]
        return self.cleaned_data["objet"], self.cleaned_data["etat"]
