"""The links no register has: the project page lists its risks, a worrying status raises one,
the critical and rising risks are suggested for the CDS and pôle agendas, the home page shows
what is due."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from directions.models import Direction
from projects.models import Rating, StatusUpdate
from risks import services
from risks.models import Risk
from sg_portal.agenda import collect_suggestions
from tests import factories
from tests.risks.conftest import EVALUATION

pytestmark = pytest.mark.django_db


def test_the_project_page_lists_its_risks_to_those_who_see_them(
    client, make_risk, dases_project, cast
):
    make_risk(title="Retard du prestataire", scope="project", direction=None, project=dases_project)
    client.force_login(cast["cp.demo"])
    page = client.get(dases_project.get_absolute_url()).text
    assert "Risques du projet" in page and "Retard du prestataire" in page
    client.force_login(cast["dir.drh"])  # reads the project, not its risks
    assert "Retard du prestataire" not in client.get(dases_project.get_absolute_url()).text


def test_a_worrying_status_prefills_a_risk_of_the_project(client, dases_project, chef_projet):
    status = StatusUpdate.objects.create(
        project=dases_project,
        fortnight_start=timezone.localdate(),
        author=chef_projet,
        schedule=Rating.OFF_TRACK,
        budget=Rating.ON_TRACK,
        scope=Rating.ON_TRACK,
        overall=Rating.OFF_TRACK,
        narrative="Le prestataire a déposé le bilan.",
    )
    client.force_login(chef_projet)
    page = client.get(dases_project.get_absolute_url()).text
    assert f"point={status.pk}" in page
    form = client.get(f"/risques/nouveau/?project={dases_project.pk}&point={status.pk}").text
    assert "Le prestataire a déposé le bilan." in form
    assert f'<option value="{dases_project.pk}" selected>' in form


def test_critical_and_rising_risks_are_suggested_for_the_agendas(make_risk, cast):
    bodies = factories.make_bodies()
    critical = make_risk(title="Critique", net_probability=3, net_impact=4, gross_impact=4)
    rising = make_risk(title="En hausse", net_probability=1, net_impact=3)
    services.risk_review(
        actor=cast["dir.dases"],
        risk=rising,
        reviewed_on=timezone.localdate(),
        evaluation={**EVALUATION, "net_probability": 2, "net_impact": 3},
        changes="Plus fréquent",
    )
    make_risk(title="Calme", net_probability=1, net_impact=3)
    meeting = factories.make_meeting(bodies["cds"])
    found = collect_suggestions(
        meeting=meeting, directions=Direction.objects.all(), today=timezone.localdate()
    )
    titles = [s.title for s in found if s.key.startswith("risks.")]
    assert titles == ["Risque : Critique", "Risque : En hausse"]
    assert next(s for s in found if s.subject == critical).item_type == "decision"


def test_the_home_page_shows_my_risks_to_review_and_my_measures(client, make_risk, dir_dases):
    risk = make_risk(title="À revoir bientôt")
    Risk.objects.filter(pk=risk.pk).update(
        next_review_on=timezone.localdate() + dt.timedelta(days=5)
    )
    services.measure_create(
        actor=dir_dases,
        risk=risk,
        data={
            "title": "Former les instructeurs",
            "owner": dir_dases,
            "due_date": timezone.localdate() - dt.timedelta(days=7),
            "action": None,
            "milestone": None,
        },
    )
    client.force_login(dir_dases)
    page = client.get("/").text
    assert "Risque à revoir" in page and "À revoir bientôt" in page
    assert "Former les instructeurs" in page and "En retard" in page


def test_the_sg_sees_the_critical_risks_with_their_trend(client, make_risk, sg_user):
    make_risk(title="Très grave", net_probability=3, net_impact=4, gross_impact=4)
    client.force_login(sg_user)
    page = client.get("/").text
    assert "Risques critiques" in page and "Très grave" in page


def test_a_measure_followed_as_a_meeting_action_is_done_when_the_action_is_closed(
    make_risk, dir_dases
):
    from meetings.models import Action
    from risks.selectors import measures_of_user

    bodies = factories.make_bodies()
    meeting = factories.make_meeting(bodies["cds"])
    action = Action.objects.create(
        meeting=meeting, title="Former", owner=dir_dases, due_date=timezone.localdate()
    )
    risk = make_risk()
    measure = services.measure_create(
        actor=dir_dases,
        risk=risk,
        data={
            "title": "Former les instructeurs",
            "owner": dir_dases,
            "due_date": timezone.localdate(),
            "action": action,
            "milestone": None,
        },
    )
    until = timezone.localdate() + dt.timedelta(days=15)
    assert list(measures_of_user(dir_dases, until=until)) == [measure]
    Action.objects.filter(pk=action.pk).update(status=Action.Status.CLOSED)
    measure.refresh_from_db()
    assert measure.status_choice == "realisee" and not measure.is_open
    assert list(measures_of_user(dir_dases, until=until)) == []
