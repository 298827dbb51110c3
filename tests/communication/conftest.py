from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from communication import services
from communication.models import Announcement, Audience, Session


def make_announcement(author, title: str = "Une annonce", **data) -> Announcement:
    directions = data.pop("directions", [])
    data.setdefault("body", "Le texte de l'annonce.")
    data.setdefault("publish_at", timezone.now() - dt.timedelta(hours=1))
    return services.announcement_create(
        actor=author, data={"title": title, **data}, directions=directions
    )


def make_session(organiser, title: str = "Une séance", *, days: int = 10, **data) -> Session:
    now = timezone.now()
    starts = now + dt.timedelta(days=days)
    values = {
        "title": title,
        "starts_at": starts,
        "duration_minutes": 90,
        "room": "Auditorium de l'Hôtel de Ville",
        "capacity": 100,
        "audience": Audience.CADRES,
        "registration_opens_at": now - dt.timedelta(days=1),
        "registration_closes_at": starts - dt.timedelta(hours=1),
    }
    values.update(data)
    directions = values.pop("directions", [])
    return services.session_create(actor=organiser, data=values, directions=directions)


@pytest.fixture
def announcement(sg_user) -> Announcement:
    return make_announcement(
        sg_user, "Charte de l'encadrement", asks_relay=True, asks_acknowledgement=True
    )


@pytest.fixture
def session(sg_user) -> Session:
    return make_session(sg_user, "L'IA dans les services", capacity=2)
