"""Rounds of consultation: reopening after a sending back starts the next round and keeps the
earlier one's requests and opinions, which no one can change any more; the page and the note
show every round, each reader seeing what their role allows."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from orientations import selectors, services
from orientations.models import ConsultationRequest, Verdict
from sg_portal.journal.models import Entry
from tests.orientations.conftest import TODAY

pytestmark = pytest.mark.django_db

FIRST = "Trop cher au premier tour."
SECOND = "Mieux, avec un accueil physique."
REOPENED = TODAY + dt.timedelta(days=20)
DEADLINE_2 = TODAY + dt.timedelta(days=40)


def _official(cast, name):
    return cast[name].elected_official


def _two_rounds(cast, make_orientation, *, first=None, second=None, answer_second=True):
    """Round 1 (deadline TODAY + 15): the maire of the 12th unfavourable, the adjointe silent,
    closed; sent back; round 2 opened on REOPENED (deadline DEADLINE_2), the maire of the 12th
    answering with reservations. `first` and `second` name who is asked in each round."""
    first = first or ["elu.adjoint", "elu.arrondissement"]
    second = second or ["elu.adjoint", "elu.arrondissement"]
    orientation = make_orientation("consultation")
    orientation.requests.exclude(official__in=[_official(cast, name) for name in first]).delete()
    services.opinion_give(
        actor=cast["elu.arrondissement"],
        request=orientation.requests.get(official=_official(cast, "elu.arrondissement")),
        verdict=Verdict.UNFAVOURABLE,
        text=FIRST,
        today=TODAY,
    )
    services.consultations_close_due(today=TODAY + dt.timedelta(days=16))
    services.arbitration_record(
        actor=cast["sg.demo"],
        orientation=orientation,
        outcome="renvoi",
        scenario=None,
        conditions="Prévoir un accueil physique.",
        decided_on=TODAY + dt.timedelta(days=17),
        supersedes_id=None,
        today=TODAY + dt.timedelta(days=17),
    )
    orientation.refresh_from_db()
    assert services.consultation_open(
        actor=cast["sg.demo"],
        orientation=orientation,
        officials=[_official(cast, name) for name in second],
        deadline=DEADLINE_2,
        today=REOPENED,
    )
    if answer_second and "elu.arrondissement" in second:
        services.opinion_give(
            actor=cast["elu.arrondissement"],
            request=orientation.requests.get(
                round=2, official=_official(cast, "elu.arrondissement")
            ),
            verdict=Verdict.RESERVATIONS,
            text=SECOND,
            today=REOPENED,
        )
    orientation.refresh_from_db()
    return orientation


def test_reopening_keeps_the_first_rounds_requests_and_opinions(cast, make_orientation):
    orientation = _two_rounds(cast, make_orientation)
    assert orientation.consultation_round == 2
    first = {r.official.pk: r for r in orientation.requests.filter(round=1)}
    assert first[_official(cast, "elu.arrondissement").pk].verdict == Verdict.UNFAVOURABLE
    assert first[_official(cast, "elu.arrondissement").pk].text == FIRST
    assert first[_official(cast, "elu.adjoint").pk].verdict == Verdict.DEEMED
    assert all(r.deadline == TODAY + dt.timedelta(days=15) for r in first.values())
    second = list(orientation.requests.filter(round=2).order_by("official__rank"))
    assert len(second) == 2 and all(r.deadline == DEADLINE_2 for r in second)
    assert {r.verdict for r in second} == {"", Verdict.RESERVATIONS}
    opened = Entry.objects.filter(action="orientations.consultation.open").order_by("pk")
    assert [e.after["round"] for e in opened] == [1, 2]


def test_an_opinion_cannot_be_given_on_an_earlier_round(client, cast, make_orientation):
    orientation = _two_rounds(cast, make_orientation, second=["elu.arrondissement"])
    old = orientation.requests.get(round=1, official=_official(cast, "elu.arrondissement"))
    with pytest.raises(ValidationError, match="nouvelle consultation"):
        services.opinion_give(
            actor=cast["elu.arrondissement"],
            request=old,
            verdict=Verdict.FAVOURABLE,
            text="",
            today=REOPENED,
        )
    assert not selectors.can_give_opinion(cast["elu.arrondissement"], old, today=REOPENED)
    url = reverse("orientations:opinion", args=[orientation.pk])
    # A form shown in round 1 and posted now: refused, nothing changes in either round.
    client.force_login(cast["elu.arrondissement"])
    response = client.post(url, {"verdict": "favorable", "text": "", "round": "1"})
    assert response.status_code == 200
    assert "Une nouvelle consultation a été ouverte" in response.content.decode()
    old.refresh_from_db()
    assert (old.verdict, old.text) == (Verdict.UNFAVOURABLE, FIRST)
    current = orientation.requests.get(round=2)
    assert (current.verdict, current.text) == (Verdict.RESERVATIONS, SECOND)
    # The form of the current round carries its round and is accepted.
    page = client.get(url).content.decode()
    assert 'name="round" value="2"' in page
    response = client.post(url, {"verdict": "favorable", "text": "", "round": "2"})
    assert response.status_code == 302
    current.refresh_from_db()
    assert current.verdict == Verdict.FAVOURABLE
    # Asked in round 1 only: nothing to answer now, the URL answers 404 (the page stays).
    client.force_login(cast["elu.adjoint"])
    assert client.post(url, {"verdict": "favorable", "text": "", "round": "1"}).status_code == 404
    assert client.get(orientation.get_absolute_url()).status_code == 200
    assert not ConsultationRequest.objects.filter(
        official=_official(cast, "elu.adjoint"), round=1, verdict=Verdict.FAVOURABLE
    ).exists()


def test_silence_is_recorded_once_per_round_and_reminders_are_the_current_rounds(
    cast, make_orientation
):
    orientation = _two_rounds(cast, make_orientation)
    deemed_1 = orientation.requests.get(round=1, official=_official(cast, "elu.adjoint"))
    # Five days before round 2's deadline: one reminder, to the adjointe, for round 2.
    assert services.opinion_reminders_queue(today=DEADLINE_2 - dt.timedelta(days=5)) == 1
    awaited = ConsultationRequest.objects.filter(selectors.awaiting_opinion_q(cast["elu.adjoint"]))
    assert [r.round for r in awaited] == [2]
    after = DEADLINE_2 + dt.timedelta(days=1)
    assert services.consultations_close_due(today=after) == 1
    assert services.consultations_close_due(today=after) == 0
    deemed = Entry.objects.filter(action="orientations.opinion.deemed")
    assert sorted(e.after["round"] for e in deemed) == [1, 2]
    before = deemed_1.given_at
    deemed_1.refresh_from_db()
    assert deemed_1.given_at == before and deemed_1.verdict == Verdict.DEEMED
    assert orientation.requests.filter(verdict=Verdict.DEEMED).count() == 2


def _page(client, user, orientation) -> str:
    client.force_login(user)
    response = client.get(orientation.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_both_rounds_per_role(client, cast, make_orientation):
    orientation = _two_rounds(cast, make_orientation)
    # The SG's side: round 2 first, round 1 folded under « Consultations précédentes ».
    page = _page(client, cast["sg.demo"], orientation)
    assert "Consultation n° 2, ouverte" in page
    assert page.index(SECOND) < page.index("Consultations précédentes") < page.index(FIRST)
    assert '<details class="earlier-round">' in page
    assert "Consultation n° 1 : demandes envoyées le" in page
    # An élu·e asked in both rounds, before round 2's deadline: round 1 whole (it is over),
    # their own round-2 opinion; the adjointe sees round 1 but not the maire's round-2 one.
    page = _page(client, cast["elu.arrondissement"], orientation)
    assert SECOND in page and FIRST in page
    for name in ["elu.adjoint", "cab.adjoint"]:
        page = _page(client, cast[name], orientation)
        assert FIRST in page and SECOND not in page, name
        assert "Consultations précédentes" in page
    # A director of a concerned direction reads the closed round, not the open one.
    page = _page(client, cast["dir.dases"], orientation)
    assert FIRST in page and SECOND not in page
    # The journal tells only of the opinions the page shows.
    client.force_login(cast["elu.adjoint"])
    history = client.get(orientation.get_absolute_url()).context["history"]
    assert not [
        e
        for e in history
        if e.action.startswith("orientations.opinion.")
        and e.object_id
        == orientation.requests.get(round=2, official=_official(cast, "elu.arrondissement")).pk
    ]


def test_an_elu_asked_only_in_the_second_round_does_not_read_the_first(
    client, cast, make_orientation
):
    orientation = _two_rounds(cast, make_orientation, first=["elu.arrondissement"])
    page = _page(client, cast["elu.adjoint"], orientation)
    assert FIRST not in page and SECOND not in page
    assert "Consultations précédentes" not in page
    # once round 2 is over, its opinions are theirs to read; round 1 stays the others'
    client.force_login(cast["elu.adjoint"])
    orientation.consultation_deadline = TODAY - dt.timedelta(days=1)
    orientation.save(update_fields=["consultation_deadline"])
    page = _page(client, cast["elu.adjoint"], orientation)
    assert SECOND in page and FIRST not in page


def test_the_note_says_the_last_round_and_mentions_the_earlier_one(client, cast, make_orientation):
    orientation = _two_rounds(cast, make_orientation)
    client.force_login(cast["sg.demo"])
    url = reverse("orientations:note", args=[orientation.pk])
    page = client.get(url).content.decode()
    assert SECOND in page and FIRST not in page  # the earlier round in a line, not quoted
    maire = _official(cast, "elu.arrondissement").full_name
    assert "Consultation n° 1 (demandes du" in page
    assert f"{maire} — défavorable" in page
    assert "réputé sans avis" in page
    response = client.get(url + "?format=pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split()).replace(" ", "")
    for expected in [SECOND, "Lesconsultationsprécédentes", "Consultationn°1", "défavorable"]:
        assert expected.replace(" ", "") in text, expected


def test_the_list_counts_the_current_rounds_opinions(client, cast, make_orientation):
    _two_rounds(cast, make_orientation)
    client.force_login(cast["sg.demo"])
    page = client.get(reverse("orientations:list")).content.decode()
    assert "1 / 2" in page
