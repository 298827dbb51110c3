from django.contrib import admin

from sg_portal.sso.models import GroupMapping, Identity


@admin.register(GroupMapping)
class GroupMappingAdmin(admin.ModelAdmin):
    """The directory's groups and what they give on the portal, applied at each sign-in."""

    list_display = [
        "group",
        "portal_role",
        "direction",
        "pole",
        "elected_official",
        "priority",
        "note",
    ]
    list_filter = ["portal_role", "pole"]
    search_fields = ["group", "note"]
    list_select_related = ["direction", "pole", "elected_official"]


@admin.register(Identity)
class IdentityAdmin(admin.ModelAdmin):
    """Read-only: an identity changes at each sign-in, from the directory."""

    list_display = ["full_name", "email", "employee_id", "user", "last_seen_at"]
    list_filter = [("user", admin.EmptyFieldListFilter)]
    search_fields = ["full_name", "email", "employee_id", "subject"]
    list_select_related = ["user"]
    readonly_fields = [
        "issuer",
        "subject",
        "employee_id",
        "user",
        "email",
        "full_name",
        "groups",
        "first_seen_at",
        "last_seen_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
