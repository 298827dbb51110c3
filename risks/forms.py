"""Forms only validate and normalise; the services write (and check the matrix)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from directions import policy
from directions.models import Direction, Pole, User
from projects.models import Project
from risks.models import Category, ControlStrength, KeyIndicator, Level, Matrix, Measure, Risk
from sg_portal.forms import LineField, TextField

SORT_CHOICES = [
    ("net", "Niveau net (le plus grave d'abord)"),
    ("gross", "Niveau brut (le plus grave d'abord)"),
    ("review", "Prochaine revue"),
    ("title", "Intitulé"),
    ("category", "Catégorie"),
    ("scope", "Périmètre"),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _current_matrix() -> Matrix:
    from risks.selectors import current_matrix

    return current_matrix()


def _user_label(user: User) -> str:
    name = user.get_full_name() or user.username
    where = user.direction.code if user.direction_id else (user.pole.code if user.pole_id else "")  # type: ignore[union-attr]
    return f"{name} ({where})" if where else name


class FilterForm(forms.Form):
    q = LineField(label="Recherche", required=False, max_length=100)
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
    category = forms.ChoiceField(
        label="Catégorie", required=False, choices=[("", "Toutes"), *Category.choices]
    )
    project = forms.ModelChoiceField(
        label="Projet", required=False, queryset=Project.objects.all(), empty_label="Tous"
    )
    net = forms.ChoiceField(
        label="Niveau net", required=False, choices=[("", "Tous"), *Level.choices]
    )
    state = forms.ChoiceField(
        label="État",
        required=False,
        choices=[("", "Ouverts"), ("clos", "Clos"), ("tous", "Tous")],
    )
    sort = forms.ChoiceField(
        label="Trier par",
        required=False,
        choices=SORT_CHOICES + [(f"-{k}", f"{label} (inverse)") for k, label in SORT_CHOICES],
    )
    due = forms.BooleanField(label="À revoir", required=False)
    sg_map = forms.BooleanField(label="Cartographie du SG", required=False)
    # A heat map's cell: "net-3-4" (kind, probability, impact), set by the map's links.
    cell = forms.RegexField(
        regex=r"^(gross|net)-[1-6]-[1-6]$", required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["direction"].label_from_instance = lambda d: d.code  # type: ignore[attr-defined]

    def params(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()
        params = {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}
        if cell := params.get("cell"):
            kind, p, i = cell.split("-")
            params["cell"] = (kind, int(p), int(i))
        return params

    def described(self) -> str:
        """The filters in words, for the PDF's subtitle."""
        params = self.params()
        parts = []
        for name in ("pole", "direction", "category", "project", "net"):
            if name in params:
                field = self.fields[name]
                value = params[name]
                if name in ("category", "net"):
                    value = dict(field.choices).get(value, value)  # type: ignore[attr-defined]
                parts.append(f"{field.label} : {value}")
        return " · ".join(parts) or "Tous les risques ouverts"


class EvaluationMixin:
    """The gross, net and target coordinates on a matrix, and the controls between them."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_evaluation_fields(self, matrix: Matrix, initial: Risk | None = None) -> None:
        blank_p = [("", "— choisir —"), *matrix.probability_choices()]
        blank_i = [("", "— choisir —"), *matrix.impact_choices()]
        labels = {"gross": "brut", "net": "net", "target": "cible"}
        for kind, word in labels.items():
            self.fields[f"{kind}_probability"] = forms.TypedChoiceField(
                label=f"Probabilité ({word})",
                choices=blank_p,
                coerce=int,
                error_messages={
                    "required": "Choisissez une probabilité.",
                    "invalid_choice": f"Choisissez une probabilité de 1 à {matrix.size[0]}.",
                },
            )
            self.fields[f"{kind}_impact"] = forms.TypedChoiceField(
                label=f"Impact ({word})",
                choices=blank_i,
                coerce=int,
                error_messages={
                    "required": "Choisissez un impact.",
                    "invalid_choice": f"Choisissez un impact de 1 à {matrix.size[1]}.",
                },
            )
            if kind == "gross":
                self.fields["controls"] = TextField(
                    label="Dispositif de maîtrise en place",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text="Les contrôles, procédures et outils qui réduisent le risque.",
                )
                self.fields["control_strength"] = forms.ChoiceField(
                    label="Force du dispositif",
                    choices=[("", "— choisir —"), *ControlStrength.choices],
                    error_messages={"required": "Évaluez la force du dispositif."},
                )
        if initial is not None:
            for name in (
                "gross_probability",
                "gross_impact",
                "net_probability",
                "net_impact",
                "target_probability",
                "target_impact",
                "controls",
                "control_strength",
            ):
                self.fields[name].initial = getattr(initial, name)

    def evaluation(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data[k]
            for k in (
                "gross_probability",
                "gross_impact",
                "controls",
                "control_strength",
                "net_probability",
                "net_impact",
                "target_probability",
                "target_impact",
            )
        }


class RiskForm(EvaluationMixin, forms.ModelForm):
    title = LineField(label="Intitulé", max_length=200)
    description = TextField(label="Description", widget=forms.Textarea(attrs={"rows": 3}))
    causes = TextField(label="Causes", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    consequences = TextField(
        label="Conséquences", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = Risk
        fields = [
            "title",
            "description",
            "causes",
            "consequences",
            "category",
            "scope",
            "direction",
            "pole",
            "project",
            "owner",
            "contributors",
            "reviewer",
        ]

    def __init__(self, *args, user: User, matrix: Matrix | None = None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["description"].error_messages["required"] = "Décrivez le risque."
        self.fields["title"].error_messages["required"] = "Donnez un intitulé au risque."
        active = User.objects.filter(is_active=True).select_related("direction", "pole")
        owner = self.fields["owner"]
        owner.queryset = active.order_by("last_name", "first_name")  # type: ignore[attr-defined]
        owner.label_from_instance = _user_label  # type: ignore[attr-defined]
        owner.help_text = "Une personne nommée, qui répond du risque et de ses revues."
        owner.error_messages["required"] = "Nommez le ou la propriétaire du risque."
        contributors = self.fields["contributors"]
        contributors.queryset = active.order_by("last_name", "first_name")  # type: ignore[attr-defined]
        contributors.label_from_instance = _user_label  # type: ignore[attr-defined]
        contributors.widget.attrs["size"] = "6"
        contributors.help_text = "Ctrl (ou Cmd) + clic pour en choisir plusieurs."
        reviewer = self.fields["reviewer"]
        reviewer.queryset = User.objects.filter(policy.risk_reviewers_q()).select_related("pole")  # type: ignore[attr-defined]
        reviewer.label_from_instance = _user_label  # type: ignore[attr-defined]
        direction = self.fields["direction"]
        project = self.fields["project"]
        scope = self.fields["scope"]
        if policy.creates_risks_anywhere(user):
            direction.queryset = Direction.objects.filter(is_active=True)  # type: ignore[attr-defined]
        else:
            # A direction records its own risks and those of its projects; a chef de projet
            # those of their projects.
            direction_id = policy.filing_direction_id(user)
            direction.queryset = Direction.objects.filter(pk=direction_id or 0)  # type: ignore[attr-defined]
            project.queryset = Project.objects.filter(policy.edited_projects_q(user))  # type: ignore[attr-defined]
            allowed = [Risk.Scope.PROJECT]
            if direction_id:
                allowed.insert(0, Risk.Scope.DIRECTION)
            scope.choices = [c for c in Risk.Scope.choices if c[0] in allowed]  # type: ignore[attr-defined]
            del self.fields["pole"]
        direction.required = project.required = False
        direction.help_text = "Pour un risque d'une direction."
        project.help_text = "Pour un risque d'un projet."
        if "pole" in self.fields:
            self.fields["pole"].help_text = "Pour un risque d'un pôle."
        if self.instance.pk is None:
            self.add_evaluation_fields(matrix or _current_matrix())
            if not self.is_bound and policy.filing_direction_id(user):
                self.initial.setdefault("direction", policy.filing_direction_id(user))
                self.initial.setdefault("scope", Risk.Scope.DIRECTION)
                self.initial.setdefault("owner", user.pk)

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        need = {
            Risk.Scope.DIRECTION: ("direction", "Choisissez la direction."),
            Risk.Scope.PROJECT: ("project", "Choisissez le projet."),
            Risk.Scope.POLE: ("pole", "Choisissez le pôle."),
        }
        if scope in need:
            field, message = need[scope]
            if field in self.fields and not data.get(field):
                self.add_error(field, message)
        # What the scope does not use is left empty.
        for field in ("direction", "pole", "project"):
            if need.get(scope, (None,))[0] != field:
                data[field] = None
        return data

    def _post_clean(self):
        # The service builds and checks the risk (the matrix, the levels); skip the model's
        # own validation of a half-built instance.
        pass

    def descriptive(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data.get(k)
            for k in (
                "title",
                "description",
                "causes",
                "consequences",
                "category",
                "scope",
                "direction",
                "pole",
                "project",
                "owner",
                "reviewer",
            )
        }


class ReviewForm(EvaluationMixin, forms.Form):
    reviewed_on = forms.DateField(
        label="Date de la revue",
        widget=DateInput(),
        error_messages={
            "required": "Indiquez la date de la revue.",
            "invalid": "Saisissez une date, par exemple 29/11/2026.",
        },
    )
    changes = TextField(
        label="Ce qui a changé",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire si l'évaluation change.",
    )
    comment = TextField(
        label="Commentaire", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    seen = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, risk: Risk | None = None, matrix: Matrix | None = None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.add_evaluation_fields(matrix or _current_matrix(), risk)
        # The evaluation first, then the date and what changed.
        order = [
            "reviewed_on",
            "gross_probability",
            "gross_impact",
            "controls",
            "control_strength",
            "net_probability",
            "net_impact",
            "target_probability",
            "target_impact",
            "changes",
            "comment",
            "seen",
        ]
        self.order_fields(order)
        self.fields["reviewed_on"].initial = timezone.localdate()
        if risk is not None:
            self.fields["seen"].initial = risk.updated_at

    def clean_reviewed_on(self) -> dt.date:
        value = self.cleaned_data["reviewed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("La date de revue ne peut pas être dans le futur.")
        return value


class AcceptanceForm(forms.Form):
    justification = TextField(
        label="Justification",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Justifiez l'acceptation : elle engage son auteur·rice."},
        help_text="Pourquoi ce niveau de risque est accepté plutôt que traité.",
    )
    expires_on = forms.DateField(
        label="Échéance de l'acceptation",
        widget=DateInput(),
        help_text="À cette date, le risque est rouvert pour une nouvelle décision.",
        error_messages={
            "required": "Indiquez jusqu'à quand l'acceptation vaut.",
            "invalid": "Saisissez une date, par exemple 29/11/2027.",
        },
    )
    seen = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, risk: Risk | None = None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + dt.timedelta(days=365)
        if risk is not None:
            self.fields["seen"].initial = risk.updated_at

    def clean_expires_on(self) -> dt.date:
        value = self.cleaned_data["expires_on"]
        if value <= timezone.localdate():
            raise forms.ValidationError("L'échéance de l'acceptation doit être à venir.")
        return value


class MeasureForm(forms.ModelForm):
    title = LineField(label="Mesure", max_length=300)

    class Meta:
        model = Measure
        fields = ["title", "owner", "due_date", "action", "milestone"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, risk: Risk | None = None, actions=None, milestones=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = User.objects.filter(is_active=True).select_related("direction", "pole")  # type: ignore[attr-defined]
        owner.label_from_instance = _user_label  # type: ignore[attr-defined]
        owner.initial = risk.owner_id if risk is not None else None
        self.fields["due_date"].error_messages.update(
            {
                "required": "Indiquez l'échéance.",
                "invalid": "Saisissez une date, par exemple 31/01/2027.",
            }
        )
        self.fields["action"].queryset = (
            actions if actions is not None else self.fields["action"].queryset.none()
        )  # type: ignore[attr-defined]
        self.fields[
            "action"
        ].help_text = "Si la mesure a été décidée en réunion : son état suit l'action."
        self.fields["milestone"].queryset = (
            milestones if milestones is not None else self.fields["milestone"].queryset.none()
        )  # type: ignore[attr-defined]
        self.fields["milestone"].help_text = "Si la mesure est un jalon du projet."
        self.fields["follow_as_action"] = forms.BooleanField(
            label="Suivre comme action de réunion",
            required=False,
            help_text=(
                "Crée l'action à la prochaine réunion du pôle du risque (à défaut, au prochain "
                "CDS), avec le responsable, l'échéance et le titre de la mesure ; "
                "sa clôture clôt la mesure."
            ),
        )

    def clean(self):
        data = super().clean()
        if data.get("follow_as_action") and data.get("action"):
            self.add_error(
                "follow_as_action",
                "La mesure suit déjà une action existante : ne cochez pas cette case.",
            )
        return data


class OccurrenceForm(forms.Form):
    occurred_on = forms.DateField(
        label="Date",
        widget=DateInput(),
        error_messages={
            "required": "Indiquez quand le risque s'est réalisé.",
            "invalid": "Saisissez une date, par exemple 12/11/2026.",
        },
    )
    impact = forms.TypedChoiceField(label="Impact constaté", coerce=int, choices=[])
    what_happened = TextField(
        label="Ce qui s'est passé",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Décrivez ce qui s'est passé."},
    )

    def __init__(self, *args, matrix: Matrix | None = None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        matrix = matrix or _current_matrix()
        self.fields["impact"].choices = matrix.impact_choices()  # type: ignore[attr-defined]

    def clean_occurred_on(self) -> dt.date:
        value = self.cleaned_data["occurred_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("La date ne peut pas être dans le futur.")
        return value


class KeyIndicatorForm(forms.ModelForm):
    class Meta:
        model = KeyIndicator
        fields = ["indicator", "crossing", "threshold"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["threshold"].localize = True
        self.fields["threshold"].widget.is_localized = True
        self.fields["threshold"].error_messages["invalid"] = (
            "Saisissez un nombre, par exemple 12,5."
        )


class CloseForm(forms.Form):
    reason = LineField(
        label="Motif de clôture",
        max_length=300,
        error_messages={"required": "Dites pourquoi ce risque est clos."},
    )
