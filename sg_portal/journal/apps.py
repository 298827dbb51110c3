from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "sg_portal.journal"
    label = "journal"
    verbose_name = "Journal"
