from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "sg_portal.outbox"
    label = "outbox"
    verbose_name = "Envois"
