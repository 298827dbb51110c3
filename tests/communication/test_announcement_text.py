"""The text of an announcement: never raw HTML on the page, bad input refused in French next to
its field with nothing typed lost, every version kept."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from communication import services
from communication.models import Announcement, AnnouncementVersion
from sg_portal.journal.models import Entry

from .conftest import make_announcement

pytestmark = pytest.mark.django_db

HOSTILE = (
    'Bonjour <script>alert(\'x\')</script> <b style="color:red" onclick="x()">gras</b>\n\n'
    "[clic](javascript:alert(1)) <img src=x onerror=alert(1)> ![i](https://ailleurs.example/x.png)"
)


@pytest.mark.parametrize("text_format", ["plain", "markdown"])
def test_no_html_of_the_writer_reaches_the_page(client, sg_user, cadre, text_format):
    # Written past the form (an import, the admin): the page still escapes it.
    item = make_announcement(sg_user, "Texte piégé", body=HOSTILE, body_format=text_format)
    client.force_login(cadre)
    page = client.get(reverse("communication:announcement", args=[item.pk])).content.decode()
    body = page.split('<div class="comm-body">', 1)[1].split("</div>", 1)[0]
    tags = set(re.findall(r"<\s*([a-zA-Z]+)", body))
    assert tags <= {"p", "br", "a"}, tags
    assert not re.search(r"<[^>]*\son\w+=", body)  # no event handler inside a tag
    assert "javascript:" not in "".join(re.findall(r'href="([^"]*)"', body))
    assert "&lt;script&gt;" in body


def test_markdown_draws_titles_lists_and_safe_links(client, sg_user, cadre):
    item = make_announcement(
        sg_user,
        "Markdown",
        body="## Étapes\n\n1. **Cadrage**\n2. [La note](https://intranet.paris.fr/note)",
        body_format="markdown",
    )
    client.force_login(cadre)
    page = client.get(reverse("communication:announcement", args=[item.pk])).content.decode()
    assert "<h2>Étapes</h2>" in page
    assert "<strong>Cadrage</strong>" in page
    assert '<a href="https://intranet.paris.fr/note">La note</a>' in page


def _post(client, **fields):
    data = {
        "title": "Une annonce",
        "lead": "",
        "body": "Un texte.",
        "body_format": "plain",
        "category": "information",
        "signature": "secretaire_generale",
        "audience": "cadres",
        "publish_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }
    data.update(fields)
    return client.post(reverse("communication:announcement_create"), data)


def test_a_body_with_script_or_styles_is_refused_next_to_the_field_and_kept(client, sg_user):
    client.force_login(sg_user)
    typed = 'Voir <span style="color:red">ceci</span> et la suite du texte.'
    response = _post(client, body=typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert "ne peut pas contenir de HTML" in page
    assert 'id="id_body_error"' in page
    assert "la suite du texte" in page  # what was typed is still in the textarea
    assert not Announcement.objects.exists()


def test_a_200000_character_text_is_refused_in_french(client, sg_user):
    client.force_login(sg_user)
    response = _post(client, body="a" * 200_000)
    page = response.content.decode()
    assert "20\u202f000 caractères au plus : vous en avez saisi 200\u202f000" in page
    assert not Announcement.objects.exists()


def test_a_single_line_field_refuses_a_line_break(client, sg_user):
    client.force_login(sg_user)
    page = _post(client, title="Deux\nlignes").content.decode()
    assert "tient sur une ligne" in page
    assert not Announcement.objects.exists()


def test_an_audience_of_a_pole_needs_the_pole(client, sg_user):
    client.force_login(sg_user)
    page = _post(client, audience="pole").content.decode()
    assert "Choisissez le pôle" in page


def test_the_form_publishes_an_announcement(client, sg_user):
    client.force_login(sg_user)
    response = _post(
        client, title="Publiée tout de suite", body="Un texte\n\nsur deux paragraphes."
    )
    item = Announcement.objects.get()
    assert response.status_code == 302
    assert item.is_published and item.version == 1 and item.author == sg_user


def test_every_version_of_the_text_is_kept_and_journalled(client, sg_user, delegue):
    item = make_announcement(sg_user, "Première rédaction", body="Premier texte.")
    data = {name: getattr(item, name) for name in services.ANNOUNCEMENT_FIELDS}
    services.announcement_update(
        actor=delegue, announcement=item, data=data | {"pinned_until": None}
    )
    item.refresh_from_db()
    assert item.version == 1  # nothing of the text changed: no new version
    services.announcement_update(
        actor=delegue, announcement=item, data=data | {"body": "Texte corrigé."}
    )
    item.refresh_from_db()
    assert item.version == 2
    versions = list(AnnouncementVersion.objects.filter(announcement=item).order_by("number"))
    assert [(v.number, v.body, v.edited_by) for v in versions] == [
        (1, "Premier texte.", sg_user),
        (2, "Texte corrigé.", delegue),
    ]
    actions = list(
        Entry.objects.filter(object_id=item.pk, action__startswith="communication.announcement")
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions[0] == "communication.announcement.create"
    assert actions[-1] == "communication.announcement.update"
    client.force_login(sg_user)
    page = client.get(reverse("communication:announcement", args=[item.pk])).content.decode()
    assert "Version 1" in page and "Premier texte." in page and "Version 2" in page
