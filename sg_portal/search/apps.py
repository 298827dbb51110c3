from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "sg_portal.search"
    label = "search"
    verbose_name = "Recherche"

    def ready(self) -> None:
        from sg_portal.search import signals

        signals.connect()
