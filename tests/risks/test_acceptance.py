"""Acceptance by the authority the net level requires; it freezes the state it applied to."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from risks import reminders, services
from risks.models import Acceptance, Risk
from sg_portal.outbox.models import Email
from tests.risks.conftest import EVALUATION

pytestmark = pytest.mark.django_db


def _accept(client, risk, **data):
    post = {
        "justification": "Coût du contrôle disproportionné.",
        "expires_on": (timezone.localdate() + dt.timedelta(days=200)).isoformat(),
        "seen": risk.updated_at.isoformat(),
        **data,
    }
    return client.post(f"/risques/{risk.pk}/acceptation/", post)


@pytest.mark.parametrize(
    ("username", "net", "allowed"),
    [
        ("dir.dases", (2, 3), True),  # modéré: the director
        ("dir.dases", (2, 4), False),  # élevé: not the director
        ("adjoint.demo", (2, 4), True),  # élevé: the pôle's adjointe
        ("adjoint.espace", (2, 4), False),  # another pôle
        ("adjoint.demo", (3, 4), False),  # critique: the Secrétaire générale only
        ("sg.demo", (3, 4), True),
        ("cm.demo", (2, 3), False),
    ],
)
def test_acceptance_follows_the_authority_the_level_requires(
    client, cast, make_risk, username, net, allowed
):
    risk = make_risk(
        category="probite",
        gross_probability=4,
        gross_impact=4,
        net_probability=net[0],
        net_impact=net[1],
    )
    client.force_login(cast[username])
    response = _accept(client, risk)
    assert (response.status_code == 302) == allowed, response.status_code
    assert Acceptance.objects.exists() == allowed


def test_a_justification_is_required_and_nothing_typed_is_lost(client, sg_user, make_risk):
    risk = make_risk()
    client.force_login(sg_user)
    response = _accept(client, risk, justification="", expires_on="2031-01-01")
    assert (
        "Justifiez l&#x27;acceptation" in response.text
        or "Justifiez l'acceptation" in response.text
    )
    assert 'value="2031-01-01"' in response.text and not Acceptance.objects.exists()


def test_an_acceptance_freezes_the_state_and_a_material_change_voids_it(client, sg_user, make_risk):
    risk = make_risk()
    client.force_login(sg_user)
    assert _accept(client, risk).status_code == 302
    risk.refresh_from_db()
    acceptance = risk.acceptance
    assert acceptance.snapshot["net_level"] == "eleve" and acceptance.applies(
        risk, timezone.localdate()
    )
    assert "Accepté" in client.get(risk.get_absolute_url()).text
    services.risk_review(
        actor=sg_user,
        risk=risk,
        reviewed_on=timezone.localdate(),
        evaluation={**EVALUATION, "net_probability": 3},
        changes="Aggravation",
    )
    risk.refresh_from_db()
    assert risk.acceptance is None  # the new state asks for a new acceptance
    assert Acceptance.objects.get().snapshot["net_level"] == "eleve"  # the record stays


def test_an_expired_acceptance_reopens_the_risk_once(sg_user, make_risk):
    risk = make_risk()
    today = timezone.localdate()
    services.risk_accept(
        actor=sg_user, risk=risk, justification="ok", expires_on=today + dt.timedelta(days=10)
    )
    later = today + dt.timedelta(days=11)
    assert reminders.acceptances_expire(today=later) == 1
    assert reminders.acceptances_expire(today=later) == 0
    risk.refresh_from_db()
    assert risk.acceptance is None and "échue" in risk.review_flag
    assert list(
        Email.objects.filter(purpose="risks.acceptance_expired").values_list("subject", flat=True)
    ) == [f"Acceptation échue : {risk.title}"]


def test_an_accepted_risk_is_not_escalated(sg_user, make_risk):
    risk = make_risk()
    services.risk_accept(
        actor=sg_user,
        risk=risk,
        justification="ok",
        expires_on=timezone.localdate() + dt.timedelta(days=100),
    )
    assert reminders.tolerance_escalate(today=timezone.localdate()) == 0
    assert Risk.objects.get().escalation == ""
