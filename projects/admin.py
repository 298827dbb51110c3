from django.contrib import admin

from projects.models import (
    AuditEvent,
    Deliberation,
    Milestone,
    Project,
    Sitting,
    SittingChange,
    StatusUpdate,
)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "lead_direction", "chef_projet", "phase", "planned_end"]
    list_filter = ["kind", "phase", "lead_direction__pole"]
    search_fields = ["name", "description"]
    list_select_related = ["lead_direction", "chef_projet"]
    filter_horizontal = ["partner_directions", "arrondissements"]
    inlines = [MilestoneInline]


@admin.register(StatusUpdate)
class StatusUpdateAdmin(admin.ModelAdmin):
    list_display = ["project", "fortnight_start", "overall", "author", "review"]
    list_filter = ["overall", "review"]
    list_select_related = ["project", "author"]
    readonly_fields = ["posted_at", "reviewed_at"]


@admin.register(Sitting)
class SittingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "start_date", "end_date"]


class SittingChangeInline(admin.TabularInline):
    model = SittingChange
    fk_name = "deliberation"
    extra = 0
    readonly_fields = [
        "from_sitting",
        "to_sitting",
        "slipped",
        "changed_by",
        "changed_at",
        "reason",
    ]
    can_delete = False


@admin.register(Deliberation)
class DeliberationAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "sitting", "status"]
    list_filter = ["status", "direction", "sitting"]
    list_select_related = ["direction", "sitting"]
    search_fields = ["title"]
    inlines = [SittingChangeInline]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "content_type", "object_id"]
    list_filter = ["action"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
