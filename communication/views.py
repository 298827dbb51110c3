"""Thin views: load through a selector, call one service, redirect or render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from communication import selectors, services
from communication.forms import (
    AnnouncementForm,
    MaterialForm,
    QuestionForm,
    RegisterForm,
    RelayForm,
    SessionForm,
)
from communication.ics import session_calendar
from communication.models import Announcement, Registration, Session
from communication.pdf import sign_in_sheet
from communication.rendering import render_text
from sg_portal.exports import document_response
from sg_portal.http import PortalRequest


def _writer(request: PortalRequest) -> None:
    if not selectors.writes_communication(request.user):
        raise PermissionDenied(
            "Seule l'équipe du Secrétariat général publie des annonces et des séances."
        )


def _add_service_error(form, error: services.CommunicationError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


# --- Announcements -------------------------------------------------------------------------------


@require_GET
def announcement_list(request: PortalRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "communication/announcement_list.html",
        {
            "announcements": selectors.announcement_list(request.user, now=now),
            "now": now,
            "writer": selectors.writes_communication(request.user),
            "to_relay": selectors.to_relay_for(request.user),
        },
    )


def _announcement_data(form: AnnouncementForm) -> tuple[dict, list]:
    data = dict(form.cleaned_data)
    directions = list(data.pop("audience_directions") or [])
    return data, directions


def announcement_create(request: PortalRequest) -> HttpResponse:
    _writer(request)
    if request.method == "POST":
        form = AnnouncementForm(request.POST)
        if form.is_valid():
            data, directions = _announcement_data(form)
            announcement = services.announcement_create(
                actor=request.user, data=data, directions=directions
            )
            messages.success(request, "L'annonce est enregistrée.")
            return redirect("communication:announcement", pk=announcement.pk)
    else:
        form = AnnouncementForm(
            initial={"publish_at": timezone.localtime().replace(second=0, microsecond=0)}
        )
    return render(
        request, "communication/announcement_form.html", {"form": form, "announcement": None}
    )


def announcement_edit(request: PortalRequest, pk: int) -> HttpResponse:
    _writer(request)
    announcement = selectors.announcement_for(request.user, pk)
    if request.method == "POST":
        form = AnnouncementForm(request.POST)
        if form.is_valid():
            data, directions = _announcement_data(form)
            services.announcement_update(
                actor=request.user, announcement=announcement, data=data, directions=directions
            )
            messages.success(request, "L'annonce est modifiée.")
            return redirect("communication:announcement", pk=announcement.pk)
    else:
        initial = {name: getattr(announcement, name) for name in services.ANNOUNCEMENT_FIELDS}
        initial["publish_at"] = timezone.localtime(announcement.publish_at)
        if announcement.unpublish_at:
            initial["unpublish_at"] = timezone.localtime(announcement.unpublish_at)
        initial["audience_directions"] = list(announcement.audience_directions.all())
        form = AnnouncementForm(initial=initial)
    return render(
        request,
        "communication/announcement_form.html",
        {"form": form, "announcement": announcement},
    )


def _announcement_page(
    request: PortalRequest, announcement: Announcement, *, relay_form=None, status=200
):
    user = request.user
    writer = selectors.writes_communication(user)
    reading = services.announcement_read(user=user, announcement=announcement)
    relay_direction = selectors.relay_direction_for(user, announcement)
    relay = (
        announcement.relays.filter(direction=relay_direction).select_related("relayed_by").first()
        if relay_direction
        else None
    )
    figures = selectors.announcement_figures(user, announcement)
    context = {
        "announcement": announcement,
        "html": render_text(announcement.body, announcement.body_format),
        "reading": reading,
        "writer": writer,
        "relay_direction": relay_direction,
        "relay": relay,
        "relay_form": relay_form
        or RelayForm(initial={"relayed_on": timezone.localdate(), "how": "reunion"}),
        "figures": figures if figures.rows else None,
        "versions": list(announcement.versions.select_related("edited_by")) if writer else [],
    }
    return render(request, "communication/announcement_detail.html", context, status=status)


@require_GET
def announcement_detail(request: PortalRequest, pk: int) -> HttpResponse:
    return _announcement_page(request, selectors.announcement_for(request.user, pk))


@require_POST
def announcement_acknowledge(request: PortalRequest, pk: int) -> HttpResponse:
    announcement = selectors.announcement_for(request.user, pk)
    if not announcement.asks_acknowledgement:
        raise Http404("Aucune prise de connaissance demandée")
    if services.announcement_acknowledge(user=request.user, announcement=announcement):
        messages.success(request, "Votre prise de connaissance est enregistrée.")
    return redirect("communication:announcement", pk=pk)


@require_POST
def announcement_relay(request: PortalRequest, pk: int) -> HttpResponse:
    announcement = selectors.announcement_for(request.user, pk)
    direction = selectors.relay_direction_for(request.user, announcement)
    if direction is None:
        raise PermissionDenied(
            "Seul le directeur ou la directrice d'une direction visée relaie l'annonce."
        )
    form = RelayForm(request.POST)
    if form.is_valid():
        try:
            services.announcement_relay(
                actor=request.user,
                announcement=announcement,
                direction=direction,
                **form.cleaned_data,
            )
        except services.CommunicationError as error:
            _add_service_error(form, error)
        else:
            messages.success(
                request, f"Le relais dans la direction {direction.code} est enregistré."
            )
            return redirect(reverse("communication:announcement", args=[pk]) + "#relais")
    return _announcement_page(request, announcement, relay_form=form, status=400)


@require_POST
def announcement_remind(request: PortalRequest, pk: int) -> HttpResponse:
    _writer(request)
    announcement = selectors.announcement_for(request.user, pk)
    count = services.announcement_remind_relays(actor=request.user, announcement=announcement)
    if count:
        messages.success(
            request, f"{count} relance(s) envoyée(s) aux directions qui n'ont pas relayé."
        )
    else:
        messages.info(
            request,
            "Aucune nouvelle relance : chaque direction en retard a déjà été relancée une fois.",
        )
    return redirect(reverse("communication:announcement", args=[pk]) + "#suivi")


@require_POST
def banner_dismiss(request: PortalRequest, pk: int) -> HttpResponse:
    announcement = selectors.announcement_for(request.user, pk)
    services.banner_dismiss(user=request.user, announcement=announcement)
    if request.htmx:
        return HttpResponse("")
    return redirect(
        request.POST.get("next") if request.POST.get("next", "").startswith("/") else "home"
    )


# --- Sessions ------------------------------------------------------------------------------------


@require_GET
def session_list(request: PortalRequest) -> HttpResponse:
    coming, past = selectors.session_list(request.user)
    return render(
        request,
        "communication/session_list.html",
        {
            "coming": coming,
            "past": past,
            "writer": selectors.writes_communication(request.user),
            "attendance": selectors.attendance_by_direction(request.user),
        },
    )


def _session_data(form: SessionForm) -> tuple[dict, list]:
    data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("reserved_")}
    directions = list(data.pop("audience_directions") or [])
    return data, directions


def session_create(request: PortalRequest) -> HttpResponse:
    _writer(request)
    if request.method == "POST":
        form = SessionForm(request.POST)
        if form.is_valid():
            data, directions = _session_data(form)
            try:
                session = services.session_create(
                    actor=request.user,
                    data=data,
                    directions=directions,
                    reservations=form.reservations(),
                )
            except services.CommunicationError as error:
                _add_service_error(form, error)
            else:
                messages.success(request, "La séance est enregistrée.")
                return redirect("communication:session", pk=session.pk)
    else:
        form = SessionForm()
    return render(request, "communication/session_form.html", {"form": form, "session": None})


def session_edit(request: PortalRequest, pk: int) -> HttpResponse:
    _writer(request)
    session = selectors.session_for(request.user, pk)
    if request.method == "POST":
        form = SessionForm(request.POST)
        if form.is_valid():
            data, directions = _session_data(form)
            try:
                services.session_update(
                    actor=request.user,
                    session=session,
                    data=data,
                    directions=directions,
                    reservations=form.reservations(),
                )
            except services.CommunicationError as error:
                _add_service_error(form, error)
            else:
                messages.success(request, "La séance est modifiée.")
                return redirect("communication:session", pk=session.pk)
    else:
        initial = {name: getattr(session, name) for name in services.SESSION_FIELDS}
        for name in ("starts_at", "registration_opens_at", "registration_closes_at"):
            initial[name] = timezone.localtime(getattr(session, name))
        initial["audience_directions"] = list(session.audience_directions.all())
        for reservation in session.reservations.all():
            initial[f"reserved_{reservation.pole_id}"] = reservation.seats
        form = SessionForm(initial=initial)
    return render(request, "communication/session_form.html", {"form": form, "session": session})


def _session_page(request: PortalRequest, session: Session, *, forms=None, status=200):
    user = request.user
    writer = selectors.writes_communication(user)
    forms = forms or {}
    mine = session.registrations.filter(user=user).first()
    seated = session.registrations.filter(status__in=Registration.SEATED).count()
    waiting = session.registrations.filter(status=Registration.Status.WAITING).count()
    context = {
        "session": session,
        "writer": writer,
        "mine": mine,
        "rank": selectors.waiting_rank(mine)
        if mine and mine.status == Registration.Status.WAITING
        else None,
        "seated": seated,
        "waiting": waiting,
        "free": max(session.capacity - seated, 0),
        "reservations": selectors.session_reservations(session),
        "free_for_me": services.seats_free_for(session, user),
        "open": session.registration_is_open(),
        "register_form": forms.get("register") or RegisterForm(),
        "question_form": forms.get("question") or QuestionForm(),
        "material_form": forms.get("material")
        or MaterialForm(initial={"recording_url": session.recording_url}),
        "my_questions": list(session.questions.filter(author=user)),
        "registrations": selectors.registrations_of(session) if writer else [],
        "questions": list(session.questions.select_related("author", "author__direction"))
        if writer
        else [],
        "attendance": selectors.attendance_by_direction(
            user, sessions=Session.objects.filter(pk=session.pk)
        )
        if session.is_past
        else [],
        "now": timezone.now(),
    }
    return render(request, "communication/session_detail.html", context, status=status)


@require_GET
def session_detail(request: PortalRequest, pk: int) -> HttpResponse:
    return _session_page(request, selectors.session_for(request.user, pk))


@require_POST
def session_register(request: PortalRequest, pk: int) -> HttpResponse:
    session = selectors.session_for(request.user, pk)
    form = RegisterForm(request.POST)
    if form.is_valid():
        try:
            registration = services.session_register(
                session_id=session.pk,
                user=request.user,
                deputy_name=form.cleaned_data["deputy_name"],
            )
        except services.CommunicationError as error:
            messages.error(request, error.message)
            return redirect(reverse("communication:session", args=[pk]) + "#inscription")
        else:
            if registration.status == Registration.Status.REGISTERED:
                messages.success(request, "Vous êtes inscrit·e à la séance.")
            else:
                messages.info(
                    request,
                    "La séance est complète : vous êtes sur la liste d'attente. Vous serez prévenu·e si une place se libère.",
                )
            return redirect(reverse("communication:session", args=[pk]) + "#inscription")
    return _session_page(request, session, forms={"register": form}, status=400)


def _my_registration(request: PortalRequest, pk: int) -> Registration:
    session = selectors.session_for(request.user, pk)
    return get_object_or_404(
        Registration.objects.select_related("session"), session=session, user=request.user
    )


@require_POST
def session_unregister(request: PortalRequest, pk: int) -> HttpResponse:
    registration = _my_registration(request, pk)
    try:
        if services.registration_cancel(registration=registration, actor=request.user):
            messages.success(request, "Votre inscription est annulée.")
    except services.CommunicationError as error:
        messages.error(request, error.message)
    return redirect(reverse("communication:session", args=[pk]) + "#inscription")


@require_POST
def session_confirm(request: PortalRequest, pk: int) -> HttpResponse:
    registration = _my_registration(request, pk)
    if services.registration_confirm(registration=registration, actor=request.user):
        messages.success(request, "Votre place est confirmée.")
    else:
        messages.error(
            request,
            "Le délai de confirmation est passé : la place est allée à la personne suivante.",
        )
    return redirect(reverse("communication:session", args=[pk]) + "#inscription")


@require_POST
def session_question(request: PortalRequest, pk: int) -> HttpResponse:
    session = selectors.session_for(request.user, pk)
    form = QuestionForm(request.POST)
    if session.is_past:
        form.add_error(None, "La séance a eu lieu : les questions sont closes.")
    if form.is_valid():
        services.question_ask(session=session, author=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Votre question est transmise aux organisateurs.")
        return redirect(reverse("communication:session", args=[pk]) + "#questions")
    return _session_page(request, session, forms={"question": form}, status=400)


@require_POST
def session_attendance(request: PortalRequest, pk: int) -> HttpResponse:
    _writer(request)
    session = selectors.session_for(request.user, pk)
    if not session.is_past:
        raise PermissionDenied("Les présences se relèvent après la séance.")
    present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
    services.attendance_record(actor=request.user, session=session, present_ids=present)
    messages.success(request, "Les présences sont enregistrées.")
    return redirect(reverse("communication:session", args=[pk]) + "#presences")


@require_POST
def session_material(request: PortalRequest, pk: int) -> HttpResponse:
    _writer(request)
    session = selectors.session_for(request.user, pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["slides"]
        slides = (
            (upload.name[:200], upload.read(), upload.content_type or "application/octet-stream")
            if upload
            else None
        )
        services.session_attach_material(
            actor=request.user,
            session=session,
            recording_url=form.cleaned_data["recording_url"],
            slides=slides,
        )
        messages.success(request, "Les documents de la séance sont enregistrés.")
        return redirect(reverse("communication:session", args=[pk]) + "#documents")
    return _session_page(request, session, forms={"material": form}, status=400)


@require_GET
def session_slides(request: PortalRequest, pk: int) -> HttpResponse:
    session = selectors.session_for(request.user, pk)
    if not session.slides_name:
        raise Http404("Pas de support")
    return document_response(
        bytes(session.slides or b""), content_type=session.slides_type, filename=session.slides_name
    )


@require_GET
def session_ics(request: PortalRequest, pk: int) -> HttpResponse:
    session = selectors.session_for(request.user, pk)
    return document_response(
        session_calendar([session]),
        content_type="text/calendar; charset=utf-8",
        filename=f"auditorium-{session.pk}.ics",
    )


@require_GET
def session_sheet(request: PortalRequest, pk: int) -> HttpResponse:
    _writer(request)
    session = selectors.session_for(request.user, pk)
    return document_response(
        sign_in_sheet(session, selectors.registrations_of(session)),
        content_type="application/pdf",
        filename=f"emargement-auditorium-{session.pk}.pdf",
    )
