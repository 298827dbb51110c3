import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from meetings import services, tasks
from meetings.models import AgendaItem, Meeting
from meetings.selectors import body_members
from sg_portal.journal.models import Entry
from sg_portal.outbox.delivery import outbox_sweep
from sg_portal.outbox.models import Email, EmailState

from .conftest import add_item, make_meeting

pytestmark = pytest.mark.django_db


def _sweep_later() -> dict:
    """The outbox's sweep, run once the after-commit task had its chance."""
    return outbox_sweep(now=timezone.now() + dt.timedelta(minutes=2))


def test_publishing_emails_each_member_once_with_the_agenda_and_the_ics(
    client, next_cds, charge_mission, mailoutbox, eager_celery, django_capture_on_commit_callbacks
):
    add_item(next_cds, "Plan grand froid", minutes=20)
    client.force_login(charge_mission)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:publish", args=[next_cds.pk]), follow=True)
    assert "L&#x27;ordre du jour est publié" in response.content.decode()
    members = list(body_members(next_cds.body).exclude(email=""))
    assert {"dir.dases", "dir.drh", "dir.dvd", "sg.demo"} <= {u.username for u in members}
    assert len(mailoutbox) == len(members)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in members)
    message = mailoutbox[0]
    assert message.subject.startswith("Ordre du jour — Comité de direction des services")
    assert "Plan grand froid" in message.body
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in content
    next_cds.refresh_from_db()
    assert next_cds.is_published
    assert Entry.objects.filter(object_id=next_cds.pk, action="meetings.agenda.publish").exists()
    emails = Email.objects.filter(purpose="meetings.agenda")
    assert emails.count() == len(members)
    assert set(emails.values_list("state", flat=True)) == {EmailState.SENT}
    assert _sweep_later()["sent"] == 0  # nothing left for the sweep


def test_the_agenda_is_queued_in_the_transaction_of_the_publication(
    next_cds, charge_mission, mailoutbox, django_capture_on_commit_callbacks
):
    add_item(next_cds, "Plan grand froid")  # an empty agenda is not published
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.meeting_publish_agenda(meeting=next_cds, actor=charge_mission)
    members = body_members(next_cds.body).exclude(email="").count()
    # one row per member, written with the publication; each handed to a worker after commit
    assert Email.objects.filter(purpose="meetings.agenda", state=EmailState.QUEUED).count() == (
        members
    )
    assert len(callbacks) == members
    assert mailoutbox == []
    key = f"meetings.agenda:{next_cds.pk}:{next_cds.sequence}:"
    assert Email.objects.filter(key__startswith=key).count() == members


def test_a_second_click_and_a_retried_task_send_nothing_twice(
    next_cds, charge_mission, mailoutbox, django_capture_on_commit_callbacks
):
    add_item(next_cds, "Plan grand froid")  # an empty agenda is not published
    with django_capture_on_commit_callbacks(execute=False):
        assert services.meeting_publish_agenda(meeting=next_cds, actor=charge_mission)
        assert not services.meeting_publish_agenda(meeting=next_cds, actor=charge_mission)
        next_cds.refresh_from_db()
        tasks.send_agenda.run(next_cds.pk)
    members = body_members(next_cds.body).exclude(email="").count()
    assert Email.objects.filter(purpose="meetings.agenda").count() == members
    assert _sweep_later()["sent"] == members
    assert _sweep_later()["sent"] == 0
    assert len(mailoutbox) == members


def test_a_new_version_of_a_published_agenda_is_sent_again(
    next_cds, charge_mission, mailoutbox, django_capture_on_commit_callbacks
):
    add_item(next_cds, "Plan grand froid")  # an empty agenda is not published
    with django_capture_on_commit_callbacks(execute=False):
        services.meeting_publish_agenda(meeting=next_cds, actor=charge_mission)
    members = body_members(next_cds.body).exclude(email="").count()
    _sweep_later()
    Meeting.objects.filter(pk=next_cds.pk).update(sequence=next_cds.sequence + 1)
    next_cds.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False):
        assert services.agenda_emails_queue(meeting=next_cds) == members
        assert services.agenda_emails_queue(meeting=next_cds) == members  # same version: no more
    assert Email.objects.filter(purpose="meetings.agenda").count() == 2 * members
    _sweep_later()
    assert len(mailoutbox) == 2 * members


@pytest.mark.django_db(transaction=True)
def test_two_clicks_racing_publish_and_queue_the_agenda_once(cds, charge_mission):
    meeting = make_meeting(cds, days=7)
    add_item(meeting, "Plan grand froid")
    barrier = threading.Barrier(2)
    results = []

    def click():
        try:
            barrier.wait()
            results.append(services.meeting_publish_agenda(meeting=meeting, actor=charge_mission))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    members = body_members(cds).exclude(email="").count()
    assert Email.objects.filter(purpose="meetings.agenda").count() == members


def test_a_draft_or_cancelled_agenda_is_never_emailed(next_cds, mailoutbox):
    assert services.agenda_emails_queue(meeting=next_cds) == 0
    Meeting.objects.filter(pk=next_cds.pk).update(
        agenda_status=Meeting.AgendaStatus.PUBLISHED, status=Meeting.Status.CANCELLED
    )
    next_cds.refresh_from_db()
    assert services.agenda_emails_queue(meeting=next_cds) == 0
    assert tasks.send_agenda.run(next_cds.pk) == 0
    assert not Email.objects.exists()
    assert mailoutbox == []


def test_only_a_preparer_may_publish(client, next_cds, dir_dases, adjoint):
    for user in (dir_dases, adjoint):
        client.force_login(user)
        assert client.post(reverse("meetings:publish", args=[next_cds.pk])).status_code == 403
    next_cds.refresh_from_db()
    assert not next_cds.is_published
    assert not Email.objects.exists()


def test_the_meeting_page_shows_its_preparer_who_the_agenda_was_sent_to(
    client, next_cds, charge_mission, sg_user, dir_dases, django_capture_on_commit_callbacks
):
    add_item(next_cds, "Plan grand froid")  # an empty agenda is not published
    with django_capture_on_commit_callbacks(execute=False):
        services.meeting_publish_agenda(meeting=next_cds, actor=charge_mission)
    first = Email.objects.filter(purpose="meetings.agenda").order_by("pk").first()
    Email.objects.filter(pk=first.pk).update(
        state=EmailState.FAILED, last_error="Adresse invalide : « x ».", attempts=1
    )
    _sweep_later()
    members = body_members(next_cds.body).exclude(email="")
    client.force_login(charge_mission)
    html = client.get(reverse("meetings:detail", args=[next_cds.pk])).content.decode()
    assert "Envoi de l'ordre du jour" in html
    assert f"Adressé à {members.count()} membres" in html
    assert f"{members.count() - 1} envoyés, 1 en échec." in html
    mailing = html.split('id="envois"')[1].split("</section>")[0]
    assert str(dir_dases) in mailing
    assert mailing.index("Échec</span>") < mailing.index("Envoyé</span>")  # failures first
    assert html.count('badge--ok">Envoyé</span>') == members.count() - 1
    assert "Adresse invalide" in html
    assert "Tous les envois d" not in html  # /envois/ is for the SG's staff and administrators
    client.force_login(sg_user)
    html = client.get(reverse("meetings:detail", args=[next_cds.pk])).content.decode()
    assert 'id="envois"' in html and "?objet=meetings.agenda" in html
    client.force_login(dir_dases)  # a member reads the agenda, not who received it
    html = client.get(reverse("meetings:detail", args=[next_cds.pk])).content.decode()
    assert 'id="envois"' not in html


def test_the_meeting_page_lists_the_agenda_emails_in_a_fixed_number_of_queries(
    client,
    next_cds,
    charge_mission,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    add_item(next_cds, "Plan grand froid")  # an empty agenda is not published
    with django_capture_on_commit_callbacks(execute=False):
        services.meeting_publish_agenda(meeting=next_cds, actor=charge_mission)
    client.force_login(charge_mission)
    url = reverse("meetings:detail", args=[next_cds.pk])
    client.get(url)
    with django_assert_max_num_queries(40) as captured:
        client.get(url)
    agenda_queries = [q for q in captured.captured_queries if "outbox_email" in q["sql"]]
    assert len(agenda_queries) == 1


def test_with_redis_down_publishing_succeeds_and_the_agenda_goes_out_once_redis_is_back(
    client, next_cds, charge_mission, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.sg_portal.outbox_helpers import redis_down_then_up

    add_item(next_cds, "Plan grand froid")
    client.force_login(charge_mission)
    with redis_down_then_up(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:publish", args=[next_cds.pk]), follow=True)
    assert response.status_code == 200
    assert "L&#x27;ordre du jour est publié" in response.content.decode()
    next_cds.refresh_from_db()
    assert next_cds.is_published
    members = body_members(next_cds.body).exclude(email="").count()
    assert Email.objects.filter(purpose="meetings.agenda", state=EmailState.QUEUED).count() == (
        members
    )
    assert mailoutbox == []
    # Redis is back: the beat's sweep sends every member's agenda, once.
    assert _sweep_later()["sent"] == members
    assert _sweep_later()["sent"] == 0
    assert len(mailoutbox) == members
    assert "Plan grand froid" in mailoutbox[0].body


def test_the_outbox_page_names_the_agenda_emails_in_french(
    client, next_cds, charge_mission, sg_user, django_capture_on_commit_callbacks
):
    add_item(next_cds, "Plan grand froid")  # an empty agenda is not published
    with django_capture_on_commit_callbacks(execute=False):
        services.meeting_publish_agenda(meeting=next_cds, actor=charge_mission)
    client.force_login(sg_user)
    html = client.get("/envois/", {"objet": "meetings.agenda"}).content.decode()
    assert "Ordre du jour publié" in html
    assert "Ordre du jour — Comité de direction des services" in html


def test_an_empty_agenda_is_not_published_nor_emailed(client, next_cds, charge_mission):
    add_item(next_cds, "Point écarté", status=AgendaItem.Status.DECLINED)
    with pytest.raises(ValidationError):
        services.meeting_publish_agenda(meeting=next_cds, actor=charge_mission)
    client.force_login(charge_mission)
    page = client.get(reverse("meetings:detail", args=[next_cds.pk])).content.decode()
    assert "Publier l&#x27;ordre du jour</button>" not in page
    assert "Retenez au moins un point pour pouvoir publier" in page
    response = client.post(reverse("meetings:publish", args=[next_cds.pk]), follow=True)
    assert "L&#x27;ordre du jour est vide" in response.content.decode()
    next_cds.refresh_from_db()
    assert not next_cds.is_published
    assert not Email.objects.filter(purpose="meetings.agenda").exists()
    assert not Entry.objects.filter(action="meetings.agenda.publish").exists()
