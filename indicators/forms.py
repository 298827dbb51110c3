from __future__ import annotations

from django import forms

from directions.models import Direction
from indicators.importer import MAX_BYTES, TOO_BIG


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="Motif du renvoi (visible par la direction et envoyé par courriel)",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Indiquez au directeur ce qu'il faut corriger."},
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Motif de la réouverture",
        widget=forms.Textarea(attrs={"rows": 2}),
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
