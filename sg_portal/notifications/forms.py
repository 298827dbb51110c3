from __future__ import annotations

from typing import Any

from django import forms

from sg_portal.notifications.kinds import Delivery, all_kinds


class PreferencesForm(forms.Form):
    digest_hour = forms.TypedChoiceField(
        label="Heure du récapitulatif quotidien",
        choices=[(h, f"{h} h") for h in range(24)],
        coerce=int,
    )

    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, kind in sorted(all_kinds().items(), key=lambda item: item[1].label):
            self.fields[f"kind-{key}"] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=current.get(key, kind.default),
                help_text=kind.description,
                required=False,  # a kind left out keeps its delivery
            )

    def deliveries(self) -> dict[str, str]:
        return {
            name.removeprefix("kind-"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("kind-") and value
        }

    def kind_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("kind-")]
