import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from meetings import services
from meetings.models import Attendance, Meeting
from meetings.selectors import timed_agenda

from .conftest import add_item, make_meeting

pytestmark = pytest.mark.django_db


def _publish(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(agenda_status=Meeting.AgendaStatus.PUBLISHED)
    meeting.refresh_from_db()


def _text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_meeting_ics_parses_and_carries_the_agenda(client, next_cds, dir_dases):
    add_item(next_cds, "Préparation du Conseil de Paris", minutes=20)
    _publish(next_cds)
    client.force_login(dir_dases)
    response = client.get(reverse("meetings:ics", args=[next_cds.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    [event] = cal.walk("VEVENT")
    assert str(event["summary"]) == "Comité de direction des services"
    assert event.decoded("dtstart") == next_cds.starts_at
    assert "Préparation du Conseil de Paris" in str(event["description"])
    assert str(event["uid"]) == f"reunion-{next_cds.pk}@portail-sg.paris.fr"


def test_the_ics_of_a_draft_does_not_reveal_its_agenda(client, next_cds, dir_dases):
    add_item(next_cds, "Sujet confidentiel")
    client.force_login(dir_dases)
    cal = Calendar.from_ical(client.get(reverse("meetings:ics", args=[next_cds.pk])).content)
    assert "Sujet confidentiel" not in str(cal.walk("VEVENT")[0]["description"])


def test_the_private_feed_works_without_a_session_and_only_with_its_token(
    client, cds, bodies, dir_dases
):
    make_meeting(cds, days=3)
    make_meeting(bodies["pole-solidarites"], days=2)
    make_meeting(bodies["pole-ressources"], days=2)  # not DASES's pôle
    token = services.calendar_token_regenerate(user=dir_dases)
    response = client.get(reverse("meetings:feed", args=[token]))
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert sorted(str(e["summary"]) for e in events) == [
        "Comité de direction des services",
        "Réunion du pôle Solidarités, familles et éducation",
    ]
    assert client.get(reverse("meetings:feed", args=["wrong"])).status_code == 404
    client.force_login(dir_dases)
    page = client.post(reverse("meetings:feed_regenerate"))
    client.logout()
    assert client.get(reverse("meetings:feed", args=[token])).status_code == 404
    new = page.context["feed_url"].rsplit("/", 1)[1].removesuffix(".ics")
    assert new != token and client.get(reverse("meetings:feed", args=[new])).status_code == 200


def test_a_cancelled_meeting_is_cancelled_in_the_calendar(client, next_cds, charge_mission):
    services.meeting_cancel(meeting=next_cds, actor=charge_mission, reason="Séance du Conseil")
    client.force_login(charge_mission)
    cal = Calendar.from_ical(client.get(reverse("meetings:ics", args=[next_cds.pk])).content)
    event = cal.walk("VEVENT")[0]
    assert str(event["status"]) == "CANCELLED" and int(event["sequence"]) == 1


def test_the_agenda_pdf_has_the_header_and_the_timed_items(client, next_cds, dir_dases, dases):
    add_item(next_cds, "Tour de table des directions", minutes=30)
    add_item(
        next_cds, "Plan grand froid : hébergement d'urgence", minutes=20, presenter_direction=dases
    )
    _publish(next_cds)
    client.force_login(dir_dases)
    response = client.get(reverse("meetings:agenda_pdf", args=[next_cds.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response)
    assert "ORDRE DU JOUR" in text
    assert "Comité de direction des services" in text
    assert "Hélène Marchetti" in text  # the chair
    assert "Hôtel de Ville, salon des Arcades" in text
    assert "1. Tour de table des directions" in text
    assert "2. Plan grand froid : hébergement d'urgence" in text
    assert "Présenté par DASES" in text
    local = timezone.localtime(next_cds.starts_at)
    assert f"{local:%Hh%M}" in text
    assert f"{local + dt.timedelta(minutes=30):%Hh%M}" in text


def test_the_minutes_pdf_lists_attendance_decisions_and_actions(
    client, cds, charge_mission, dir_drh
):
    past = make_meeting(cds, days=-3)
    _publish(past)
    item = add_item(past, "Absentéisme", decision="Chaque direction présente un plan d'action.")
    services.action_create(
        meeting=past,
        actor=charge_mission,
        title="Transmettre le tableau",
        owner=dir_drh,
        due_date=past.starts_at.date(),
        item=item,
    )
    Attendance.objects.create(meeting=past, user=dir_drh, status=Attendance.Status.EXCUSED)
    client.force_login(charge_mission)
    text = _text(client.get(reverse("meetings:minutes_pdf", args=[past.pk])))
    assert "RELEVÉ DE DÉCISIONS" in text
    assert "Excusé·e : Élise Perrin" in text
    assert "Décision : Chaque direction présente un plan d'action." in text
    assert "Action : Transmettre le tableau — Élise Perrin" in text


def test_the_pdf_falls_back_to_a_core_font_without_dejavu(monkeypatch, tmp_path, next_cds):
    from meetings import pdf
    from sg_portal import pdf as kernel_pdf

    monkeypatch.setattr(kernel_pdf, "FONT_DIR", tmp_path)
    add_item(next_cds, "Cœur de métier — l’équipe")
    data = pdf.agenda_pdf(next_cds, timed_agenda(next_cds), [])
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Coeur de métier - l'équipe" in text


def test_the_print_view_lays_out_the_agenda(client, next_cds, dir_dases):
    add_item(next_cds, "Tour de table", minutes=30)
    _publish(next_cds)
    client.force_login(dir_dases)
    html = client.get(reverse("meetings:print", args=[next_cds.pk])).content.decode()
    assert "Ordre du jour" in html and "1. Tour de table" in html and "Hélène Marchetti" in html


def test_documents_are_never_kept_in_a_cache(client, next_cds, dir_dases, charge_mission):
    _publish(next_cds)
    client.force_login(charge_mission)
    for name in ("agenda_pdf", "minutes_pdf", "ics"):
        response = client.get(reverse(f"meetings:{name}", args=[next_cds.pk]))
        assert response.status_code == 200, name
        assert response["Cache-Control"] == "private, no-store", name
    client.logout()
    secret = services.calendar_token_regenerate(user=dir_dases)
    feed = client.get(reverse("meetings:feed", args=[secret]))
    assert feed["Cache-Control"] == "private, no-store"
