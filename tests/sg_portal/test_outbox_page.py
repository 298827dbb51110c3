"""`/envois/`: every email for administrators and the SG's staff, filters, and "renvoyer"."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from directions.models import User
from sg_portal.journal.selectors import journal_of
from sg_portal.journal.sentences import lines as journal_lines
from sg_portal.outbox.models import Email, EmailState
from sg_portal.outbox.services import email_retry
from tests.sg_portal.outbox_helpers import eager_tasks, queue

pytestmark = pytest.mark.django_db

URL = "/envois/"


def person(role: str, username: str | None = None) -> User:
    return User.objects.create_user(username or role, password="x", role=role)


@pytest.fixture
def admin() -> User:
    return person(User.Role.ADMINISTRATEUR)


@pytest.fixture
def emails() -> list[Email]:
    sent = queue(key="tests.demo:sent", subject="Rapport DASES attendu")
    failed = queue(key="tests.other:failed", purpose="tests.other", subject="Ordre du jour du CDS")
    waiting = queue(key="tests.demo:waiting", subject="Relance DRH")
    Email.objects.filter(pk=sent.pk).update(
        state=EmailState.SENT, attempts=1, sent_at=timezone.now()
    )
    Email.objects.filter(pk=failed.pk).update(
        state=EmailState.FAILED,
        attempts=1,
        failed_at=timezone.now(),
        last_error="Adresse invalide : « pas une adresse ».",
    )
    return [sent, failed, waiting]


def test_the_page_shows_every_email_with_its_state_attempts_and_reason(client, admin, emails):
    client.force_login(admin)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for subject in ["Rapport DASES attendu", "Ordre du jour du CDS", "Relance DRH"]:
        assert subject in html
    assert "dir.dases@paris.fr" in html
    assert 'badge badge--bad">Échec' in html
    assert 'badge badge--ok">Envoyé' in html
    assert "Adresse invalide : « pas une adresse »." in html
    assert "3 envois" in html


@pytest.mark.parametrize(
    "role",
    [
        User.Role.ADMINISTRATEUR,
        User.Role.SECRETAIRE_GENERALE,
        User.Role.SG_DELEGUE,
        User.Role.SG_ADJOINT,
    ],
)
def test_administrators_and_sg_staff_open_the_page_and_find_it_in_the_navigation(
    client, role, emails
):
    client.force_login(person(role))
    response = client.get(URL)
    assert response.status_code == 200
    assert f'href="{URL}" aria-current="page">Envois</a>' in response.content.decode()


@pytest.mark.parametrize(
    "role",
    [
        User.Role.DIRECTEUR,
        User.Role.REFERENT,
        User.Role.CHARGE_MISSION,
        User.Role.CHEF_PROJET,
        User.Role.CADRE_SUPERIEUR,
    ],
)
def test_other_roles_get_a_404_and_no_link(client, role, emails):
    someone = person(role)
    client.force_login(someone)
    assert client.get(URL).status_code == 404
    assert f'href="{URL}"' not in client.get("/").content.decode()
    failed = emails[1]
    assert client.post(reverse("outbox:resend", args=[failed.pk])).status_code == 404


def test_an_inactive_administrator_sees_nothing(client, admin):
    admin.is_active = False
    admin.save()
    client.force_login(admin)
    assert client.get(URL).status_code in {302, 404}


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")


def test_filters_by_purpose_and_state_work_without_javascript(client, admin, emails):
    client.force_login(admin)
    html = client.get(URL, {"etat": "failed"}).content.decode()
    assert "Ordre du jour du CDS" in html
    assert "Rapport DASES attendu" not in html
    assert "1 envoi correspondant aux filtres" in html

    html = client.get(URL, {"objet": "tests.demo"}).content.decode()
    assert "Rapport DASES attendu" in html and "Relance DRH" in html
    assert "Ordre du jour du CDS" not in html

    html = client.get(URL, {"objet": "tests.demo", "etat": "queued"}).content.decode()
    assert "Relance DRH" in html and "Rapport DASES attendu" not in html


def test_an_unknown_filter_value_is_ignored(client, admin, emails):
    client.force_login(admin)
    response = client.get(URL, {"etat": "n'importe quoi", "objet": "<script>"})
    assert response.status_code == 200
    assert "3 envois" in response.content.decode()


def test_an_htmx_request_gets_only_the_results(client, admin, emails):
    client.force_login(admin)
    response = client.get(URL, {"etat": "sent"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "Rapport DASES attendu" in html and "Relance DRH" not in html


def test_the_page_is_paginated(client, admin):
    for i in range(60):
        queue(key=f"tests.demo:{i}", subject=f"Envoi numéro {i}")
    client.force_login(admin)
    first = client.get(URL).content.decode()
    assert "Page 1 sur 2" in first
    assert "Envoi numéro 59" in first and "Envoi numéro 0<" not in first
    second = client.get(URL, {"page": 2, "objet": "tests.demo"}).content.decode()
    assert "Envoi numéro 0<" in second
    assert "objet=tests.demo&amp;page=1" in second


def test_listing_costs_the_same_queries_for_ten_or_fifty_rows(
    client, admin, django_assert_max_num_queries
):
    for i in range(50):
        queue(key=f"tests.demo:{i}", subject=f"Envoi {i}", cc=["adjoint.demo@paris.fr"])
    client.force_login(admin)
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert response.content.decode().count('<tr id="envoi-') == 50


def test_an_administrator_sends_a_failed_email_again(
    client, admin, emails, mailoutbox, django_capture_on_commit_callbacks
):
    failed = emails[1]
    client.force_login(admin)
    html = client.get(URL).content.decode()
    assert reverse("outbox:resend", args=[failed.pk]) in html
    Email.objects.filter(pk=failed.pk).update(to=["cds@paris.fr"])  # the address was corrected
    with eager_tasks(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outbox:resend", args=[failed.pk]), {"next": "?etat=failed"})
    assert response.status_code == 302
    assert response["Location"] == "/envois/?etat=failed"
    failed.refresh_from_db()
    assert failed.state == EmailState.SENT
    assert [m.to for m in mailoutbox] == [["cds@paris.fr"]]
    [entry] = journal_of(failed)
    assert (entry.actor, entry.action) == (admin, "outbox.email.resend")
    assert entry.before["state"] == EmailState.FAILED


def test_the_resend_reads_as_a_sentence_in_the_journal(admin, emails):
    failed = emails[1]
    assert email_retry(email=failed, actor=admin)
    [line] = journal_lines(journal_of(failed))
    assert line.text.startswith("a renvoyé un email en échec")


def test_sending_again_an_email_that_is_not_failed_changes_nothing(client, admin, emails):
    sent = emails[0]
    client.force_login(admin)
    response = client.post(reverse("outbox:resend", args=[sent.pk]), follow=True)
    assert "plus en échec : il n&#x27;a pas été remis en file" in response.content.decode()
    sent.refresh_from_db()
    assert sent.state == EmailState.SENT
    assert not journal_of(sent)


def test_sg_staff_read_the_page_but_cannot_send_again(client, emails):
    client.force_login(person(User.Role.SECRETAIRE_GENERALE))
    html = client.get(URL).content.decode()
    assert "Renvoyer" not in html
    failed = emails[1]
    assert client.post(reverse("outbox:resend", args=[failed.pk])).status_code == 404
    failed.refresh_from_db()
    assert failed.state == EmailState.FAILED


def test_purposes_show_the_french_label_their_app_gives_them(client, admin):
    queue(key="indicators.reminder:1:retard", purpose="indicators.reminder")
    client.force_login(admin)
    html = client.get(URL).content.decode()
    assert "<td>Rappel de rapport</td>" in html
    assert '<option value="indicators.reminder">Rappel de rapport</option>' in html
