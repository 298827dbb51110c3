"""A decision of the relevé is bounded: a pasted document is refused with its text kept, so the
minutes every member downloads stay quick to draw."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meetings.models import DECISION_MAX
from tests.factories import add_item, make_meeting

pytestmark = pytest.mark.django_db


def test_a_huge_decision_is_refused_in_french_and_what_was_typed_is_shown_again(
    client, cds, charge_mission
):
    past = make_meeting(cds, days=-1)
    item = add_item(past, "Budget primitif", decision="Adopté.")
    cds.preparers.add(charge_mission)
    client.force_login(charge_mission)
    typed = "Le comité décide. " * 130_000  # 2.4 MB, as was once pasted
    response = client.post(
        reverse("meetings:item_decision", args=[past.pk, item.pk]), {"decision": typed}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "4\u202f000 caractères au plus : vous en avez saisi" in html
    assert typed.strip() in html  # nothing typed is lost
    item.refresh_from_db()
    assert item.decision == "Adopté."


def test_a_decision_at_the_limit_is_recorded_and_its_limit_is_shown(client, cds, charge_mission):
    past = make_meeting(cds, days=-1)
    item = add_item(past, "Budget primitif")
    cds.preparers.add(charge_mission)
    client.force_login(charge_mission)
    html = client.get(reverse("meetings:detail", args=[past.pk])).content.decode()
    assert f'data-maxlength="{DECISION_MAX}"' in html and "4\u202f000 caractères au plus" in html
    # exactly the limit as the page counts it; the browser posts each line break as CR LF
    text = ("Adopté à l'unanimité.\n" * 400)[: DECISION_MAX - 1] + "."
    response = client.post(
        reverse("meetings:item_decision", args=[past.pk, item.pk]),
        {"decision": text.replace("\n", "\r\n")},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.decision == text
