"""The portal's French: elision (« d'août »), decimal commas in signed changes, titles in the
person's own gender, « 0 décimale », one word for a deliberation that moved to a later sitting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from directions import policy
from indicators.models import Period
from indicators.numbers import signed_percent
from sg_portal.french import de


@pytest.mark.parametrize(
    ("word", "said"),
    [("août 2026", "d'août 2026"), ("octobre", "d'octobre"), ("novembre", "de novembre")],
)
def test_de_is_elided_before_a_vowel(word, said):
    assert de(word) == said


@pytest.mark.parametrize(
    ("start", "label"),
    [
        (dt.date(2026, 10, 16), "2de quinzaine d'octobre 2026"),
        (dt.date(2026, 8, 1), "1re quinzaine d'août 2026"),
        (dt.date(2026, 11, 1), "1re quinzaine de novembre 2026"),
    ],
)
def test_a_fortnights_label_elides_de(start, label):
    assert Period(periodicity="quinzaine", start=start, end=start).label == label


@pytest.mark.parametrize(
    ("change", "text"),
    [
        (Decimal("5.64"), "+5,6\u00a0%"),
        (Decimal("-3"), "-3,0\u00a0%"),
        (Decimal("0.01"), "0,0\u00a0%"),
    ],
)
def test_a_signed_change_has_a_decimal_comma(change, text):
    assert signed_percent(change) == text


@pytest.mark.django_db
def test_a_persons_title_is_in_their_own_gender(client, cast, dir_dases):
    dir_dases.job_title = "Directrice — Direction de l'action sociale"
    dir_dases.save(update_fields=["job_title"])
    assert policy.role_title(dir_dases) == "Directrice"
    assert policy.role_title(cast["adjoint.demo"]) == "Secrétaire générale adjointe"
    assert policy.role_title(cast["adjoint.espace"]) == "Secrétaire général adjoint"
    assert policy.role_title(cast["cm.demo"]) == "Chargé de mission"
    client.force_login(dir_dases)
    html = client.get("/").content.decode()
    assert "Directrice · DASES" in html and "Directeur·rice" not in html


@pytest.mark.django_db
def test_without_a_job_title_the_inclusive_label_stays(cast, dir_dases):
    dir_dases.job_title = ""
    assert policy.role_title(dir_dases) == "Directeur·rice"


@pytest.mark.django_db
def test_an_integer_indicator_says_0_decimale(client, sg_user, shelter):
    client.force_login(sg_user)
    html = client.get(reverse("indicators:indicator", args=[shelter.code])).content.decode()
    assert "0 décimale" in html and "0 décimales" not in html
