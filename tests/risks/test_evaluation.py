"""Brut → maîtrise → net → cible on the versioned matrix; bad input refused in French."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from risks import services
from risks.models import Matrix, Risk
from tests.risks.conftest import EVALUATION

pytestmark = pytest.mark.django_db


def test_the_default_matrix_is_four_by_four_in_french():
    matrix = Matrix.objects.get(is_current=True)
    assert matrix.probability_labels == ["Peu probable", "Possible", "Probable", "Quasi certain"]
    assert matrix.impact_labels == ["Mineur", "Significatif", "Majeur", "Critique"]
    assert matrix.level(4, 4) == "critique" and matrix.level(1, 1) == "faible"


def test_a_risk_stores_its_three_levels_and_the_matrix_version_it_used(make_risk):
    risk = make_risk()
    assert (risk.gross_level, risk.net_level, risk.target_level) == ("critique", "eleve", "faible")
    assert risk.matrix.version == 1


def test_a_new_matrix_never_rewrites_an_evaluation(make_risk):
    risk = make_risk()
    old = Matrix.objects.get(is_current=True)
    Matrix.objects.filter(pk=old.pk).update(is_current=False)
    Matrix.objects.create(
        version=2,
        probability_labels=old.probability_labels,
        impact_labels=old.impact_labels,
        grid=[["critique"] * 4] * 4,
        colours=old.colours,
        is_current=True,
    )
    risk.refresh_from_db()
    assert risk.matrix.version == 1 and risk.net_level == "eleve"
    assert make_risk().net_level == "critique"  # new evaluations use the new version


def test_a_probability_outside_the_matrix_is_refused_on_its_field(make_risk):
    with pytest.raises(ValidationError) as refused:
        make_risk(gross_probability=7)
    assert refused.value.message_dict == {
        "gross_probability": ["Choisissez une probabilité de 1 à 4."]
    }


def test_a_net_level_above_the_gross_one_is_refused(make_risk):
    with pytest.raises(ValidationError) as refused:
        make_risk(gross_probability=1, gross_impact=1)
    assert "ne peut dépasser le risque brut" in refused.value.message_dict["net_impact"][0]


def test_the_owner_is_mandatory(client, dir_dases):
    client.force_login(dir_dases)
    response = client.post(
        "/risques/nouveau/", {"title": "Sans propriétaire", "scope": "direction"}
    )
    assert "Nommez le ou la propriétaire du risque." in response.text
    assert 'value="Sans propriétaire"' in response.text  # nothing typed is lost
    assert not Risk.objects.exists()


def test_a_director_records_a_risk_in_the_browser_form(client, dir_dases, dases, adjoint):
    client.force_login(dir_dases)
    post = {
        "title": "Rupture d'hébergement d'urgence",
        "description": "Saturation des places.",
        "category": "continuite",
        "scope": "direction",
        "direction": dases.pk,
        "owner": dir_dases.pk,
        "reviewer": adjoint.pk,
        **{k: str(v) for k, v in EVALUATION.items()},
    }
    response = client.post("/risques/nouveau/", post)
    risk = Risk.objects.get()
    assert response.status_code == 302 and response["Location"] == risk.get_absolute_url()
    assert risk.pole == dases.pole and risk.net_level == "eleve"
    page = client.get(risk.get_absolute_url()).text
    assert "hébergement d" in page and "a enregistré le risque" in page


def test_a_probability_outside_the_matrix_in_the_form_keeps_what_was_typed(
    client, dir_dases, dases
):
    client.force_login(dir_dases)
    post = {
        "title": "Titre gardé",
        "description": "Description gardée",
        "category": "rh",
        "scope": "direction",
        "direction": dases.pk,
        "owner": dir_dases.pk,
        **{k: str(v) for k, v in EVALUATION.items()},
        "gross_probability": "9",
    }
    response = client.post("/risques/nouveau/", post)
    assert response.status_code == 200
    assert "Choisissez une probabilité de 1 à 4." in response.text
    assert 'value="Titre gardé"' in response.text and "Description gardée" in response.text


def test_a_title_on_two_lines_is_refused(client, dir_dases, dases):
    client.force_login(dir_dases)
    response = client.post(
        "/risques/nouveau/", {"title": "Deux\nlignes", "scope": "direction", "direction": dases.pk}
    )
    assert "Ce champ tient sur une ligne" in response.text


def test_a_director_cannot_record_a_risk_on_another_direction(client, dir_dases, drh):
    client.force_login(dir_dases)
    post = {
        "title": "Chez les voisins",
        "description": "x",
        "category": "rh",
        "scope": "direction",
        "direction": drh.pk,
        "owner": dir_dases.pk,
        **{k: str(v) for k, v in EVALUATION.items()},
    }
    response = client.post("/risques/nouveau/", post)
    assert response.status_code == 200 and not Risk.objects.exists()


def test_the_service_evaluates_without_a_view(cast, dases):
    risk = services.risk_create(
        actor=cast["sg.demo"],
        data={
            "title": "t",
            "description": "d",
            "category": "probite",
            "scope": "ville",
            "owner": cast["sg.demo"],
            **EVALUATION,
        },
    )
    assert risk.pole is None and risk.scope_label == "Ville de Paris"
