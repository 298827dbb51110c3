from __future__ import annotations

from django import forms

from directions.models import Direction
from indicators.importer import MAX_BYTES, TOO_BIG
from sg_portal.forms import TextField


class ReturnForm(forms.Form):
    comment = TextField(
        label="Motif du renvoi (visible par la direction et envoyé par courriel)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez au directeur ce qu'il faut corriger."},
    )


class ReopenForm(forms.Form):
    reason = TextField(
        label="Motif de la réouverture",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Indiquez pourquoi vous rouvrez ce rapport."},
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Fichier CSV ou XLSX",
        help_text="Colonnes : indicateur, periode, arrondissement, valeur. 10 Mo au plus.",
        error_messages={"required": "Choisissez un fichier.", "empty": "Le fichier est vide."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(TOO_BIG)
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Envoyez un fichier .csv ou .xlsx.")
        return upload


class TemplateForm(forms.Form):
    direction = forms.ModelChoiceField(
        label="Direction",
        queryset=Direction.objects.filter(indicators__isnull=False).distinct(),
        empty_label="Choisissez une direction",
    )
    format = forms.ChoiceField(label="Format", choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV")])


class ReminderPolicyForm(forms.ModelForm):
    """The reminder policy of one periodicity (administrators)."""

    class Meta:
        from indicators.models import ReminderPolicy

        model = ReminderPolicy
        fields = ["days_before", "on_due_date", "days_after", "escalation_days", "send_hour"]
        labels = {
            "days_before": "Rappel avant l'échéance (jours ouvrés avant)",
            "on_due_date": "Rappel le jour de l'échéance",
            "days_after": "Relance après l'échéance (jours ouvrés après)",
            "escalation_days": "Escalade au SG adjoint (jours ouvrés après)",
            "send_hour": "Heure d'envoi",
        }
        help_texts = {
            "days_before": "Laissez vide pour ne pas envoyer ce rappel.",
            "days_after": "Laissez vide pour ne pas relancer.",
            "escalation_days": "Le directeur est en copie. Vide : pas d'escalade.",
            "send_hour": "Heure de Paris, de 0 à 23.",
        }
        error_messages = {
            name: {"invalid": "Saisissez un nombre entier, par exemple 3."}
            for name in ["days_before", "days_after", "escalation_days", "send_hour"]
        }

    def _days(self, name: str):
        value = self.cleaned_data.get(name)
        if value is not None and value > 30:
            raise forms.ValidationError("30 jours ouvrés au plus.")
        return value

    def clean_days_before(self):
        return self._days("days_before")

    def clean_days_after(self):
        return self._days("days_after")

    def clean_escalation_days(self):
        return self._days("escalation_days")

    def clean_send_hour(self):
        hour = self.cleaned_data.get("send_hour")
        if hour is None or hour > 23:
            raise forms.ValidationError("Saisissez une heure de 0 à 23.")
        return hour

    def clean(self):
        data = super().clean()
        after, escalation = data.get("days_after"), data.get("escalation_days")
        if after is not None and escalation is not None and escalation <= after:
            self.add_error(
                "escalation_days", "L'escalade doit venir après la relance (plus de jours)."
            )
        return data
