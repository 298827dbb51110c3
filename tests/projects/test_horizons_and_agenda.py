import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from directions.models import Direction
from projects import agenda_suggestions, horizons
from projects.models import Rating
from sg_portal.horizons import Scope, resolved

from .conftest import paris

pytestmark = pytest.mark.django_db

NOW = paris(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_chef_de_projet_sees_statuses_to_post_and_milestones_due(
    make_project, make_status, make_milestone, chef_projet
):
    posted = make_project(
        name="Déjà publié", chef_projet=chef_projet, start_date=dt.date(2026, 1, 5)
    )
    make_status(posted, posted_at=paris(2026, 11, 17))
    late = make_project(name="En retard", chef_projet=chef_projet, start_date=dt.date(2026, 1, 5))
    make_status(late, posted_at=paris(2026, 10, 1))
    make_milestone(late, title="Marché notifié", planned_date=dt.date(2026, 11, 30))
    make_milestone(late, title="Trop loin", planned_date=dt.date(2027, 3, 1))

    items = resolved(horizons.dated_items(chef_projet, timezone.localdate(), Scope.ME))
    to_post = [i for i in items if i.what == "Point d'avancement à publier"]
    assert [i.title for i in to_post] == ["En retard"] and to_post[0].late
    assert [i.title for i in items if i.what == "Jalon"] == ["Marché notifié"]


def test_the_sg_adjoint_sees_the_statuses_waiting_for_her(make_project, make_status, adjoint):
    project = make_project(name="Accueil social", sg_adjoint=adjoint)
    make_status(project, overall=Rating.AT_RISK)
    items = resolved(horizons.dated_items(adjoint, timezone.localdate(), Scope.ME))
    assert [i.title for i in items if i.what == "Point d'avancement à lire"] == ["Accueil social"]


def test_three_months_and_projects_blocks_render_on_the_home_page(
    client,
    make_project,
    make_sitting,
    make_deliberation,
    charge_mission,
    django_assert_max_num_queries,
):
    make_project(name="Tramway")
    sitting = make_sitting(dt.date(2026, 12, 8))
    make_deliberation(Direction.objects.get(code="DASES"), sitting, title="Santé")
    client.force_login(charge_mission)
    # The whole home page: every app's reads are done together (tests/sg_portal/test_home.py).
    with django_assert_max_num_queries(14):
        page = client.get("/").content.decode()
    assert "Conseil de Paris : délibérations attendues" in page
    assert "8 au 11 décembre 2026" in page and "DASES 1" in page
    assert "Tramway" in page


def test_agenda_suggestions_for_a_meeting_of_the_pole(
    make_project, make_status, make_sitting, make_deliberation
):
    dases, drh = Direction.objects.get(code="DASES"), Direction.objects.get(code="DRH")
    off = make_project(name="En dérive", lead_direction=dases)
    make_status(off, overall=Rating.OFF_TRACK)
    silent = make_project(name="Silencieux", lead_direction=dases, start_date=dt.date(2026, 1, 5))
    make_status(silent, posted_at=paris(2026, 10, 1))
    other_pole = make_project(name="Paie", lead_direction=drh)
    make_status(other_pole, overall=Rating.OFF_TRACK)
    dec, jan = make_sitting(dt.date(2026, 12, 8)), make_sitting(dt.date(2027, 1, 12))
    slipped = make_deliberation(dases, jan, title="Reportée", moved_from=dec)

    pole = Direction.objects.filter(pole=dases.pole)
    found = resolved(
        agenda_suggestions.suggestions(meeting=None, directions=pole, today=timezone.localdate())
    )
    by_key = {s.key: s for s in found}
    assert f"projects.project:{off.pk}:off_track" in by_key
    assert any(k.startswith(f"projects.project:{silent.pk}:overdue") for k in by_key)
    assert not any(s.subject == other_pole for s in found)  # another pôle's project
    slip = next(s for s in found if s.subject == slipped)
    assert "Glissée" in slip.reason and slip.url == slipped.get_absolute_url()
    assert by_key[f"projects.project:{off.pk}:off_track"].subject == off
    assert all(s.presenter_direction_id == dases.pk for s in found)
