from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "sg_portal.notifications"
    label = "notifications"
    verbose_name = "Notifications"
