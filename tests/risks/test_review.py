"""A review: an immutable record of the evaluation before and after, on the cadence of the level."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from risks import services
from risks.models import Review, Risk
from tests.race import at_once
from tests.risks.conftest import EVALUATION

pytestmark = pytest.mark.django_db


def _post(risk: Risk, **changes) -> dict:
    return {
        "reviewed_on": timezone.localdate().isoformat(),
        **{k: str(v) for k, v in EVALUATION.items()},
        "changes": "",
        "comment": "",
        "seen": risk.updated_at.isoformat(),
        **changes,
    }


def test_a_review_without_change_keeps_the_levels_and_sets_the_next_date(
    client, make_risk, dir_dases
):
    risk = make_risk()  # net élevé: reviewed every 90 days
    client.force_login(dir_dases)
    response = client.post(f"/risques/{risk.pk}/revue/", _post(risk, comment="RAS"))
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.unchanged and review.before == {**review.after}
    risk.refresh_from_db()
    assert risk.next_review_on == timezone.localdate() + dt.timedelta(days=90)
    assert "sans changement" in client.get(risk.get_absolute_url()).text


def test_a_review_that_changes_the_evaluation_says_what_changed(client, make_risk, dir_dases):
    risk = make_risk()
    client.force_login(dir_dases)
    response = client.post(f"/risques/{risk.pk}/revue/", _post(risk, net_probability="3"))
    assert "Dites ce qui a changé" in response.text  # nothing recorded without it
    assert not Review.objects.exists()
    response = client.post(
        f"/risques/{risk.pk}/revue/",
        _post(risk, net_probability="3", changes="Deux signalements en octobre"),
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert (risk.previous_net_level, risk.net_level, risk.trend) == ("eleve", "critique", "hausse")
    assert risk.next_review_on == timezone.localdate() + dt.timedelta(days=30)  # critique
    review = Review.objects.get()
    assert review.before["net_level"] == "eleve" and review.after["net_level"] == "critique"


def test_a_review_date_in_the_future_is_refused_next_to_the_field(client, make_risk, dir_dases):
    risk = make_risk()
    client.force_login(dir_dases)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(
        f"/risques/{risk.pk}/revue/", _post(risk, reviewed_on=tomorrow, comment="gardé")
    )
    assert "La date de revue ne peut pas être dans le futur." in response.text
    assert "gardé" in response.text and not Review.objects.exists()


def test_a_second_click_on_the_same_form_records_nothing_more(client, make_risk, dir_dases):
    risk = make_risk()
    client.force_login(dir_dases)
    data = _post(risk)
    assert client.post(f"/risques/{risk.pk}/revue/", data).status_code == 302
    response = client.post(f"/risques/{risk.pk}/revue/", data)
    assert "a changé depuis" in response.text
    assert Review.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_record_one_review(make_risk, dir_dases):
    risk = make_risk()
    seen = risk.updated_at

    def click():
        try:
            return services.risk_review(
                actor=dir_dases,
                risk=risk,
                reviewed_on=timezone.localdate(),
                evaluation=EVALUATION,
                seen=seen,
            )
        except ValidationError:
            return None

    results = at_once(click, click)
    assert sum(r is not None for r in results) == 1
    assert Review.objects.count() == 1


def test_a_review_is_immutable_in_the_admin(admin_client, make_risk, dir_dases):
    risk = make_risk()
    services.risk_review(
        actor=dir_dases, risk=risk, reviewed_on=timezone.localdate(), evaluation=EVALUATION
    )
    assert admin_client.get("/admin/risks/review/").status_code == 404  # not registered


def test_a_reader_who_does_not_edit_cannot_review(client, make_risk, charge_mission):
    risk = make_risk()
    client.force_login(charge_mission)
    assert client.get(f"/risques/{risk.pk}/revue/").status_code == 403
