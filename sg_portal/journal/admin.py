from __future__ import annotations

from django.contrib import admin

from sg_portal.journal.models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """Read-only: the journal is written by the services, never by hand."""

    list_display = [
        "at",
        "action",
        "actor",
        "content_type",
        "object_id",
        "parent_type",
        "parent_id",
    ]
    list_filter = ["content_type", "action"]
    search_fields = ["action", "comment", "actor__username", "actor__last_name"]
    date_hierarchy = "at"
    list_select_related = ["actor", "content_type", "parent_type"]
    readonly_fields = [f.name for f in Entry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
