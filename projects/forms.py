"""Forms only validate and normalise; the services write."""

from __future__ import annotations

from decimal import InvalidOperation

from django import forms
from django.utils import timezone

from directions import policy
from directions.models import Arrondissement, Direction, Pole, User
from projects.models import Deliberation, Milestone, Project, Rating, Sitting
from projects.selectors import STATUS_FILTERS, assigns_project_leads
from sg_portal.forms import LineField, TextField

STATUS_FILTER_CHOICES = [
    ("", "Tous"),
    ("on_track", "Dans les temps"),
    ("at_risk", "À risque"),
    ("off_track", "En dérive"),
    ("overdue", "Point en retard"),
    ("none", "Aucun point publié"),
]
assert {k for k, _ in STATUS_FILTER_CHOICES if k} == set(STATUS_FILTERS)

SORT_CHOICES = [
    ("name", "Nom"),
    ("kind", "Type"),
    ("direction", "Direction pilote"),
    ("phase", "Phase"),
    ("status", "Statut (le plus préoccupant d'abord)"),
    ("end", "Fin prévisionnelle"),
    ("slippage", "Glissement (le plus fort d'abord)"),
    ("budget", "Budget prévu"),
]
SORT_VALUES = [(k, label) for k, label in SORT_CHOICES] + [
    (f"-{k}", f"{label} (inverse)") for k, label in SORT_CHOICES
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class FrenchDecimalField(forms.DecimalField):
    """Accepts "1 250 000,50" as well as "1250000.50"."""

    default_error_messages = {"invalid": "Saisissez un montant en euros, par exemple 1 250 000,50."}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\u202f", "").replace("\xa0", "").replace(" ", "")
            value = value.replace("€", "").replace(",", ".")
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise
        except (InvalidOperation, ValueError) as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc


class PortfolioFilterForm(forms.Form):
    q = LineField(label="Recherche", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Tous"), *Project.Kind.choices]
    )
    pole = forms.ModelChoiceField(
        label="Pôle", required=False, queryset=Pole.objects.all(), empty_label="Tous"
    )
    direction = forms.ModelChoiceField(
        label="Direction",
        required=False,
        queryset=Direction.objects.filter(is_active=True),
        empty_label="Toutes",
        to_field_name="code",
    )
    status = forms.ChoiceField(label="Statut", required=False, choices=STATUS_FILTER_CHOICES)
    arrondissement = forms.ModelChoiceField(
        label="Arrondissement",
        required=False,
        queryset=Arrondissement.objects.all(),
        empty_label="Tous",
        to_field_name="number",
    )
    sort = forms.ChoiceField(label="Trier par", required=False, choices=SORT_VALUES)
    mine = forms.BooleanField(label="Mes projets seulement", required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["direction"].label_from_instance = lambda d: d.code

    def params(self) -> dict:
        """The valid filters (an invalid value is ignored and reported next to its field)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class ProjectForm(forms.ModelForm):
    budget_planned = FrenchDecimalField(
        label="Budget prévu (€)", required=False, max_digits=14, decimal_places=2, localize=True
    )
    budget_committed = FrenchDecimalField(
        label="Budget engagé (€)", required=False, max_digits=14, decimal_places=2, localize=True
    )

    class Meta:
        model = Project
        fields = [
            "kind",
            "name",
            "description",
            "lead_direction",
            "partner_directions",
            "chef_projet",
            "sg_adjoint",
            "arrondissements",
            "start_date",
            "planned_end",
            "forecast_end",
            "phase",
            "budget_planned",
            "budget_committed",
        ]
        field_classes = {"name": LineField, "description": TextField}
        widgets = {
            "start_date": DateInput(),
            "planned_end": DateInput(),
            "forecast_end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "partner_directions": forms.CheckboxSelectMultiple(),
            "arrondissements": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, user: User, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["partner_directions"].label_from_instance = lambda d: d.code
        self.fields["partner_directions"].queryset = Direction.objects.filter(is_active=True)
        self.fields["chef_projet"].queryset = User.objects.filter(policy.project_leaders_q())
        self.fields["sg_adjoint"].queryset = User.objects.filter(policy.project_followers_q())
        self.fields["lead_direction"].queryset = Direction.objects.filter(is_active=True)
        if not assigns_project_leads(user):
            # The SG decides who leads and follows a project.
            for name in ("lead_direction", "chef_projet", "sg_adjoint"):
                self.fields[name].disabled = True
                self.fields[name].required = False
            if not self.instance.pk:
                self.initial["lead_direction"] = user.direction_id

    def clean(self):
        data = super().clean()
        start, planned, forecast = (
            data.get("start_date"),
            data.get("planned_end"),
            data.get("forecast_end"),
        )
        if start and planned and planned < start:
            self.add_error("planned_end", "La fin prévue ne peut précéder le début du projet.")
        if start and forecast and forecast < start:
            self.add_error("forecast_end", "La fin prévisionnelle ne peut précéder le début.")
        planned_budget, committed = data.get("budget_planned"), data.get("budget_committed")
        for name, value in (("budget_planned", planned_budget), ("budget_committed", committed)):
            if value is not None and value < 0:
                self.add_error(name, "Un montant ne peut pas être négatif.")
        return data


class MilestoneForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # the date picker offers no future day for a milestone reached
        self.fields["actual_date"].widget.attrs["max"] = timezone.localdate().isoformat()

    class Meta:
        model = Milestone
        fields = ["title", "planned_date", "forecast_date", "actual_date"]
        field_classes = {"title": LineField}
        widgets = {
            "planned_date": DateInput(),
            "forecast_date": DateInput(),
            "actual_date": DateInput(),
        }

    def clean_actual_date(self):
        actual = self.cleaned_data.get("actual_date")
        if actual and actual > timezone.localdate():
            raise forms.ValidationError("Un jalon ne peut pas être atteint dans le futur.")
        return actual


class StatusForm(forms.Form):
    schedule = forms.ChoiceField(label="Délais", choices=Rating.choices, widget=forms.RadioSelect)
    budget = forms.ChoiceField(label="Budget", choices=Rating.choices, widget=forms.RadioSelect)
    scope = forms.ChoiceField(label="Périmètre", choices=Rating.choices, widget=forms.RadioSelect)
    narrative = TextField(
        label="Où en est le projet",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": "Décrivez en quelques lignes où en est le projet."},
    )
    next_steps = TextField(
        label="Prochaines étapes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    needs_from_sg = TextField(
        label="Ce dont vous avez besoin du Secrétariat général",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Un arbitrage, une réunion, un appui auprès d'une direction…",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name in ("schedule", "budget", "scope"):
            self.fields[name].error_messages["required"] = "Choisissez une appréciation."


class QuestionForm(forms.Form):
    question = TextField(
        label="Votre question",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Saisissez votre question au chef de projet."},
    )


class AnswerForm(forms.Form):
    answer = TextField(
        label="Votre réponse",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Saisissez votre réponse à la question du SG."},
    )


class DeliberationForm(forms.Form):
    title = LineField(
        label="Objet",
        max_length=400,
        error_messages={"required": "Indiquez l'objet du projet de délibération."},
    )
    sitting = forms.ModelChoiceField(
        label="Séance visée",
        queryset=Sitting.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Choisissez une séance à venir."},
    )
    project = forms.ModelChoiceField(
        label="Projet servi", queryset=Project.objects.none(), required=False, empty_label="Aucun"
    )
    status = forms.ChoiceField(label="État", choices=Deliberation.Status.choices)
    reason = LineField(
        label="Motif du changement de séance",
        required=False,
        max_length=300,
        help_text="Si vous changez la séance visée : pourquoi ?",
    )

    def __init__(
        self,
        *args,
        deliberation: Deliberation | None = None,
        council: bool = True,
        **kwargs,
    ):
        """`council`: the person records the Conseil's decisions (inscription, vote); without
        it those states are neither offered nor, once set by the SG, changed here."""
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.deliberation = deliberation
        today = timezone.localdate()
        sittings = Sitting.objects.filter(end_date__gte=today)
        if deliberation is not None:
            sittings = Sitting.objects.filter(end_date__gte=today) | Sitting.objects.filter(
                pk=deliberation.sitting_id
            )
        self.fields["sitting"].queryset = sittings.order_by("start_date")
        self.fields["sitting"].label_from_instance = lambda s: s.label
        self.fields["project"].queryset = Project.objects.exclude(
            phase=Project.Phase.CLOTURE
        ).order_by("name")
        if deliberation is None:
            del self.fields["reason"]
            self.fields["status"].choices = [
                (k, v)
                for k, v in Deliberation.Status.choices
                if k in {Deliberation.Status.PREPARATION, Deliberation.Status.TRANSMISE}
            ]
        elif not council:
            status = self.fields["status"]
            if deliberation.status in Deliberation.COUNCIL_DECIDED:
                # Set by the SG: shown, not changed (a disabled field keeps its initial value).
                status.choices = [(deliberation.status, deliberation.status_state.label)]
                status.disabled = True
                status.help_text = (
                    "Inscription et vote : le Secrétariat général les enregistre et seul lui "
                    "peut les changer."
                )
            else:
                status.choices = [
                    (k, v)
                    for k, v in Deliberation.Status.choices
                    if k not in Deliberation.COUNCIL_DECIDED
                ]
                status.help_text = (
                    "L'inscription à l'ordre du jour et le vote sont enregistrés par le "
                    "Secrétariat général."
                )

    def clean(self):
        data = super().clean()
        sitting, status = data.get("sitting"), data.get("status")
        postponed = self.deliberation is not None and status == Deliberation.Status.REPORTEE
        if postponed and sitting and sitting.start_date <= self.deliberation.sitting.start_date:
            self.add_error("sitting", "Une délibération reportée vise une séance plus tardive.")
        return data
