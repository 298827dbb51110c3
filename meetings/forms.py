from __future__ import annotations

from django import forms
from django.utils import timezone

from directions.models import Direction, User
from meetings.models import DECISION_MAX, AgendaItem, Attendance
from sg_portal.forms import LineField, TextField, WebAddressField


class ItemForm(forms.Form):
    title = LineField(
        label="Intitulé",
        max_length=300,
        error_messages={"required": "Donnez un intitulé au point."},
    )
    item_type = forms.ChoiceField(label="Type", choices=AgendaItem.Type.choices)
    duration_minutes = forms.IntegerField(
        label="Durée (minutes)",
        initial=10,
        min_value=1,
        max_value=240,
        error_messages={
            "invalid": "Saisissez un nombre entier de minutes, par exemple 15.",
            "min_value": "La durée doit être d'au moins une minute.",
            "max_value": "Une durée de plus de 240 minutes n'est pas un point, c'est une séance.",
        },
    )
    presenter_direction = forms.ModelChoiceField(
        label="Direction qui présente",
        queryset=Direction.objects.filter(kind=Direction.Kind.DIRECTION),
        required=False,
        empty_label="—",
    )
    guest = LineField(
        label="Personnalité invitée",
        max_length=200,
        required=False,
        help_text="Nom et qualité, pour une intervention extérieure.",
    )

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if len(title) < 3:
            raise forms.ValidationError("Donnez un intitulé d'au moins trois caractères.")
        return title

    def clean(self):
        data = super().clean()
        if data.get("item_type") == AgendaItem.Type.INTERVENTION and not data.get("guest"):
            self.add_error("guest", "Nommez la personnalité invitée qui intervient.")
        return data


class ItemEditForm(ItemForm):
    """An item already on the agenda, as those who prepare it correct it: everything the
    proposal said, plus who presents it and the document the members read before."""

    presenter = forms.ModelChoiceField(
        label="Présenté par",
        queryset=User.objects.none(),
        required=False,
        empty_label="—",
        help_text="Un membre de l'instance.",
        error_messages={"invalid_choice": "Choisissez une personne de la liste."},
    )
    document_url = WebAddressField(
        label="Lien vers le document",
        required=False,
        help_text="Adresse de la note ou du support (intranet, espace partagé).",
    )

    field_order = [
        "title",
        "item_type",
        "duration_minutes",
        "presenter",
        "presenter_direction",
        "guest",
        "document_url",
    ]

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["presenter"].queryset = members


class CancelForm(forms.Form):
    reason = LineField(
        label="Motif de l'annulation",
        max_length=300,
        error_messages={"required": "Indiquez le motif de l'annulation."},
    )


class MoveForm(forms.Form):
    date = forms.DateField(
        label="Nouvelle date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Saisissez une date, par exemple 12/01/2027."},
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    time = forms.TimeField(
        label="Heure",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Saisissez une heure, par exemple 09:30."},
    )
    place = LineField(label="Lieu", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the date picker greys out the past days the form refuses anyway
        self.fields["date"].widget.attrs["min"] = timezone.localdate().isoformat()

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day < timezone.localdate():
            raise forms.ValidationError("Choisissez une date à venir.")
        return day


class GuestsForm(forms.Form):
    guests = TextField(
        label="Personnalités invitées",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Une par ligne : nom, qualité.",
    )

    def clean_guests(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["guests"].splitlines()]
        if any(len(line) > 200 for line in lines):
            raise forms.ValidationError(
                "Une ligne dépasse 200 caractères : une personnalité par ligne, nom et qualité."
            )
        return "\n".join(line for line in lines if line)


class DecisionForm(forms.Form):
    decision = TextField(
        label="Relevé de décisions",
        required=False,
        max_length=DECISION_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ActionForm(forms.Form):
    title = LineField(
        label="Action",
        max_length=300,
        error_messages={"required": "Décrivez l'action à mener."},
    )
    owner = forms.ModelChoiceField(
        label="Responsable",
        queryset=User.objects.filter(is_active=True).order_by("last_name", "first_name"),
        error_messages={"invalid_choice": "Choisissez un responsable dans la liste."},
    )
    due_date = forms.DateField(
        label="Échéance",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Saisissez une date, par exemple 12/01/2027."},
    )
    item = forms.ModelChoiceField(
        label="Point", queryset=AgendaItem.objects.none(), required=False, empty_label="—"
    )

    def __init__(self, *args, meeting=None, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        if meeting is not None:
            self.fields["due_date"].widget.attrs["min"] = timezone.localdate(
                meeting.starts_at
            ).isoformat()
            self.fields["item"].queryset = meeting.items.filter(status=AgendaItem.Status.ACCEPTED)
        if owners is not None:
            self.fields["owner"].queryset = owners

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if self.meeting is not None and due < timezone.localdate(self.meeting.starts_at):
            raise forms.ValidationError(
                "L'échéance ne peut précéder la réunion qui décide l'action "
                f"({timezone.localdate(self.meeting.starts_at):%d/%m/%Y})."
            )
        return due


ATTENDANCE_CHOICES = [("", "—"), *Attendance.Status.choices]
