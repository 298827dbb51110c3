"""Opinions (by the élu·e or their cabinet, until the deadline), the arbitration (immutable,
superseded only by a later one) and what it launches."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from orientations import services
from orientations.models import Arbitration, Orientation, Verdict
from projects.models import Project
from sg_portal.journal.models import Entry
from tests.orientations.conftest import TODAY
from tests.race import at_once

pytestmark = pytest.mark.django_db


def _close(orientation):
    services.consultations_close_due(today=orientation.consultation_deadline + dt.timedelta(days=1))
    orientation.refresh_from_db()


def test_an_opinion_needs_a_text_unless_favourable_and_keeps_what_was_typed(
    client, cast, make_orientation
):
    orientation = make_orientation("consultation")
    client.force_login(cast["elu.arrondissement"])
    url = reverse("orientations:opinion", args=[orientation.pk])
    response = client.post(url, {"verdict": "defavorable", "text": ""})
    assert response.status_code == 200
    assert "Motivez votre avis" in response.content.decode()
    long = "x" * 200_000
    response = client.post(url, {"verdict": "reserves", "text": long})
    body = response.content.decode()
    assert "caractères au plus : vous en avez saisi 200" in body
    assert long in body  # nothing typed is lost
    response = client.post(url, {"verdict": "reserves", "text": "Sous réserve des caisses."})
    assert response.status_code == 302
    request = orientation.requests.get(official=cast["elu.arrondissement"].elected_official)
    assert (
        request.verdict == Verdict.RESERVATIONS and request.given_by == cast["elu.arrondissement"]
    )


def test_a_cabinet_member_answers_for_the_elu_and_the_journal_says_so(
    client, cast, make_orientation
):
    orientation = make_orientation("consultation")
    client.force_login(cast["cab.adjoint"])
    response = client.post(
        reverse("orientations:opinion", args=[orientation.pk]),
        {"verdict": "favorable", "text": ""},
    )
    assert response.status_code == 302
    entry = Entry.objects.get(action="orientations.opinion.give")
    assert entry.actor == cast["cab.adjoint"]
    assert entry.after["on_behalf"] is True
    assert entry.after["official"] == cast["elu.adjoint"].elected_official.full_name


def test_before_the_deadline_an_elu_reads_only_their_own_opinion(client, cast, make_orientation):
    orientation = make_orientation("consultation")
    services.opinion_give(
        actor=cast["elu.adjoint"],
        request=orientation.requests.get(official=cast["elu.adjoint"].elected_official),
        verdict=Verdict.UNFAVOURABLE,
        text="Trop cher.",
        today=TODAY,
    )
    client.force_login(cast["elu.arrondissement"])
    page = client.get(orientation.get_absolute_url()).content.decode()
    assert "Trop cher." not in page
    client.force_login(cast["sg.demo"])
    assert "Trop cher." in client.get(orientation.get_absolute_url()).content.decode()
    _close(orientation)
    client.force_login(cast["elu.arrondissement"])
    assert "Trop cher." in client.get(orientation.get_absolute_url()).content.decode()


def test_an_opinion_after_the_deadline_is_refused(client, cast, make_orientation, time_machine):
    orientation = make_orientation("consultation")
    time_machine.move_to(dt.datetime(2026, 12, 20, 10, 0), tick=False)
    client.force_login(cast["elu.adjoint"])
    response = client.post(
        reverse("orientations:opinion", args=[orientation.pk]),
        {"verdict": "favorable", "text": "Tard"},
    )
    assert response.status_code == 200
    assert "La date limite est passée" in response.content.decode()
    assert not orientation.requests.exclude(verdict="").exists()


def test_an_arbitration_needs_a_scenario_or_a_reason(client, cast, make_orientation):
    orientation = make_orientation("consultation")
    _close(orientation)
    client.force_login(cast["cab.maire"])
    url = reverse("orientations:arbitrate", args=[orientation.pk])
    page = client.post(url, {"outcome": "retenu", "decided_on": "2026-11-29"}).content.decode()
    assert "Indiquez le scénario retenu" in page
    page = client.post(url, {"outcome": "abandon", "decided_on": "2026-11-29"}).content.decode()
    assert "Indiquez le motif" in page
    assert not Arbitration.objects.exists()


def test_a_decision_against_the_recommendation_is_flagged_and_superseded_not_edited(
    cast, make_orientation
):
    orientation = make_orientation("consultation")
    _close(orientation)
    other = orientation.scenarios.exclude(pk=orientation.recommended_id).get()
    first = services.arbitration_record(
        actor=cast["cab.maire"],
        orientation=orientation,
        outcome="retenu",
        scenario=other,
        conditions="",
        decided_on=TODAY,
        supersedes_id=None,
    )
    assert first.contrary_to_recommendation
    with pytest.raises(ValidationError):
        first.conditions = "changé"
        first.save()
    second = services.arbitration_record(
        actor=cast["sg.demo"],
        orientation=orientation,
        outcome="retenu",
        scenario=orientation.recommended,
        conditions="Revu",
        decided_on=TODAY,
        supersedes_id=first.pk,
    )
    assert second.supersedes == first and not second.contrary_to_recommendation
    assert Arbitration.objects.filter(orientation=orientation).count() == 2
    orientation.refresh_from_db()
    assert orientation.recommended_id is not None  # the recommendation stays visible


@pytest.mark.django_db(transaction=True)
def test_a_double_click_records_one_arbitration(cast, make_orientation):
    orientation = make_orientation("consultation")
    _close(orientation)

    def record():
        try:
            return services.arbitration_record(
                actor=cast["sg.demo"],
                orientation=orientation,
                outcome="retenu",
                scenario=orientation.recommended,
                conditions="",
                decided_on=TODAY,
                supersedes_id=None,
            ).pk
        except Exception:
            return None

    results = at_once(record, record)
    assert sum(r is not None for r in results) == 1
    assert Arbitration.objects.count() == 1


def test_the_arbitration_launches_a_project_linked_from_the_orientation(
    client, cast, make_orientation
):
    orientation = make_orientation("consultation")
    _close(orientation)
    services.arbitration_record(
        actor=cast["sg.demo"],
        orientation=orientation,
        outcome="retenu",
        scenario=orientation.recommended,
        conditions="",
        decided_on=TODAY,
        supersedes_id=None,
    )
    client.force_login(cast["sg.demo"])
    data = {
        "name": "Cantines durables 2027",
        "kind": Project.Kind.ENGAGEMENT,
        "lead_direction": orientation.directions.get().pk,
        "chef_projet": cast["cp.demo"].pk,
        "start_date": "2026-12-01",
        "planned_end": "2028-06-30",
    }
    url = reverse("orientations:launch", args=[orientation.pk, "projet"])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a resent form launches nothing more
    project = Project.objects.get(name="Cantines durables 2027")
    assert list(orientation.launched_projects.values_list("project", flat=True)) == [project.pk]
    page = client.get(orientation.get_absolute_url()).content.decode()
    assert "Cantines durables 2027" in page
    assert Entry.objects.filter(action="orientations.launch.project").count() == 1


def test_the_note_au_maire_pdf_holds_the_scenarios_the_recommendation_and_the_opinions(
    client, cast, make_orientation
):
    orientation = make_orientation("consultation")
    services.opinion_give(
        actor=cast["elu.arrondissement"],
        request=orientation.requests.get(official=cast["elu.arrondissement"].elected_official),
        verdict=Verdict.RESERVATIONS,
        text="Garder les producteurs locaux.",
        today=TODAY,
    )
    _close(orientation)
    client.force_login(cast["sg.demo"])
    response = client.get(reverse("orientations:note", args=[orientation.pk]) + "?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in [
        "NOTE À L'ATTENTION DE MADAME LA MAIRE",
        "Scénario A",
        "Scénario B",
        "Moins cher à terme.",
        "Garder les producteurs locaux.",
        "Réputé sans avis",
        "1 250 001 €",
    ]:
        assert expected.replace(" ", "") in text.replace(" ", ""), expected
    assert orientation.status == Orientation.Status.AWAITING


def test_the_arbitration_forecasts_a_deliberation_and_an_action_linked_down(
    client, cast, make_orientation
):
    from projects.models import Deliberation, Sitting

    orientation = make_orientation("consultation")
    _close(orientation)
    services.arbitration_record(
        actor=cast["sg.demo"],
        orientation=orientation,
        outcome="retenu",
        scenario=orientation.recommended,
        conditions="",
        decided_on=TODAY,
        supersedes_id=None,
    )
    sitting = Sitting.objects.create(
        start_date=TODAY + dt.timedelta(days=30), end_date=TODAY + dt.timedelta(days=33)
    )
    url = reverse("orientations:launch", args=[orientation.pk, "deliberation"])
    client.force_login(cast["sg.demo"])
    assert client.get(url).status_code == 404  # a deliberation is its direction's to declare
    client.force_login(cast["dir.drh"])
    assert client.get(url).status_code == 404  # not concerned
    client.force_login(cast["dir.dases"])
    data = {
        "title": "Marché de restauration durable",
        "direction": orientation.directions.get().pk,
        "sitting": sitting.pk,
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double click declares it once
    deliberation = Deliberation.objects.get(title="Marché de restauration durable")
    assert list(orientation.launched_deliberations.values_list("deliberation", flat=True)) == [
        deliberation.pk
    ]
    client.force_login(cast["sg.demo"])
    url = reverse("orientations:launch", args=[orientation.pk, "action"])
    page = client.post(
        url, {"title": "Réunir les caisses", "owner": cast["cm.demo"].pk, "due_date": "2020-01-01"}
    ).content.decode()
    assert "échéance est passée" in page
    action = {"title": "Réunir les caisses", "owner": cast["cm.demo"].pk, "due_date": "2027-01-15"}
    assert client.post(url, action).status_code == 302
    assert client.post(url, action).status_code == 302
    assert orientation.actions.count() == 1
    page = client.get(orientation.get_absolute_url()).content.decode()
    assert deliberation.reference in page and "Réunir les caisses" in page
    # an élu·e cannot launch anything
    client.force_login(cast["elu.adjoint"])
    assert client.get(url).status_code == 404
