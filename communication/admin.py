from django.contrib import admin

from communication.models import Announcement, Session


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "publish_at", "audience", "is_important", "pinned_until", "version"]
    search_fields = ["title"]
    readonly_fields = ["version", "author"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "capacity", "status"]
    search_fields = ["title"]
