"""Auditorium sessions: for their audience only, bad input refused in French next to its field,
the .ics invitation, the sign-in sheet, questions in advance, attendance by direction."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from communication import services
from communication.models import Registration, Session
from directions.models import Pole

from .conftest import make_session

pytestmark = pytest.mark.django_db


def _form(**fields) -> dict:
    now = timezone.localtime()
    fmt = "%Y-%m-%dT%H:%M"
    data = {
        "title": "Séance",
        "starts_at": (now + dt.timedelta(days=10)).strftime(fmt),
        "duration_minutes": "90",
        "room": "Auditorium",
        "capacity": "100",
        "audience": "cadres",
        "registration_opens_at": now.strftime(fmt),
        "registration_closes_at": (now + dt.timedelta(days=9)).strftime(fmt),
    }
    data.update(fields)
    return data


def test_a_session_for_a_pole_answers_404_elsewhere(client, sg_user, dir_dases, dir_drh, dases):
    pole = Pole.objects.get(pk=dases.pole_id)
    session = make_session(sg_user, "Pôle", audience="pole", audience_pole=pole)
    for name in ("communication:session", "communication:session_ics"):
        client.force_login(dir_dases)
        assert client.get(reverse(name, args=[session.pk])).status_code == 200
        client.force_login(dir_drh)
        assert client.get(reverse(name, args=[session.pk])).status_code == 404
    response = client.post(reverse("communication:session_register", args=[session.pk]))
    assert response.status_code == 404


def test_the_sign_in_sheet_and_attendance_are_the_sgs(client, sg_user, dir_dases, session):
    client.force_login(dir_dases)
    assert client.get(reverse("communication:session_sheet", args=[session.pk])).status_code == 403
    assert (
        client.post(reverse("communication:session_attendance", args=[session.pk])).status_code
        == 403
    )


def test_a_session_in_the_past_is_refused_next_to_its_date(client, sg_user):
    client.force_login(sg_user)
    past = (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page = client.post(
        reverse("communication:session_create"), _form(title="Gardée", starts_at=past)
    ).content.decode()
    assert "ne peut pas être dans le passé" in page and 'value="Gardée"' in page
    assert not Session.objects.exists()


def test_a_capacity_below_the_registered_count_is_refused(
    client, sg_user, cadre, dir_dases, dir_drh, session
):
    for user in (cadre, dir_dases):
        services.session_register(session_id=session.pk, user=user)
    client.force_login(sg_user)
    data = _form(
        title=session.title,
        capacity="1",
        starts_at=timezone.localtime(session.starts_at).strftime("%Y-%m-%dT%H:%M"),
        registration_opens_at=timezone.localtime(session.registration_opens_at).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        registration_closes_at=timezone.localtime(session.registration_closes_at).strftime(
            "%Y-%m-%dT%H:%M"
        ),
    )
    page = client.post(
        reverse("communication:session_edit", args=[session.pk]), data
    ).content.decode()
    assert "la capacité ne peut pas être inférieure" in page
    assert 'id="id_capacity_error"' in page
    session.refresh_from_db()
    assert session.capacity == 2


def test_a_session_is_created_through_the_form(client, sg_user):
    client.force_login(sg_user)
    response = client.post(reverse("communication:session_create"), _form(title="Nouvelle séance"))
    assert response.status_code == 302
    assert Session.objects.get().title == "Nouvelle séance"


def test_the_ics_invitation_parses(client, cadre, session):
    client.force_login(cadre)
    response = client.get(reverse("communication:session_ics", args=[session.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "Auditorium : L'IA dans les services"
    assert event.decoded("dtstart") == session.starts_at.replace(microsecond=0)
    assert str(event["uid"]).startswith(f"auditorium-{session.pk}@")


def test_the_sign_in_sheet_lists_the_seated_people(
    client, sg_user, cadre, dir_dases, dir_drh, session
):
    for user in (cadre, dir_dases, dir_drh):
        services.session_register(
            session_id=session.pk, user=user, deputy_name="Paul Martin" if user == dir_dases else ""
        )
    client.force_login(sg_user)
    response = client.get(reverse("communication:session_sheet", args=[session.pk]))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "FEUILLE D'ÉMARGEMENT" in text
    assert "Benoît Legrand" in text and "Paul Martin" in text
    assert "Élise Perrin" not in text  # dir.drh waits: no seat, no line


def test_a_question_in_advance_reaches_the_organisers(client, sg_user, cadre, session):
    client.force_login(cadre)
    assert (
        client.post(
            reverse("communication:session_question", args=[session.pk]), {"text": "  "}
        ).status_code
        == 400
    )
    client.post(
        reverse("communication:session_question", args=[session.pk]), {"text": "Quel calendrier ?"}
    )
    client.force_login(sg_user)
    assert (
        "Quel calendrier ?"
        in client.get(reverse("communication:session", args=[session.pk])).content.decode()
    )


def test_attendance_is_recorded_after_the_session_and_counted_by_direction(
    client, sg_user, cadre, dir_dases, dir_drh, session
):
    for user in (cadre, dir_dases):
        services.session_register(session_id=session.pk, user=user)
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - dt.timedelta(hours=3))
    present = Registration.objects.get(session=session, user=dir_dases)
    client.force_login(sg_user)
    client.post(
        reverse("communication:session_attendance", args=[session.pk]), {"present": [present.pk]}
    )
    assert Registration.objects.get(pk=present.pk).status == "present"
    assert Registration.objects.get(session=session, user=cadre).status == "absent"
    page = client.get(reverse("communication:sessions")).content.decode()
    assert "Présence par direction" in page
    client.force_login(dir_drh)  # a director sees their own direction only: DRH had nobody
    assert (
        "Présence par direction"
        not in client.get(reverse("communication:sessions")).content.decode()
    )
    client.force_login(dir_dases)
    page = client.get(reverse("communication:sessions")).content.decode()
    assert ">DASES<" in page and ">DVD<" not in page


def test_slides_and_recording_are_attached_afterwards(client, sg_user, cadre, session):
    from django.core.files.uploadedfile import SimpleUploadedFile

    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - dt.timedelta(hours=3))
    client.force_login(sg_user)
    upload = SimpleUploadedFile("support.pdf", b"%PDF-1.4 support", content_type="application/pdf")
    client.post(
        reverse("communication:session_material", args=[session.pk]),
        {"slides": upload, "recording_url": "https://webtv.paris.fr/seance"},
    )
    client.force_login(cadre)
    response = client.get(reverse("communication:session_slides", args=[session.pk]))
    assert response.content == b"%PDF-1.4 support"
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    client.force_login(sg_user)
    page = client.post(
        reverse("communication:session_material", args=[session.pk]), {"slides": bad}
    ).content.decode()
    assert "Déposez un fichier PDF" in page


def test_the_list_of_sessions_costs_a_fixed_number_of_queries(
    client, sg_user, cadre, django_assert_max_num_queries
):
    for number in range(15):
        session = make_session(sg_user, f"Séance {number}", days=3 + number)
        services.session_register(session_id=session.pk, user=cadre)
    client.force_login(cadre)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("communication:sessions"))
    assert response.content.decode().count('class="meeting-card"') == 15
