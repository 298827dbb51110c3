from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sg_portal.search.index import rebuild
from sg_portal.search.kinds import all_kinds


class Command(BaseCommand):
    help = "Reconstruit l'index de recherche à partir de la base (tous les types, ou ceux nommés)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "kinds", nargs="*", help="types à reconstruire, par exemple indicators.report"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        known = {kind.key: kind for kind in all_kinds()}
        unknown = [key for key in options["kinds"] if key not in known]
        if unknown:
            raise CommandError(
                f"Types inconnus : {', '.join(unknown)}. Types connus : {', '.join(known)}."
            )
        chosen = [known[key] for key in options["kinds"]] or None
        counts = rebuild(kinds=chosen, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Index reconstruit : {sum(counts.values())} documents.")
        )
