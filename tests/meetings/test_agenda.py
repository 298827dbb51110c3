import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import selectors, services
from meetings.models import AgendaItem, MeetingEvent
from meetings.selectors import agenda_end, timed_agenda

from .conftest import add_item, make_meeting

pytestmark = pytest.mark.django_db


def test_start_times_follow_the_order_and_the_durations(next_cds):
    add_item(next_cds, "Premier", minutes=30)
    add_item(next_cds, "Deuxième", minutes=20)
    add_item(next_cds, "Troisième", minutes=10)
    add_item(next_cds, "Proposé seulement", minutes=45, status=AgendaItem.Status.PROPOSED)
    timed = timed_agenda(next_cds)
    start = timezone.localtime(next_cds.starts_at)
    assert [t.item.title for t in timed] == ["Premier", "Deuxième", "Troisième"]
    assert [t.starts for t in timed] == [
        start,
        start + dt.timedelta(minutes=30),
        start + dt.timedelta(minutes=50),
    ]
    assert agenda_end(next_cds, timed) == start + dt.timedelta(minutes=60)


def test_moving_an_item_up_swaps_it_with_the_one_above_and_recomputes_the_times(
    next_cds, charge_mission
):
    first = add_item(next_cds, "Premier", minutes=30)
    second = add_item(next_cds, "Deuxième", minutes=20)
    services.agenda_item_move(item=second, actor=charge_mission, offset=-1)
    timed = timed_agenda(next_cds)
    assert [t.item.pk for t in timed] == [second.pk, first.pk]
    assert timed[1].starts == timezone.localtime(next_cds.starts_at) + dt.timedelta(minutes=20)
    services.agenda_item_move(item=second, actor=charge_mission, offset=-1)  # already first
    assert [t.item.pk for t in timed_agenda(next_cds)] == [second.pk, first.pk]
    assert MeetingEvent.objects.filter(meeting=next_cds, verb="reorder").exists()


def test_a_drag_and_drop_order_is_applied_and_unknown_ids_are_ignored(next_cds, charge_mission):
    a, b, c = (add_item(next_cds, t) for t in "ABC")
    services.agenda_reorder(
        meeting=next_cds, actor=charge_mission, ordered_ids=[c.pk, 999999, a.pk]
    )
    assert [t.item.pk for t in timed_agenda(next_cds)] == [c.pk, a.pk, b.pk]


def test_keyboard_buttons_reorder_through_htmx_and_return_the_agenda_fragment(
    client, next_cds, charge_mission
):
    a = add_item(next_cds, "Point A")
    b = add_item(next_cds, "Point B")
    client.force_login(charge_mission)
    url = reverse("meetings:item_move", args=[next_cds.pk, b.pk])
    response = client.post(url, {"direction": "up"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="agenda-panel"' in html and "<html" not in html
    assert html.index("Point B") < html.index("Point A")
    # without JavaScript: a plain form post redirects back to the page
    response = client.post(
        reverse("meetings:item_move", args=[next_cds.pk, a.pk]), {"direction": "up"}
    )
    assert response.status_code == 302


def test_a_director_proposes_an_item_and_the_charge_de_mission_accepts_it(
    client, next_cds, dir_dases, charge_mission, dases
):
    client.force_login(dir_dases)
    response = client.post(
        reverse("meetings:item_propose", args=[next_cds.pk]),
        {
            "title": "Plan grand froid",
            "item_type": "decision",
            "duration_minutes": "20",
            "presenter_direction": dases.pk,
            "guest": "",
        },
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=next_cds)
    assert item.status == AgendaItem.Status.PROPOSED
    assert item.proposed_by == dir_dases and item.presenter_direction == dases
    # the director cannot accept it
    url = reverse("meetings:item_decide", args=[next_cds.pk, item.pk])
    assert client.post(url, {"decision": "accept"}).status_code == 403
    client.force_login(charge_mission)
    assert client.post(url, {"decision": "accept"}).status_code == 302
    item.refresh_from_db()
    assert item.status == AgendaItem.Status.ACCEPTED
    # a second click does nothing more
    assert not services.agenda_item_decide(item=item, actor=charge_mission, decision="accept")


def test_a_proposal_with_bad_input_keeps_what_was_typed_and_says_why(client, next_cds, dir_dases):
    client.force_login(dir_dases)
    response = client.post(
        reverse("meetings:item_propose", args=[next_cds.pk]),
        {"title": "Visite du préfet", "item_type": "intervention", "duration_minutes": "dix"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Saisissez un nombre entier de minutes" in html
    assert "Nommez la personnalité invitée" in html
    assert 'value="Visite du préfet"' in html
    assert not AgendaItem.objects.exists()


def test_a_deferred_item_is_suggested_for_the_next_meeting_until_carried_over(cds, charge_mission):
    today = timezone.localdate()
    this = make_meeting(cds, days=2)
    following = make_meeting(cds, days=16)
    after = make_meeting(cds, days=30)
    item = add_item(this, "Chantiers de voirie", status=AgendaItem.Status.PROPOSED)
    services.agenda_item_decide(item=item, actor=charge_mission, decision="defer")
    keys = [s.key for s in selectors.pending_suggestions(meeting=following, today=today)]
    assert f"meetings.item:{item.pk}" in keys
    added = services.agenda_suggestion_add(
        meeting=following, actor=charge_mission, key=f"meetings.item:{item.pk}", today=today
    )
    assert added.status == AgendaItem.Status.ACCEPTED and added.title == "Chantiers de voirie"
    item.refresh_from_db()
    assert item.carried_to == added
    assert f"meetings.item:{item.pk}" not in [
        s.key for s in selectors.pending_suggestions(meeting=following, today=today)
    ]
    assert f"meetings.item:{item.pk}" not in [
        s.key for s in selectors.pending_suggestions(meeting=after, today=today)
    ]


def test_a_dismissed_suggestion_is_not_proposed_again_for_that_meeting(cds, charge_mission):
    today = timezone.localdate()
    past = make_meeting(cds, days=-10)
    services.action_create(
        meeting=past,
        actor=charge_mission,
        title="Envoyer la note",
        owner=charge_mission,
        due_date=today + dt.timedelta(days=3),
    )
    nxt = make_meeting(cds, days=4)
    [suggestion] = selectors.pending_suggestions(meeting=nxt, today=today)
    assert suggestion.key.startswith("meetings.action:")
    assert "Envoyer la note" in suggestion.title
    services.agenda_suggestion_dismiss(meeting=nxt, actor=charge_mission, key=suggestion.key)
    assert selectors.pending_suggestions(meeting=nxt, today=today) == []


def test_the_suggestion_form_adds_the_item_with_a_generic_link_to_its_subject(
    client, cds, charge_mission
):
    past = make_meeting(cds, days=-10)
    action = services.action_create(
        meeting=past,
        actor=charge_mission,
        title="Envoyer la note",
        owner=charge_mission,
        due_date=timezone.localdate(),
    )
    nxt = make_meeting(cds, days=4)
    client.force_login(charge_mission)
    response = client.post(
        reverse("meetings:suggestion_add", args=[nxt.pk]),
        {"key": f"meetings.action:{action.pk}"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    item = nxt.items.get()
    assert item.subject == action and item.subject_label == "Envoyer la note"
    assert item.subject_url.startswith(f"/reunions/{past.pk}/")
    # a forged key adds nothing
    client.post(reverse("meetings:suggestion_add", args=[nxt.pk]), {"key": "indicators.report:1"})
    assert nxt.items.count() == 1


def test_a_meeting_can_be_moved_and_cancelled_with_a_reason(client, next_cds, charge_mission):
    client.force_login(charge_mission)
    day = timezone.localdate() + dt.timedelta(days=9)
    response = client.post(
        reverse("meetings:move", args=[next_cds.pk]),
        {"date": day.isoformat(), "time": "14:00", "place": "Salle des fêtes"},
    )
    assert response.status_code == 302
    next_cds.refresh_from_db()
    assert timezone.localtime(next_cds.starts_at).date() == day
    assert next_cds.place == "Salle des fêtes" and next_cds.sequence == 1
    response = client.post(reverse("meetings:cancel", args=[next_cds.pk]), {"reason": ""})
    assert response.status_code == 422
    assert "Indiquez le motif" in response.content.decode()
    client.post(reverse("meetings:cancel", args=[next_cds.pk]), {"reason": "Conseil de Paris"})
    next_cds.refresh_from_db()
    assert next_cds.is_cancelled and next_cds.cancel_reason == "Conseil de Paris"


def test_each_suggestion_link_says_what_it_opens(client, cds, next_cds, charge_mission):
    past = make_meeting(cds, days=-10)
    add_item(past, "Chantiers de voirie des fêtes", status=AgendaItem.Status.DEFERRED)
    cds.preparers.add(charge_mission)
    client.force_login(charge_mission)
    page = client.get(reverse("meetings:detail", args=[next_cds.pk])).content.decode()
    suggestions = page.split('id="suggestions"')[1]
    assert 'aria-label="Voir « ' in suggestions
    assert ">voir</a>" in suggestions
