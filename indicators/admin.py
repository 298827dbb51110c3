from django.contrib import admin

from indicators.models import (
    Indicator,
    Period,
    Reminder,
    ReminderPolicy,
    Report,
    ReportEvent,
    ReportingDigest,
)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "family", "direction", "periodicity", "breakdown", "is_active"]
    list_filter = ["family", "periodicity", "breakdown", "direction", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["direction"]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "periodicity", "start", "end", "due_date"]
    list_filter = ["periodicity"]
    date_hierarchy = "start"


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: reports change through the portal's workflow, which records every change."""

    list_display = ["direction", "period", "status", "due_date"]
    list_filter = ["status", "period__periodicity", "direction"]
    list_select_related = ["direction", "period"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportEvent)
class ReportEventAdmin(admin.ModelAdmin):
    list_display = ["report", "kind", "actor", "at"]
    list_filter = ["kind"]
    list_select_related = ["report__direction", "report__period", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Reporting reminders: the portal's page /rapports/rappels/ is the main tool. ----------------


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    list_display = ["periodicity", "days_before", "on_due_date", "days_after", "escalation_days"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["report", "kind", "manual", "scheduled_for", "email"]
    list_filter = ["kind", "manual"]
    list_select_related = ["report__direction", "report__period", "email"]
    readonly_fields = [f.name for f in Reminder._meta.fields]


@admin.register(ReportingDigest)
class ReportingDigestAdmin(admin.ModelAdmin):
    list_display = ["period", "email"]
    list_select_related = ["period", "email"]
    readonly_fields = [f.name for f in ReportingDigest._meta.fields]
