from django.contrib import admin

from orientations.models import Arbitration, ConsultationRequest, Orientation, Scenario


class ScenarioInline(admin.StackedInline):
    model = Scenario
    extra = 0


@admin.register(Orientation)
class OrientationAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "arbitration_due", "consultation_deadline"]
    list_filter = ["status", "origin"]
    search_fields = ["title"]
    inlines = [ScenarioInline]


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(admin.ModelAdmin):
    list_display = ["orientation", "official", "verdict", "sent_at", "given_at"]
    list_filter = ["verdict"]


@admin.register(Arbitration)
class ArbitrationAdmin(admin.ModelAdmin):
    """Read only: a decision is superseded by a new one, never edited."""

    list_display = ["orientation", "outcome", "scenario", "decided_on", "recorded_by"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
