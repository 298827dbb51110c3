"""Each state's label and badge colour, defined once with its choices, shown one way."""

from __future__ import annotations

import datetime as dt

from django.template import Context, Template

from indicators.models import Report, ReportState
from meetings.models import Action, AgendaItem, Meeting
from projects.models import Deliberation, Milestone, MilestoneState, Rating, StatusUpdate
from sg_portal.states import Badge, StateChoices


class Colour(StateChoices):
    RED = "rouge", Badge.BAD, "Rouge"
    BLUE = "bleu", Badge.WAITING, "Bleu"


def test_a_state_carries_its_value_its_label_and_its_badge():
    assert Colour.RED == "rouge" and Colour.RED.label == "Rouge" and Colour.RED.badge == "bad"
    assert Colour("bleu") is Colour.BLUE and Colour.BLUE.badge is Badge.INFO
    # The database and the forms see the same (value, label) choices as a plain TextChoices.
    assert Colour.choices == [("rouge", "Rouge"), ("bleu", "Bleu")]


def test_an_unknown_or_empty_stored_value_has_the_muted_badge():
    assert Colour.badge_of("vert") is Badge.MUTED
    assert Colour.badge_of(None) is Badge.MUTED
    assert Colour.label_of("vert") == "—"


def test_the_badge_tag_draws_the_states_colour_and_label():
    html = Template("{% load sg_words %}{% badge s %}|{% badge s 'Autre texte' %}").render(
        Context({"s": Colour.RED})
    )
    assert html == (
        '<span class="badge badge--bad">Rouge</span>|<span class="badge badge--bad">Autre texte</span>'
    )


def test_an_email_badge_has_the_same_colours_inline():
    html = Template("{% load sg_words %}{% email_badge s %}").render(Context({"s": Colour.BLUE}))
    assert Badge.INFO.inline_style in html and ">Bleu</span>" in html


def test_what_waits_for_review_is_blue_in_every_app():
    assert Report.Status.SUBMITTED.badge is Badge.WAITING
    assert ReportState.SUBMITTED.badge is Badge.WAITING
    assert AgendaItem.Status.PROPOSED.badge is Badge.WAITING
    assert StatusUpdate.Review.QUESTION.badge is Badge.WAITING


def test_the_apps_states_keep_the_colours_their_screens_showed():
    assert [r.badge for r in Rating] == [Badge.OK, Badge.WARN, Badge.BAD]
    assert Deliberation.Status.VOTEE.badge is Badge.OK
    assert Deliberation.Status.REPORTEE.badge is Badge.WARN
    assert Meeting.Status.CANCELLED.badge is Badge.BAD
    assert Meeting.AgendaStatus.PUBLISHED.badge is Badge.OK
    assert Action.Status.OPEN.badge is Badge.WARN
    assert Report.Status.RETURNED.badge is Badge.WARN


def test_a_milestone_state_has_its_label_and_badge():
    today = dt.date(2026, 11, 20)
    late = Milestone(planned_date=dt.date(2026, 11, 1))
    assert late.state(today) is MilestoneState.LATE
    assert (late.state(today).label, late.state(today).badge) == ("En retard", "bad")
