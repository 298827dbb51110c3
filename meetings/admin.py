from django.contrib import admin

from meetings.models import Action, AgendaItem, Body, Meeting


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "cadence", "pole", "chair", "is_active"]
    list_filter = ["kind", "cadence", "is_active"]
    filter_horizontal = ["preparers", "extra_members"]
    search_fields = ["name", "code"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fk_name = "meeting"
    extra = 0
    fields = ["position", "title", "item_type", "duration_minutes", "status", "presenter_direction"]
    raw_id_fields = ["presenter_direction"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["body", "starts_at", "status", "agenda_status"]
    list_filter = ["body", "status", "agenda_status"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "due_date", "status", "meeting"]
    list_filter = ["status"]
    raw_id_fields = ["meeting", "item", "owner"]
    search_fields = ["title"]
