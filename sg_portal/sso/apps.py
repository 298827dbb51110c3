from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "sg_portal.sso"
    label = "sso"
    verbose_name = "Connexion avec le compte Ville de Paris"
