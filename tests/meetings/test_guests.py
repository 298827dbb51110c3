"""The guests invited to a meeting: one per line, bounded, refused next to the field when too long."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_huge_list_of_guests_is_refused_next_to_the_field_and_kept(
    client, next_cds, cds, charge_mission
):
    cds.preparers.add(charge_mission)
    client.force_login(charge_mission)
    response = client.post(reverse("meetings:guests", args=[next_cds.pk]), {"guests": "x" * 5000})
    assert response.status_code == 422
    assert (
        "2\u202f000 caractères au plus : vous en avez saisi 5\u202f000" in response.content.decode()
    )
    next_cds.refresh_from_db()
    assert next_cds.invited_guests == ""
    response = client.post(
        reverse("meetings:guests", args=[next_cds.pk]),
        {"guests": "  Dr Anne Leclerc, ARS  \n\n M. Paul Roux, RATP"},
    )
    assert response.status_code == 302
    next_cds.refresh_from_db()
    assert next_cds.guests == ["Dr Anne Leclerc, ARS", "M. Paul Roux, RATP"]
