"""The yearly campaign: a direction starts the year's map from last year's, sees what is new,
changed and closed; the SG follows which directions have finished."""

from __future__ import annotations

import pytest
from django.utils import timezone

from risks import services
from risks.models import Campaign
from tests.risks.conftest import EVALUATION

pytestmark = pytest.mark.django_db


def test_a_direction_starts_its_year_and_sees_what_moved(client, make_risk, dir_dases, dases):
    kept = make_risk(title="Stable")
    worse = make_risk(title="Aggravé")
    gone = make_risk(title="Disparu")
    year = timezone.localdate().year
    client.force_login(dir_dases)
    response = client.post(f"/risques/campagne/{year}/", {"direction": dases.pk, "action": "start"})
    assert response.status_code == 302
    assert Campaign.objects.get().baseline.keys() == {str(kept.pk), str(worse.pk), str(gone.pk)}
    services.risk_review(
        actor=dir_dases,
        risk=worse,
        reviewed_on=timezone.localdate(),
        evaluation={**EVALUATION, "net_probability": 3},
        changes="Plus probable",
    )
    services.risk_close(actor=dir_dases, risk=gone, reason="Prestataire remplacé")
    make_risk(title="Nouveau cette année")
    page = client.get(f"/risques/campagne/{year}/").text
    assert "Nouveaux (1)" in page and "Nouveau cette année" in page
    assert "Modifiés (1)" in page and "net élevé → critique" in page
    assert "Clos (1)" in page and "Disparu" in page
    client.post(f"/risques/campagne/{year}/", {"direction": dases.pk, "action": "finish"})
    assert Campaign.objects.get().status == "terminee"


def test_the_sg_follows_every_direction_and_a_director_only_theirs(client, sg_user, dir_drh, dases):
    year = timezone.localdate().year
    services.campaign_start(actor=sg_user, direction_id=dases.pk, year=year)
    client.force_login(sg_user)
    page = client.get(f"/risques/campagne/{year}/").text
    assert "Suivi par direction" in page and "DRH" in page and "En cours" in page
    client.force_login(dir_drh)
    page = client.get(f"/risques/campagne/{year}/").text
    assert "Suivi par direction" not in page and "DRH — Non commencée" in page
    response = client.post(
        f"/risques/campagne/{year}/", {"direction": dases.pk, "action": "finish"}
    )
    assert response.status_code == 403


def test_someone_without_a_direction_has_no_campaign_page(client, cadre):
    client.force_login(cadre)
    assert client.get("/risques/campagne/").status_code == 404
