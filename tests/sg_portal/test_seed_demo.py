import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from sg_portal.notifications.models import Notification

pytestmark = pytest.mark.django_db


DERIVED = {"search.Document"}


def _snapshot() -> dict[str, list[tuple]]:
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "admin", "axes", "contenttypes", "auth"}:
            continue
        fields = [f.attname for f in model._meta.concrete_fields]
        if model._meta.label in DERIVED:  # rebuilt from the rest: compared without their ids
            fields = [f for f in fields if f not in {"id", "updated_at"}]
        rows[model._meta.label] = sorted(
            tuple(str(v) for v in row) for row in model.objects.values_list(*fields)
        )
    return rows


def test_seed_demo_twice_gives_the_same_rows(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    first = _snapshot()
    call_command("seed_demo", verbosity=0)
    assert _snapshot() == first
    assert len(first["directions.Direction"]) == 31
    assert len(first["directions.Arrondissement"]) == 20


def test_the_demo_shows_the_alerts_after_a_due_date(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    real = sorted(
        Notification.objects.exclude(key__startswith="demo:")
        .filter(kind__in=["meetings.action_overdue", "risks.measure_overdue"])
        .values_list("recipient__username", "kind")
    )
    # the past CDS's open action and the measures the demo left past due, alerted by the ticks
    assert real == [
        ("dir.drh", "meetings.action_overdue"),
        ("dir.dsti", "risks.measure_overdue"),
        ("ref.dases", "risks.measure_overdue"),
    ]
    for username in ("sg.demo", "dir.dases"):  # and one of each kind for every demo account
        kinds = set(
            Notification.objects.filter(
                recipient__username=username, key__startswith="demo:"
            ).values_list("kind", flat=True)
        )
        assert {"meetings.action_overdue", "risks.measure_overdue"} <= kinds


def test_seed_demo_is_refused_in_production(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.delenv("SG_ALLOW_DEMO_DATA", raising=False)
    with pytest.raises(CommandError, match="développement"):
        call_command("seed_demo", verbosity=0)
