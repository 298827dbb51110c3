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
        self.purposes = purposes
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        ordered = sorted(purposes.items(), key=lambda item: item[1])
        purpose = self.fields["objet"]
        assert isinstance(purpose, forms.ChoiceField)
        purpose.choices = [("", "Tous"), *ordered]

    def filters(self) -> tuple[str, str]:
        """(purpose, state), blank where the value is missing or unknown."""
        purpose = str(self.data.get("objet", ""))
        state = str(self.data.get("etat", ""))
        return (
            purpose if purpose in self.purposes else "",
            state if state in EmailState.values else "",
        )
