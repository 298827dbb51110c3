import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from indicators.services import periods_ensure, reports_ensure


class Command(BaseCommand):
    help = "Crée les périodes à venir et les rapports des périodes commencées (sans doublon)."

    def add_arguments(self, parser):
        parser.add_argument("--depuis", type=dt.date.fromisoformat, default=None)
        parser.add_argument("--avance", type=int, default=1, help="périodes créées d'avance")

    def handle(self, *args, depuis=None, avance=1, **options):
        today = timezone.localdate()
        periods = periods_ensure(today=today, since=depuis, ahead=avance)
        reports = reports_ensure(today=today)
        self.stdout.write(f"{periods} période(s) et {reports} rapport(s) créés.")
