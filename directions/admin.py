from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from directions.models import Arrondissement, Direction, ElectedOfficial, Pole, User


@admin.register(Pole)
class PoleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Direction)
class DirectionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "pole", "is_active"]
    list_filter = ["kind", "pole", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["pole"]


@admin.register(Arrondissement)
class ArrondissementAdmin(admin.ModelAdmin):
    list_display = ["number", "label", "official_name", "mairie", "insee_code"]
    exclude = ["geometry"]
    readonly_fields = ["insee_code"]


@admin.register(ElectedOfficial)
class ElectedOfficialAdmin(admin.ModelAdmin):
    list_display = ["__str__", "office", "rank", "delegation"]
    list_filter = ["office"]
    search_fields = ["first_name", "last_name", "delegation"]
    filter_horizontal = ["arrondissements"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "get_full_name", "role", "direction", "pole", "is_active"]
    list_filter = ["role", "pole", "direction", "is_active", "is_staff"]
    list_select_related = ["direction", "pole"]
    fieldsets = [
        *(BaseUserAdmin.fieldsets or ()),
        (
            "Rôle au portail",
            {"fields": ["role", "job_title", "direction", "pole", "elected_official"]},
        ),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (
            "Rôle au portail",
            {
                "fields": [
                    "first_name",
                    "last_name",
                    "email",
                    "role",
                    "direction",
                    "pole",
                    "elected_official",
                ]
            },
        ),
    ]
