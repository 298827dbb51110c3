"""The private calendar address: shown once, kept only as a hash, so a copy of the database
does not open anybody's feed."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from meetings import services
from meetings.models import CalendarToken

pytestmark = pytest.mark.django_db

FEED_ADDRESS = re.compile(r"/reunions/abonnement/[\w-]+\.ics")


def _secret_of(page) -> str:
    return page.context["feed_url"].rsplit("/", 1)[1].removesuffix(".ics")


def test_the_database_keeps_only_the_hash_of_the_feed_secret(dir_dases):
    secret = services.calendar_token_regenerate(user=dir_dases)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM meetings_calendartoken")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert secret not in stored
    assert hashlib.sha256(secret.encode()).hexdigest() in stored


def test_the_feed_address_is_shown_once_when_it_is_made(client, dir_dases):
    client.force_login(dir_dases)
    before = client.get(reverse("meetings:list")).content.decode()
    assert "Créer mon adresse d'abonnement" in before and not FEED_ADDRESS.search(before)

    made = client.post(reverse("meetings:feed_regenerate"))
    assert made.status_code == 200
    secret = _secret_of(made)
    assert f"/reunions/abonnement/{secret}.ics" in made.content.decode()
    assert "no-store" in made["Cache-Control"]

    after = client.get(reverse("meetings:list")).content.decode()
    assert secret not in after and not FEED_ADDRESS.search(after)
    assert "Votre adresse d'abonnement a été créée le" in after
    client.logout()
    assert client.get(reverse("meetings:feed", args=[secret])).status_code == 200


BEFORE = [("meetings", "0002_emails_to_outbox")]
AFTER = [("meetings", "0003_calendar_tokens_hashed")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_the_feed_addresses_given_before_the_upgrade_keep_working(client):
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    try:
        User = old.get_model("directions", "User")
        OldToken = old.get_model("meetings", "CalendarToken")
        owner = User.objects.create(username="dir.abonne", email="dir.abonne@paris.fr")
        secret = "ancien-secret-donne-a-outlook-0123456789abcdef"
        OldToken.objects.create(user=owner, token=secret)
    finally:
        _migrate(AFTER)
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    row = CalendarToken.objects.get(user__username="dir.abonne")
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert client.get(reverse("meetings:feed", args=[secret])).status_code == 200
    assert client.get(reverse("meetings:feed", args=[secret + "x"])).status_code == 404
