"""Forms validate and normalise, with French messages next to the field; nothing typed is lost."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone

from communication.models import (
    BODY_MAX,
    LEAD_MAX,
    NOTE_MAX,
    QUESTION_MAX,
    SLIDES_MAX_BYTES,
    TITLE_MAX,
    Announcement,
    Audience,
    Relay,
    Signature,
)
from directions.models import Direction, Pole
from sg_portal.forms import LineField, TextField, WebAddressField

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]
# A tag (`<script`, `<b style=…>`, `</div`, `<!--`), but not an autolink `<https://…>`.
HTML_TAG = re.compile(r"<\s*/?\s*(?!https?:|mailto:)[a-zA-Z!][^>]*>?", re.IGNORECASE)


def _datetime_field(label: str, *, required: bool = True, help_text: str = "") -> forms.Field:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "invalid": "Saisissez une date et une heure, par exemple 12/01/2027 09:30.",
            "required": "Indiquez une date et une heure.",
        },
    )


class DescribedForm(forms.Form):
    """Each field's help, length limit and error are tied to it for screen readers."""

    def full_clean(self) -> None:
        super().full_clean()
        for name, field in self.fields.items():
            ids = []
            if field.help_text:
                ids.append(f"id_{name}_helptext")
            if name in self.errors:
                ids.append(f"id_{name}_error")
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)


class AudienceForm(DescribedForm):
    audience = forms.ChoiceField(label="Public", choices=Audience.choices)
    audience_pole = forms.ModelChoiceField(
        label="Pôle visé",
        queryset=Pole.objects.all(),
        required=False,
        empty_label="—",
        help_text="Si le public est « un pôle ».",
    )
    audience_directions = forms.ModelMultipleChoiceField(
        label="Directions visées",
        queryset=Direction.objects.filter(is_active=True).order_by("code"),
        required=False,
        help_text="Si le public est « certaines directions » (Ctrl pour en choisir plusieurs).",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def clean(self):
        data = super().clean()
        audience = data.get("audience")
        if audience == Audience.POLE and not data.get("audience_pole"):
            self.add_error("audience_pole", "Choisissez le pôle auquel s'adresse ce message.")
        if audience == Audience.DIRECTIONS and not data.get("audience_directions"):
            self.add_error("audience_directions", "Choisissez au moins une direction.")
        if audience != Audience.POLE:
            data["audience_pole"] = None
        if audience != Audience.DIRECTIONS:
            data["audience_directions"] = []
        return data


class AnnouncementForm(AudienceForm):
    title = LineField(
        label="Titre",
        max_length=TITLE_MAX,
        error_messages={"required": "Donnez un titre à l'annonce."},
    )
    lead = LineField(
        label="Chapeau",
        max_length=LEAD_MAX,
        required=False,
        help_text="Une ou deux phrases, reprises dans les listes et à l'accueil.",
    )
    body = TextField(
        label="Texte",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Écrivez le texte de l'annonce."},
    )
    body_format = forms.ChoiceField(
        label="Format du texte",
        choices=Announcement.Format.choices,
        initial=Announcement.Format.PLAIN,
        help_text="Le HTML n'est jamais interprété.",
    )
    category = forms.ChoiceField(label="Rubrique", choices=Announcement.Category.choices)
    signature = forms.ChoiceField(label="Signée par", choices=Signature.choices)
    publish_at = _datetime_field(
        "Publiée à partir du", help_text="Laissez l'heure actuelle pour publier tout de suite."
    )
    unpublish_at = _datetime_field("Retirée le", required=False)
    pinned_until = forms.DateField(
        label="Épinglée à l'accueil jusqu'au",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Saisissez une date, par exemple 12/01/2027."},
        help_text="L'annonce reste en tête de l'accueil jusqu'à cette date.",
    )
    is_important = forms.BooleanField(
        label="Bandeau « important » en haut de chaque page d'accueil",
        required=False,
        help_text="Un seul bandeau à la fois : il remplace le précédent.",
    )
    asks_acknowledgement = forms.BooleanField(
        label="Demander « j'ai pris connaissance »", required=False
    )
    asks_relay = forms.BooleanField(
        label="À relayer par les directrices et directeurs dans leur direction", required=False
    )

    field_order = [
        "title",
        "lead",
        "body",
        "body_format",
        "category",
        "signature",
        "audience",
        "audience_pole",
        "audience_directions",
        "publish_at",
        "unpublish_at",
        "pinned_until",
        "is_important",
        "asks_acknowledgement",
        "asks_relay",
    ]

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        match = HTML_TAG.search(body)
        if match:
            raise forms.ValidationError(
                f"Le texte ne peut pas contenir de HTML ({match.group(0)[:30]}…) : "
                "écrivez en texte simple ou en Markdown, sans balise ni style."
            )
        return body.strip()

    def clean(self):
        data = super().clean()
        publish, unpublish = data.get("publish_at"), data.get("unpublish_at")
        if publish and unpublish and unpublish <= publish:
            self.add_error("unpublish_at", "Le retrait doit suivre la publication.")
        pinned = data.get("pinned_until")
        if pinned and pinned < timezone.localdate():
            self.add_error(
                "pinned_until", "Cette date est passée : l'annonce ne serait pas épinglée."
            )
        return data


class RelayForm(DescribedForm):
    relayed_on = forms.DateField(
        label="Relayée le",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": "Saisissez une date, par exemple 12/01/2027.",
            "required": "Indiquez la date du relais.",
        },
    )
    how = forms.ChoiceField(label="Comment", choices=Relay.How.choices)
    note = LineField(
        label="Précision",
        max_length=NOTE_MAX,
        required=False,
        help_text="La note, la réunion, l'équipe touchée…",
    )


class SessionForm(AudienceForm):
    title = LineField(
        label="Thème",
        max_length=TITLE_MAX,
        error_messages={
            "required": "Indiquez le thème de la séance.",
        },
    )
    description = TextField(
        label="Présentation",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    speakers = LineField(
        label="Intervenant·e·s",
        max_length=500,
        required=False,
        help_text="Séparés par des points-virgules : nom, fonction ; nom, fonction.",
    )
    starts_at = _datetime_field("Début")
    duration_minutes = forms.IntegerField(
        label="Durée (minutes)",
        min_value=15,
        max_value=480,
        initial=90,
        error_messages={
            "invalid": "Saisissez un nombre entier de minutes, par exemple 90.",
            "min_value": "Une séance dure au moins 15 minutes.",
            "max_value": "Une séance dure au plus 8 heures.",
        },
    )
    room = LineField(
        label="Salle",
        max_length=200,
        initial="Auditorium de l'Hôtel de Ville",
        error_messages={"required": "Indiquez la salle."},
    )
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=2000,
        error_messages={
            "invalid": "Saisissez un nombre de places, par exemple 250.",
            "min_value": "Il faut au moins une place.",
            "max_value": "L'auditorium ne compte pas plus de 2 000 places.",
            "required": "Indiquez le nombre de places.",
        },
    )
    video_url = WebAddressField(label="Lien de la retransmission", required=False)
    registration_opens_at = _datetime_field("Inscriptions ouvertes à partir du")
    registration_closes_at = _datetime_field("Inscriptions closes le")

    field_order = [
        "title",
        "description",
        "speakers",
        "starts_at",
        "duration_minutes",
        "room",
        "capacity",
        "video_url",
        "audience",
        "audience_pole",
        "audience_directions",
        "registration_opens_at",
        "registration_closes_at",
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: One optional field per pôle: seats kept for its people until the release date.
        self.poles = list(Pole.objects.all())
        for pole in self.poles:
            self.fields[f"reserved_{pole.pk}"] = forms.IntegerField(
                label=f"Places réservées — {pole.name}",
                min_value=0,
                max_value=2000,
                required=False,
                error_messages={
                    "invalid": "Saisissez un nombre de places, par exemple 20, ou laissez vide.",
                    "min_value": "Le nombre de places réservées ne peut pas être négatif.",
                    "max_value": "L'auditorium ne compte pas plus de 2 000 places.",
                },
            )

    @property
    def reservation_fields(self) -> list:
        return [self[f"reserved_{pole.pk}"] for pole in self.poles]

    def reservations(self) -> dict[int, int]:
        """The seats reserved per pôle id, as cleaned (empty or zero: none)."""
        return {
            pole.pk: self.cleaned_data[f"reserved_{pole.pk}"]
            for pole in self.poles
            if self.cleaned_data.get(f"reserved_{pole.pk}")
        }

    def clean(self):
        cleaned = super().clean()
        capacity = cleaned.get("capacity")
        reserved = {
            pole.pk: cleaned.get(f"reserved_{pole.pk}") or 0
            for pole in self.poles
            if f"reserved_{pole.pk}" not in self.errors
        }
        total = sum(reserved.values())
        if capacity and total > capacity:
            largest = max(reserved, key=lambda pk: reserved[pk])
            self.add_error(
                f"reserved_{largest}",
                f"{total} places réservées pour {capacity} places : réservez-en moins"
                " ou augmentez le nombre de places.",
            )
        return cleaned


class RegisterForm(DescribedForm):
    deputy_name = LineField(
        label="Suppléant·e qui vient à votre place",
        max_length=150,
        required=False,
        help_text="Nom et fonction de la personne que vous envoyez.",
    )


class QuestionForm(DescribedForm):
    text = TextField(
        label="Votre question",
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Écrivez votre question.",
        },
    )

    def clean_text(self) -> str:
        return self.cleaned_data["text"].strip()


class MaterialForm(DescribedForm):
    recording_url = WebAddressField(label="Lien de l'enregistrement", required=False)
    slides = forms.FileField(
        label="Support de présentation (PDF ou PowerPoint, 10 Mo au plus)",
        required=False,
    )

    def clean_slides(self):
        upload = self.cleaned_data.get("slides")
        if upload is None:
            return None
        if upload.size > SLIDES_MAX_BYTES:
            raise forms.ValidationError("Le fichier dépasse 10 Mo : réduisez-le ou déposez un PDF.")
        if not upload.name.lower().endswith((".pdf", ".pptx", ".odp")):
            raise forms.ValidationError("Déposez un fichier PDF, PowerPoint (.pptx) ou .odp.")
        return upload
