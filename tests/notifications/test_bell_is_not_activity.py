"""The bell polls every 30 s: that must not keep a session alive past its inactivity limit."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_polling_the_bell_neither_saves_the_session_nor_renews_its_cookie(client):
    client.force_login(make_user("bell.reader"))
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    before = Session.objects.get(session_key=key).expire_date
    response = client.get(reverse("notifications:bell"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert Session.objects.get(session_key=key).expire_date == before
    assert "Cookie" in response["Vary"]
    # a page the person opens is activity, as before
    assert settings.SESSION_COOKIE_NAME in client.get("/").cookies


def test_after_the_session_expired_the_bell_answers_nothing_to_swap(client):
    response = client.get(reverse("notifications:bell"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response.content == b""
