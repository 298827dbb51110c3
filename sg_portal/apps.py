from django.apps import AppConfig


class SgPortalConfig(AppConfig):
    name = "sg_portal"
    verbose_name = "Portail"
