"""Dump the portal's data into a timestamped file of BACKUP_DIR (or `--directory`)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sg_portal import backups


class Command(BaseCommand):
    help = "Sauvegarde les données du portail dans un fichier horodaté."

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            default=None,
            help="Dossier des sauvegardes (par défaut BACKUP_DIR).",
        )

    def handle(self, *args, **options):
        directory = Path(options["directory"] or settings.BACKUP_DIR)
        try:
            path = backups.dump(directory=directory)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde écrite : {path}"))
