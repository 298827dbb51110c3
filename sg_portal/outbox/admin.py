from django.contrib import admin

from sg_portal.outbox.models import Email


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    """Read-only: an email changes state only through the outbox's services."""

    list_display = ["created_at", "purpose", "subject", "state", "attempts", "sent_at"]
    list_filter = ["state", "purpose"]
    search_fields = ["key", "subject", "to"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
