"""The orientations' forms: they validate and normalise, with French messages next to the field."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from directions.models import Arrondissement, Direction, ElectedOfficial, User
from orientations.models import (
    GIVEN_VERDICTS,
    SHORT_TEXT_MAX,
    TEXT_MAX,
    Arbitration,
    Orientation,
    Scenario,
)
from projects.forms import DateInput, FrenchDecimalField
from projects.models import Project, Sitting
from sg_portal.forms import LineField, TextField


class _Base(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class OrientationForm(_Base):
    title = LineField(label="Intitulé", max_length=200)
    text = TextField(
        label="Exposé de l'orientation",
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    origin = forms.ChoiceField(label="Origine", choices=Orientation.Origin.choices)
    carriers = forms.ModelMultipleChoiceField(
        label="Adjoint·e·s qui la portent",
        queryset=ElectedOfficial.objects.filter(office=ElectedOfficial.Office.ADJOINT),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Ctrl + clic pour en choisir plusieurs.",
    )
    arrondissements = forms.ModelMultipleChoiceField(
        label="Arrondissements concernés",
        queryset=Arrondissement.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(),
    )
    directions = forms.ModelMultipleChoiceField(
        label="Directions concernées",
        queryset=Direction.objects.filter(is_active=True, kind=Direction.Kind.DIRECTION),
        required=False,
        widget=forms.CheckboxSelectMultiple(),
    )
    arbitration_due = forms.DateField(label="Arbitrage attendu le", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directions"].label_from_instance = lambda d: d.code
        self.fields["carriers"].label_from_instance = lambda o: f"{o.full_name} — {o.delegation}"

    @classmethod
    def initial_of(cls, orientation: Orientation) -> dict:
        return {
            "title": orientation.title,
            "text": orientation.text,
            "origin": orientation.origin,
            "carriers": list(orientation.carriers.all()),
            "arrondissements": list(orientation.arrondissements.all()),
            "directions": list(orientation.directions.all()),
            "arbitration_due": orientation.arbitration_due,
        }


class ScenarioForm(_Base):
    title = LineField(label="Intitulé", max_length=200)
    description = TextField(
        label="Description", max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    cost_operating = FrenchDecimalField(
        label="Coût de fonctionnement (€ par an)",
        max_digits=14,
        decimal_places=2,
        min_value=0,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    cost_investment = FrenchDecimalField(
        label="Coût d'investissement (€)",
        max_digits=14,
        decimal_places=2,
        min_value=0,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    calendar = LineField(label="Calendrier", max_length=300)
    vehicle = forms.ChoiceField(label="Véhicule juridique", choices=Scenario.Vehicle.choices)
    sitting = forms.ModelChoiceField(
        label="Séance du Conseil de Paris",
        queryset=Sitting.objects.none(),
        required=False,
        help_text="Pour une délibération : la séance visée.",
    )
    directions = forms.ModelMultipleChoiceField(
        label="Directions qui le porteraient",
        queryset=Direction.objects.filter(is_active=True, kind=Direction.Kind.DIRECTION),
        required=False,
        widget=forms.CheckboxSelectMultiple(),
    )
    arrondissement_effects = TextField(
        label="Effet par arrondissement",
        max_length=SHORT_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    risks = TextField(
        label="Principaux risques",
        max_length=SHORT_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    advantages = TextField(
        label="Avantages",
        max_length=SHORT_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    drawbacks = TextField(
        label="Inconvénients",
        max_length=SHORT_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directions"].label_from_instance = lambda d: d.code
        self.fields["sitting"].queryset = Sitting.objects.filter(end_date__gte=timezone.localdate())
        self.fields["sitting"].label_from_instance = lambda s: s.label

    def clean(self):
        data = super().clean()
        if data.get("vehicle") == Scenario.Vehicle.DELIBERATION and not data.get("sitting"):
            self.add_error("sitting", "Pour une délibération, choisissez la séance visée.")
        return data

    @classmethod
    def initial_of(cls, scenario: Scenario) -> dict:
        initial = {
            name: getattr(scenario, name) for name in cls.base_fields if name != "directions"
        }
        initial["directions"] = list(scenario.directions.all())
        return initial


class RecommendForm(_Base):
    scenario = forms.ModelChoiceField(label="Scénario préconisé", queryset=Scenario.objects.none())
    reasons = TextField(
        label="Motifs de la préconisation",
        max_length=SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Dites pourquoi le SG préconise ce scénario."},
    )

    def __init__(self, *args, orientation: Orientation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if orientation is not None:
            self.fields["scenario"].queryset = orientation.scenarios.all()
        self.fields["scenario"].label_from_instance = lambda s: f"{s.letter} — {s.title}"
        self.fields["scenario"].empty_label = None


class ConsultationForm(_Base):
    officials = forms.ModelMultipleChoiceField(
        label="Élu·e·s consulté·e·s",
        queryset=ElectedOfficial.objects.none(),
        widget=forms.CheckboxSelectMultiple(),
        error_messages={"required": "Choisissez au moins un·e élu·e à consulter."},
    )
    deadline = forms.DateField(
        label="Date limite des avis",
        widget=DateInput(),
        help_text="Quinze jours au moins, sauf urgence motivée.",
        error_messages={"required": "Indiquez la date limite des avis."},
    )
    urgency_reason = TextField(
        label="Motif d'urgence (délai de moins de quinze jours)",
        max_length=SHORT_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, officials=None, **kwargs):
        super().__init__(*args, **kwargs)
        if officials is not None:
            self.fields["officials"].queryset = officials
        self.fields["officials"].label_from_instance = lambda o: (
            f"{o.full_name} — {o.get_office_display()}, {o.delegation}"
        )


class OpinionForm(_Base):
    verdict = forms.ChoiceField(
        label="Avis",
        choices=GIVEN_VERDICTS,
        widget=forms.RadioSelect(),
        error_messages={"required": "Choisissez un avis."},
    )
    text = TextField(
        label="Texte de l'avis",
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Requis sauf pour un avis favorable.",
    )
    # The round the form was shown in: posted after a new round opened, it is refused.
    round = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput())

    def __init__(self, *args, scenarios=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.scenarios = list(scenarios)
        for scenario in self.scenarios:
            self.fields[f"scenario_{scenario.pk}"] = forms.ChoiceField(
                label=f"Scénario {scenario.letter} — {scenario.title}",
                choices=[("", "— (pas d'avis distinct)"), *GIVEN_VERDICTS],
                required=False,
            )

    def clean(self):
        data = super().clean()
        if (
            data.get("verdict")
            and data["verdict"] != "favorable"
            and not data.get("text", "").strip()
        ):
            self.add_error(
                "text", "Motivez votre avis : le texte est requis sauf s'il est favorable."
            )
        return data

    def per_scenario(self) -> dict[str, str]:
        return {
            str(s.pk): self.cleaned_data.get(f"scenario_{s.pk}")
            for s in self.scenarios
            if self.cleaned_data.get(f"scenario_{s.pk}")
        }

    def scenario_fields(self):
        return [self[f"scenario_{s.pk}"] for s in self.scenarios]


class ArbitrationForm(_Base):
    outcome = forms.ChoiceField(
        label="Décision de la Maire",
        choices=Arbitration.Outcome.choices,
        widget=forms.RadioSelect(),
        error_messages={"required": "Choisissez la décision de la Maire."},
    )
    scenario = forms.ModelChoiceField(
        label="Scénario retenu", queryset=Scenario.objects.none(), required=False
    )
    conditions = TextField(
        label="Conditions et motifs",
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Requis pour un abandon ou un renvoi.",
    )
    decided_on = forms.DateField(
        label="Date de la décision",
        widget=DateInput(),
        error_messages={"required": "Indiquez la date de la décision."},
    )
    supersedes = forms.IntegerField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args, orientation: Orientation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if orientation is not None:
            self.fields["scenario"].queryset = orientation.scenarios.all()
        self.fields["scenario"].label_from_instance = lambda s: f"{s.letter} — {s.title}"

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome == Arbitration.Outcome.CHOSEN and not data.get("scenario"):
            self.add_error("scenario", "Indiquez le scénario retenu par la Maire.")
        if (
            outcome
            and outcome != Arbitration.Outcome.CHOSEN
            and not data.get("conditions", "").strip()
        ):
            self.add_error("conditions", "Indiquez le motif de l'abandon ou du renvoi.")
        decided = data.get("decided_on")
        if decided and decided > timezone.localdate():
            self.add_error("decided_on", "La décision ne peut pas être datée d'un jour à venir.")
        return data


class LaunchProjectForm(_Base):
    name = LineField(label="Nom du projet", max_length=200)
    kind = forms.ChoiceField(label="Type", choices=Project.Kind.choices)
    lead_direction = forms.ModelChoiceField(
        label="Direction pilote",
        queryset=Direction.objects.filter(is_active=True, kind=Direction.Kind.DIRECTION),
    )
    chef_projet = forms.ModelChoiceField(
        label="Chef·fe de projet", queryset=User.objects.none(), required=False
    )
    start_date = forms.DateField(label="Début", widget=DateInput())
    planned_end = forms.DateField(label="Fin prévue", widget=DateInput())

    def __init__(self, *args, leaders=None, **kwargs):
        super().__init__(*args, **kwargs)
        if leaders is not None:
            self.fields["chef_projet"].queryset = leaders

    def clean(self):
        data = super().clean()
        if (
            data.get("start_date")
            and data.get("planned_end")
            and data["planned_end"] < data["start_date"]
        ):
            self.add_error("planned_end", "La fin prévue doit suivre le début.")
        return data


class LaunchDeliberationForm(_Base):
    title = LineField(label="Objet de la délibération", max_length=400)
    direction = forms.ModelChoiceField(
        label="Direction",
        queryset=Direction.objects.filter(is_active=True, kind=Direction.Kind.DIRECTION),
    )
    sitting = forms.ModelChoiceField(label="Séance visée", queryset=Sitting.objects.none())

    def __init__(self, *args, directions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if directions is not None:
            self.fields["direction"].queryset = directions
        self.fields["sitting"].queryset = Sitting.objects.filter(end_date__gte=timezone.localdate())
        self.fields["sitting"].label_from_instance = lambda s: s.label


class LaunchActionForm(_Base):
    title = LineField(label="Action", max_length=300)
    owner = forms.ModelChoiceField(label="Responsable", queryset=User.objects.none())
    due_date = forms.DateField(label="Échéance", widget=DateInput())

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields["owner"].queryset = owners

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError("L'échéance est passée : choisissez une date à venir.")
        return due


def default_deadline(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=15)
