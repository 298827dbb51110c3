"""Load the demo data of every app (`<app>/demo.py`, function `seed`), in INSTALLED_APPS order.

Idempotent: a second run finds every row and changes nothing. Refused in production.
"""

from __future__ import annotations

import os
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Charge les données de démonstration (jamais en production)."

    def handle(self, *args, **options):
        if not settings.DEBUG and os.environ.get("SG_ALLOW_DEMO_DATA") != "1":
            raise CommandError(
                "seed_demo ne s'exécute qu'en développement (DEBUG=true) "
                "ou avec SG_ALLOW_DEMO_DATA=1 : il crée des comptes au mot de passe connu."
            )
        for config in apps.get_app_configs():
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            self.stdout.write(f"Données de démonstration : {config.verbose_name}")
            module.seed(stdout=self.stdout)
        # The demo's rows are bulk-created: the search index is rebuilt once they are all there.
        from sg_portal.search.index import rebuild

        self.stdout.write("Index de recherche")
        rebuild()
        from sg_portal.notifications import demo_data

        self.stdout.write("Notifications de démonstration")
        demo_data.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
