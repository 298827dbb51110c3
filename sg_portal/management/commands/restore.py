"""Restore a backup of the portal into an empty database (`--force` replaces a non-empty one)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sg_portal import backups


class Command(BaseCommand):
    help = "Restaure une sauvegarde du portail dans une base de données vide."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Le fichier écrit par « manage.py backup ».")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Remplace le contenu d'une base qui n'est pas vide.",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            backups.restore(path=path, force=options["force"])
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde restaurée : {path}"))
