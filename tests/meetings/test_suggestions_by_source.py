"""The portal's agenda suggestions: indicators in alert, the pôle's own directions' late work,
each with a kind and a duration that suit its source."""

import datetime as dt

import pytest
from django.utils import timezone

from indicators.models import Indicator, Periodicity, Report
from meetings import selectors, services
from meetings.models import Action, AgendaItem
from tests.factories import make_indicator, make_period, make_report

from .conftest import add_item, make_meeting

pytestmark = pytest.mark.django_db


def _by_key(meeting, today):
    return {s.key: s for s in selectors.pending_suggestions(meeting=meeting, today=today)}


@pytest.fixture
def dases_alert(dases):
    """A DASES indicator whose latest validated figure misses its target."""
    today = timezone.localdate()
    indicator = make_indicator(
        "visites-pmi",
        name="Consultations en PMI",
        direction=dases,
        family=Indicator.Family.RESOURCES,
        polarity=Indicator.Polarity.HIGHER,
        target_value=100,
    )
    period = make_period(Periodicity.FORTNIGHTLY, today - dt.timedelta(days=20))
    make_report(dases, period, Report.Status.VALIDATED, values={indicator: 80})
    return indicator


def test_an_indicator_in_alert_is_suggested_to_the_cds_and_to_its_poles_meeting_only(
    cast, bodies, dases_alert
):
    today = timezone.localdate()
    key_start = f"indicators.alert:{dases_alert.pk}:"
    cds = make_meeting(bodies["cds"], days=5)
    solidarites = make_meeting(bodies["pole-solidarites"], days=3)
    ressources = make_meeting(bodies["pole-ressources"], days=3)
    for meeting in (cds, solidarites):
        found = [s for k, s in _by_key(meeting, today).items() if k.startswith(key_start)]
        assert len(found) == 1
        suggestion = found[0]
        assert suggestion.title == "Indicateur en alerte : Consultations en PMI"
        assert "hors cible" in suggestion.reason and suggestion.reason.startswith("DASES")
        assert (suggestion.item_type, suggestion.duration_minutes) == ("information", 10)
        assert suggestion.url == f"/indicateurs/{dases_alert.code}/"
    assert not [k for k in _by_key(ressources, today) if k.startswith(key_start)]


def test_an_indicator_on_target_is_not_suggested(cast, bodies, dases):
    today = timezone.localdate()
    indicator = make_indicator(
        direction=dases, polarity=Indicator.Polarity.HIGHER, target_value=100
    )
    period = make_period(Periodicity.FORTNIGHTLY, today - dt.timedelta(days=20))
    make_report(dases, period, Report.Status.VALIDATED, values={indicator: 120})
    meeting = make_meeting(bodies["pole-solidarites"], days=3)
    assert not [k for k in _by_key(meeting, today) if k.startswith("indicators.alert:")]


def test_a_pole_meeting_is_offered_the_late_actions_its_directions_were_given_at_the_cds(
    cast, bodies, dir_dases, dir_drh
):
    today = timezone.localdate()
    past_cds = make_meeting(bodies["cds"], days=-21)
    late = Action.objects.create(
        meeting=past_cds,
        title="Relayer la campagne de vaccination",
        owner=dir_dases,
        due_date=today - dt.timedelta(days=10),
    )
    Action.objects.create(
        meeting=past_cds,
        title="Transmettre le tableau de l'absentéisme",
        owner=dir_drh,
        due_date=today - dt.timedelta(days=10),
    )
    not_yet = Action.objects.create(
        meeting=past_cds,
        title="Préparer le plan grand froid",
        owner=dir_dases,
        due_date=today + dt.timedelta(days=30),
    )
    solidarites = make_meeting(bodies["pole-solidarites"], days=3)
    found = _by_key(solidarites, today)
    suggestion = found[f"meetings.action:{late.pk}"]
    assert suggestion.title == "Point d'étape : Relayer la campagne de vaccination"
    assert "en retard" in suggestion.reason
    assert "Comité de direction des services" in suggestion.reason
    assert (suggestion.item_type, suggestion.duration_minutes) == ("information", 5)
    assert f"meetings.action:{not_yet.pk}" not in found
    assert not [k for k in found if "absentéisme" in found[k].title]  # DRH: another pôle


def test_a_late_report_of_the_pole_is_a_five_minute_information_item_once_added(
    cast, bodies, dases, charge_mission
):
    today = timezone.localdate()
    period = make_period(Periodicity.FORTNIGHTLY, today - dt.timedelta(days=40))
    report = make_report(dases, period)
    meeting = make_meeting(bodies["pole-solidarites"], days=3)
    key = f"indicators.report:{report.pk}"
    assert key in _by_key(meeting, today)
    item = services.agenda_suggestion_add(
        meeting=meeting, actor=charge_mission, key=key, today=today
    )
    assert (item.item_type, item.duration_minutes) == ("information", 5)


def test_a_deferred_item_comes_back_with_its_own_kind_and_duration(cast, bodies, charge_mission):
    today = timezone.localdate()
    before = make_meeting(bodies["cds"], days=-14)
    deferred = add_item(
        before,
        "Budget supplémentaire",
        minutes=30,
        status=AgendaItem.Status.DEFERRED,
        item_type=AgendaItem.Type.DECISION,
    )
    meeting = make_meeting(bodies["cds"], days=3)
    item = services.agenda_suggestion_add(
        meeting=meeting, actor=charge_mission, key=f"meetings.item:{deferred.pk}", today=today
    )
    assert (item.item_type, item.duration_minutes) == ("decision", 30)


def test_the_suggestions_of_a_meeting_take_a_fixed_number_of_queries(
    cast, bodies, dases, dases_alert, dir_dases, charge_mission, django_assert_num_queries
):
    today = timezone.localdate()
    for days in (30, 50, 70):
        make_report(dases, make_period(Periodicity.FORTNIGHTLY, today - dt.timedelta(days=days)))
    for n in range(5):
        make_indicator(direction=dases, polarity=Indicator.Polarity.HIGHER, target_value=n)
    before = make_meeting(bodies["pole-solidarites"], days=-7)
    for n in range(4):
        Action.objects.create(
            meeting=before, title=f"Action {n}", owner=dir_dases, due_date=today - dt.timedelta(n)
        )
        add_item(before, f"Point reporté {n}", status=AgendaItem.Status.DEFERRED)
    meeting = make_meeting(bodies["pole-solidarites"], days=3)
    shown = {s.key for s in selectors.pending_suggestions(meeting=meeting, today=today)}
    added, dismissed = sorted(k for k in shown if k.startswith("meetings.item"))[:2]
    services.agenda_suggestion_add(meeting=meeting, actor=charge_mission, key=added, today=today)
    services.agenda_suggestion_dismiss(meeting=meeting, actor=charge_mission, key=dismissed)
    # Every app's lists and the keys already used are read in one query (`sg_portal.batch`);
    # the indicators' figures follow, their window depending on the indicators read.
    with django_assert_num_queries(2):
        found = selectors.pending_suggestions(meeting=meeting, today=today)
    assert {s.key for s in found} == shown - {added, dismissed}
    sources = {s.key.split(":")[0] for s in found}
    assert sources >= {"indicators.report", "indicators.alert", "meetings.action", "meetings.item"}
