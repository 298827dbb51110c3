"""A seat at an auditorium session is a dated item of « moi »: on the home page by urgency and
in the personal calendar."""

from __future__ import annotations

import pytest
from django.utils import timezone

from communication.horizons import dated_items
from communication.models import Registration
from sg_portal.horizons import Scope, resolved

pytestmark = pytest.mark.django_db


def test_a_seat_is_a_dated_item_of_mine_only(session, cadre, dir_dases):
    Registration.objects.create(session=session, user=cadre, status=Registration.Status.REGISTERED)
    today = timezone.localdate()
    [item] = resolved(dated_items(cadre, today, Scope.ME))
    assert item.title.startswith("L'IA dans les services")
    assert item.url == f"/auditorium/{session.pk}/"
    assert resolved(dated_items(cadre, today, Scope.SG)) == []
    assert resolved(dated_items(dir_dases, today, Scope.ME)) == []
