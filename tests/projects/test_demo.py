import pytest
from django.core.management import call_command
from django.utils import timezone

from projects.models import Deliberation, Project, Sitting, StatusUpdate
from projects.selectors import three_month_view, with_latest_status

pytestmark = pytest.mark.django_db


def test_the_demo_tells_a_lively_story(settings, charge_mission):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    today = timezone.localdate()
    projects = with_latest_status(Project.objects.all(), today)
    assert 12 <= projects.count() <= 15
    assert {
        "Réaménagement du quartier des Halles",
        "Centres de services partagés comptables",
    } <= set(projects.values_list("name", flat=True))
    assert projects.filter(status_overdue=True).count() >= 1
    assert projects.filter(latest_overall="at_risk").exists()
    assert projects.filter(latest_overall="off_track").exists()
    assert StatusUpdate.objects.filter(review=StatusUpdate.Review.PENDING).exists()
    # About ten sittings over the coming year, none in August.
    coming = Sitting.objects.filter(start_date__gte=today)
    assert 9 <= coming.count() <= 12
    assert not Sitting.objects.filter(start_date__month=8).exists()
    view = three_month_view(charge_mission, today=today)
    assert len(view) >= 2 and sum(f.total for f in view) >= 10
    assert any(f.slipped_out for f in view)
    assert Deliberation.objects.filter(status=Deliberation.Status.VOTEE).exists()


def _rows() -> dict[str, dict[int, tuple]]:
    from projects.models import Milestone, SittingChange

    models = [Project, Milestone, StatusUpdate, Sitting, Deliberation, SittingChange]
    return {m.__name__: {row[0]: row for row in m.objects.values_list()} for m in models}


def test_a_later_run_adds_rows_but_never_alters_or_duplicates_existing_ones(settings):
    import time_machine

    from .conftest import paris

    settings.DEBUG = True
    with time_machine.travel(paris(2026, 11, 28), tick=False):
        call_command("seed_demo", verbosity=0)
    before = _rows()
    with time_machine.travel(paris(2027, 1, 9), tick=False):
        call_command("seed_demo", verbosity=0)
    after = _rows()
    for model, rows in before.items():
        assert {pk: after[model][pk] for pk in rows} == rows, model
    assert Project.objects.count() == len(before["Project"])
    assert Deliberation.objects.count() == len(before["Deliberation"])
    assert Sitting.objects.count() > len(before["Sitting"])  # the coming year moved on
