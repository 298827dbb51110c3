"""Create the meetings of every active body for the coming months (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from meetings.services import meetings_generate_all


class Command(BaseCommand):
    help = "Génère les réunions des prochains mois à partir du rythme de chaque instance."

    def add_arguments(self, parser):
        parser.add_argument("--mois", type=int, default=4, help="Horizon en mois (4 par défaut).")

    def handle(self, *args, **options):
        created = meetings_generate_all(today=timezone.localdate(), months=options["mois"])
        self.stdout.write(f"{created} réunion(s) créée(s).")
