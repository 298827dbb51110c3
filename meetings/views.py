"""Thin views: load through a selector, call one service, redirect or render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from meetings import selectors, services
from meetings.forms import (
    ATTENDANCE_CHOICES,
    ActionForm,
    CancelForm,
    DecisionForm,
    GuestsForm,
    ItemEditForm,
    ItemForm,
    MoveForm,
)
from meetings.ics import meetings_calendar
from meetings.models import REPRESENTED_BY_MAX, AgendaItem, Attendance, Meeting
from meetings.pdf import agenda_pdf, minutes_pdf
from sg_portal.exports import document_response
from sg_portal.horizons import Scope, dated_items_shown
from sg_portal.http import PortalRequest
from sg_portal.outbox.selectors import can_read_outbox

# --- Loading ------------------------------------------------------------------------------------


def _prepared(
    request: PortalRequest, pk: int, *, agenda: bool = False
) -> tuple[Meeting, selectors.BodyAccess]:
    """A meeting the user prepares: 404 when not visible, 403 when visible but not theirs.
    With agenda=True, also one whose agenda may still change (coming, not cancelled)."""
    meeting, access = selectors.meeting_for(request.user, pk)
    if not selectors.can_prepare(access, meeting):
        raise PermissionDenied("Seuls les préparateurs de cette instance peuvent faire cela.")
    if agenda and (meeting.is_cancelled or meeting.starts_at < timezone.now()):
        raise PermissionDenied("La réunion est passée ou annulée : son ordre du jour est figé.")
    return meeting, access


def _with_agenda(request: PortalRequest, pk: int) -> tuple[Meeting, selectors.BodyAccess]:
    """A meeting whose agenda the user may read (a draft: only its preparers)."""
    meeting, access = selectors.meeting_for(request.user, pk)
    if not selectors.agenda_visible(access, meeting):
        raise Http404("Ordre du jour non publié")
    return meeting, access


def _back(request: PortalRequest, meeting: Meeting, anchor: str = "ordre-du-jour"):
    """After a write: the agenda panel for htmx, the page otherwise."""
    if request.htmx:
        return _render_detail(request, meeting, partial="agenda")
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + f"#{anchor}")


# --- Pages --------------------------------------------------------------------------------------


@require_GET
def meeting_list(request: PortalRequest) -> HttpResponse:
    if not selectors.has_meetings(request.user):
        raise Http404("Aucune réunion ne vous concerne")
    access = selectors.body_access(request.user)
    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    until = start + dt.timedelta(days=93)
    visible = selectors.meetings_visible_to(request.user, access=access)
    calendar = list(visible.filter(starts_at__gte=start, starts_at__lt=until))
    mine = [m for m in calendar if m.body_id in access.member | access.prepares][:6]
    past = list(
        visible.filter(starts_at__lt=start, body_id__in=access.member | access.prepares).order_by(
            "-starts_at"
        )[:5]
    )
    return render(
        request,
        "meetings/list.html",
        {
            "mine": mine,
            "calendar": calendar,
            "past": past,
            "access": access,
            "sees_every_meeting": selectors.sees_every_meeting(request.user),
            "feed_created_at": selectors.calendar_token_created_at(request.user),
        },
    )


def _render_detail(
    request, meeting, *, partial: str | None = None, forms=None, status=200, access=None
):
    access = access or selectors.body_access(request.user)
    prepares = selectors.can_prepare(access, meeting)
    visible = selectors.agenda_visible(access, meeting)
    today = timezone.localdate()
    lists = selectors.meeting_page_lists(
        meeting, request.user, access, today=today, full=not partial
    )
    timed = lists["timed"]
    forms = forms or {}
    is_past = meeting.starts_at < timezone.now()
    context = {
        "meeting": meeting,
        "prepares": prepares,
        "agenda_visible": visible,
        "timed": timed,
        "ends": selectors.agenda_end(meeting, timed),
        "others": lists["others"],
        "can_propose": selectors.can_propose(request.user, access, meeting),
        "item_form": forms.get("item") or ItemForm(),
        "open_actions": lists["open_actions"],
        "is_past": is_past,
        "editable": prepares and not is_past and not meeting.is_cancelled,
        "today": today,
    }
    if prepares:
        context["suggestions"] = lists["suggestions"]
    if partial:
        return render(request, f"meetings/detail.html#{partial}", context, status=status)
    members = list(selectors.body_members(meeting.body))
    attendance = {a.user_id: a for a in lists["attendances"]}
    context.update(
        {
            "history": selectors.meeting_history(meeting, access),
            "actions": lists["actions"],
            "attendance_rows": [(m, attendance.get(m.pk)) for m in members],
            "attendance_choices": ATTENDANCE_CHOICES,
            "represented_by_max": REPRESENTED_BY_MAX,
            "member_count": len(members),
            # attendance is taken on the day and after
            "attendance_open": meeting.starts_at - dt.timedelta(hours=12) <= timezone.now(),
            "guests_form": forms.get("guests")
            or GuestsForm(initial={"guests": meeting.invited_guests}),
            "move_form": forms.get("move")
            or MoveForm(
                initial={
                    "date": timezone.localdate(meeting.starts_at),
                    "time": timezone.localtime(meeting.starts_at).time(),
                    "place": meeting.place,
                }
            ),
            "cancel_form": forms.get("cancel") or CancelForm(),
            # who the agenda went to, for those who prepare the meeting
            "agenda_mailing": selectors.agenda_mailing(meeting)
            if prepares and meeting.is_published
            else None,
            "reads_outbox": can_read_outbox(request.user),
            "action_form": forms.get("action")
            or ActionForm(meeting=meeting, owners=selectors.body_members(meeting.body)),
            "releve": [(entry, _decision_form(entry.item, forms)) for entry in timed]
            if prepares and is_past
            else [],
        }
    )
    return render(request, "meetings/detail.html", context, status=status)


def _decision_form(item: AgendaItem, forms: dict) -> DecisionForm:
    """The decision form of one item: the refused one as posted, the others as saved."""
    refused = forms.get("decision")
    if refused is not None and refused[0] == item.pk:
        return refused[1]
    return DecisionForm(initial={"decision": item.decision}, auto_id=f"decision-{item.pk}-%s")


@require_GET
def meeting_detail(request: PortalRequest, pk: int) -> HttpResponse:
    meeting, access = selectors.meeting_for(request.user, pk)
    return _render_detail(request, meeting, access=access)


# --- Agenda -------------------------------------------------------------------------------------


@require_POST
def item_propose(request: PortalRequest, pk: int) -> HttpResponse:
    meeting, access = selectors.meeting_for(request.user, pk)
    if not selectors.can_propose(request.user, access, meeting):
        raise PermissionDenied
    form = ItemForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return _render_detail(
                request, meeting, partial="agenda", forms={"item": form}, status=422
            )
        return _render_detail(request, meeting, forms={"item": form}, status=422)
    data = form.cleaned_data
    services.agenda_item_propose(
        meeting=meeting,
        actor=request.user,
        title=data["title"],
        item_type=data["item_type"],
        duration_minutes=data["duration_minutes"],
        presenter_direction=data["presenter_direction"],
        presenter=selectors.default_presenter(request.user),
        guest=data["guest"],
        accepted=selectors.can_prepare(access, meeting),
    )
    messages.success(
        request,
        "Le point a été ajouté."
        if selectors.can_prepare(access, meeting)
        else "Votre proposition a été transmise au chargé de mission.",
    )
    return _back(request, meeting)


@require_POST
def item_decide(request: PortalRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, _ = _prepared(request, pk, agenda=True)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    decision = request.POST.get("decision", "")
    if decision not in {"accept", "defer", "decline"}:
        raise Http404
    if not services.agenda_item_decide(item=item, actor=request.user, decision=decision):
        messages.warning(request, "Ce point a déjà été traité.")
    return _back(request, meeting)


def item_edit(request: PortalRequest, pk: int, item_pk: int) -> HttpResponse:
    """Correct an item on the agenda, or a proposal, before the meeting: its own page, so it
    works the same with a keyboard, a phone or no JavaScript."""
    meeting, _ = _prepared(request, pk, agenda=True)
    item = get_object_or_404(
        AgendaItem.objects.select_related("presenter", "presenter_direction"),
        pk=item_pk,
        meeting=meeting,
        status__in=[AgendaItem.Status.ACCEPTED, AgendaItem.Status.PROPOSED],
    )
    members = selectors.body_members(meeting.body)
    if request.method == "POST":
        form = ItemEditForm(request.POST, members=members)
        if form.is_valid():
            data = form.cleaned_data
            changed = services.agenda_item_update(
                item=item,
                actor=request.user,
                title=data["title"],
                item_type=data["item_type"],
                duration_minutes=data["duration_minutes"],
                presenter=data["presenter"],
                presenter_direction=data["presenter_direction"],
                guest=data["guest"],
                document_url=data["document_url"],
            )
            if changed:
                messages.success(request, f"Le point « {item.title} » est modifié.")
            anchor = (
                f"point-{item.pk}" if item.status == AgendaItem.Status.ACCEPTED else "propositions"
            )
            return redirect(reverse("meetings:detail", args=[meeting.pk]) + f"#{anchor}")
        status = 422
    else:
        form = ItemEditForm(
            members=members,
            initial={
                "title": item.title,
                "item_type": item.item_type,
                "duration_minutes": item.duration_minutes,
                "presenter": item.presenter_id,
                "presenter_direction": item.presenter_direction_id,
                "guest": item.guest,
                "document_url": item.document_url,
            },
        )
        status = 200
    return render(
        request,
        "meetings/item_edit.html",
        {"meeting": meeting, "item": item, "form": form},
        status=status,
    )


@require_POST
def item_move(request: PortalRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, _ = _prepared(request, pk, agenda=True)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.agenda_item_move(item=item, actor=request.user, offset=offset)
    return _back(request, meeting, anchor=f"point-{item.pk}")


@require_POST
def agenda_reorder(request: PortalRequest, pk: int) -> HttpResponse:
    meeting, _ = _prepared(request, pk, agenda=True)
    raw = request.POST.get("order", "")
    try:
        ids = [int(x) for x in raw.split(",") if x.strip()]
    except ValueError:
        ids = []
    services.agenda_reorder(meeting=meeting, actor=request.user, ordered_ids=ids)
    return _back(request, meeting)


@require_POST
def suggestion_add(request: PortalRequest, pk: int) -> HttpResponse:
    meeting, _ = _prepared(request, pk, agenda=True)
    item = services.agenda_suggestion_add(
        meeting=meeting,
        actor=request.user,
        key=request.POST.get("key", ""),
        today=timezone.localdate(),
    )
    if item is None:
        messages.warning(request, "Cette suggestion n'est plus disponible.")
    return _back(request, meeting)


@require_POST
def suggestion_dismiss(request: PortalRequest, pk: int) -> HttpResponse:
    meeting, _ = _prepared(request, pk, agenda=True)
    services.agenda_suggestion_dismiss(
        meeting=meeting, actor=request.user, key=request.POST.get("key", "")
    )
    return _back(request, meeting)


@require_POST
def agenda_publish(request: PortalRequest, pk: int) -> HttpResponse:
    meeting, _ = _prepared(request, pk, agenda=True)
    try:
        published = services.meeting_publish_agenda(meeting=meeting, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        if published:
            messages.success(
                request, "L'ordre du jour est publié ; les membres le reçoivent par courriel."
            )
        else:
            messages.warning(request, "L'ordre du jour était déjà publié.")
    url = reverse("meetings:detail", args=[meeting.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_POST
def guests_update(request: PortalRequest, pk: int) -> HttpResponse:
    meeting, _ = _prepared(request, pk, agenda=True)
    form = GuestsForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, meeting, forms={"guests": form}, status=422)
    services.meeting_set_guests(
        meeting=meeting, actor=request.user, guests=form.cleaned_data["guests"]
    )
    messages.success(request, "Les personnalités invitées sont enregistrées.")
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#invites")


@require_POST
def meeting_move(request: PortalRequest, pk: int) -> HttpResponse:
    meeting, _ = _prepared(request, pk, agenda=True)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, meeting, forms={"move": form}, status=422)
    starts_at = timezone.make_aware(
        dt.datetime.combine(form.cleaned_data["date"], form.cleaned_data["time"])
    )
    services.meeting_move(
        meeting=meeting, actor=request.user, starts_at=starts_at, place=form.cleaned_data["place"]
    )
    messages.success(request, "La réunion a été déplacée.")
    return redirect("meetings:detail", pk=meeting.pk)


@require_POST
def meeting_cancel(request: PortalRequest, pk: int) -> HttpResponse:
    meeting, _ = _prepared(request, pk, agenda=True)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, meeting, forms={"cancel": form}, status=422)
    try:
        services.meeting_cancel(
            meeting=meeting, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError:
        return _render_detail(request, meeting, forms={"cancel": form}, status=422)
    messages.success(request, "La réunion est annulée.")
    return redirect("meetings:detail", pk=meeting.pk)


# --- During and after ---------------------------------------------------------------------------


@require_POST
def attendance_save(request: PortalRequest, pk: int) -> HttpResponse:
    meeting, _ = _prepared(request, pk)
    valid = {c for c, _ in Attendance.Status.choices}
    entries = {}
    for member in selectors.body_members(meeting.body):
        status = request.POST.get(f"status-{member.pk}", "")
        if status and status not in valid:
            continue
        represented_by = request.POST.get(f"by-{member.pk}", "").strip()
        if len(represented_by) > REPRESENTED_BY_MAX or "\n" in represented_by:
            messages.error(
                request,
                f"Présences non enregistrées : le nom du représentant de {member} dépasse "
                f"{REPRESENTED_BY_MAX} caractères ou tient sur plusieurs lignes.",
            )
            return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#presences")
        entries[member.pk] = (status, represented_by)
    services.attendance_record(meeting=meeting, actor=request.user, entries=entries)
    messages.success(request, "Les présences sont enregistrées.")
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#presences")


@require_POST
def item_decision(request: PortalRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, _ = _prepared(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    form = DecisionForm(request.POST, auto_id=f"decision-{item.pk}-%s")
    if not form.is_valid():
        return _render_detail(request, meeting, forms={"decision": (item.pk, form)}, status=422)
    services.agenda_item_record_decision(
        item=item, actor=request.user, decision=form.cleaned_data["decision"]
    )
    messages.success(request, "La décision est consignée.")
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + f"#releve-{item.pk}")


@require_POST
def action_add(request: PortalRequest, pk: int) -> HttpResponse:
    meeting, _ = _prepared(request, pk)
    form = ActionForm(request.POST, meeting=meeting, owners=selectors.body_members(meeting.body))
    if not form.is_valid():
        return _render_detail(request, meeting, forms={"action": form}, status=422)
    data = form.cleaned_data
    services.action_create(
        meeting=meeting,
        actor=request.user,
        title=data["title"],
        owner=data["owner"],
        due_date=data["due_date"],
        item=data["item"],
    )
    messages.success(request, "L'action est enregistrée.")
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#actions")


@require_POST
def action_close(request: PortalRequest, action_pk: int) -> HttpResponse:
    """The owner or a preparer of the body closes an action."""
    action, access = selectors.action_for(request.user, action_pk)
    if not selectors.can_close_action(request.user, access, action):
        raise PermissionDenied
    if services.action_close(action=action, actor=request.user):
        messages.success(request, "L'action est close.")
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect(reverse("meetings:detail", args=[action.meeting_id]) + "#actions")


# --- Documents ----------------------------------------------------------------------------------


_ATTENDANCE_ORDER = ["present", "represented", "excused"]


def _attendances(meeting: Meeting) -> list[Attendance]:
    rows = meeting.attendances.select_related("user")
    return sorted(
        rows, key=lambda a: (_ATTENDANCE_ORDER.index(a.status), a.user.last_name, a.user.pk)
    )


def _filename(meeting: Meeting, kind: str, ext: str) -> str:
    return f"{kind}-{meeting.body.code}-{timezone.localdate(meeting.starts_at):%Y-%m-%d}.{ext}"


@require_GET
def agenda_document(request: PortalRequest, pk: int) -> HttpResponse:
    meeting, _ = _with_agenda(request, pk)
    timed = selectors.timed_agenda(meeting)
    data = agenda_pdf(meeting, timed, list(selectors.open_actions_of_body(meeting)))
    return document_response(
        data, content_type="application/pdf", filename=_filename(meeting, "ordre-du-jour", "pdf")
    )


@require_GET
def minutes_document(request: PortalRequest, pk: int) -> HttpResponse:
    meeting, _ = _with_agenda(request, pk)
    timed = selectors.timed_agenda(meeting)
    attendances = _attendances(meeting)
    actions = list(meeting.actions.select_related("owner"))
    data = minutes_pdf(meeting, timed, attendances, actions)
    return document_response(
        data,
        content_type="application/pdf",
        filename=_filename(meeting, "releve-de-decisions", "pdf"),
    )


@require_GET
def print_view(request: PortalRequest, pk: int) -> HttpResponse:
    meeting, _ = _with_agenda(request, pk)
    minutes = request.GET.get("document") == "releve"
    timed = selectors.timed_agenda(meeting)
    return render(
        request,
        "meetings/print.html",
        {
            "meeting": meeting,
            "timed": timed,
            "ends": selectors.agenda_end(meeting, timed),
            "minutes": minutes,
            "open_actions": list(selectors.open_actions_of_body(meeting)),
            "attendances": list(_attendances(meeting)) if minutes else [],
            "loose_actions": list(meeting.actions.filter(item__isnull=True).select_related("owner"))
            if minutes
            else [],
        },
    )


@require_GET
def meeting_ics(request: PortalRequest, pk: int) -> HttpResponse:
    meeting, access = selectors.meeting_for(request.user, pk)
    agenda = (
        {meeting.pk: selectors.timed_agenda(meeting)}
        if selectors.agenda_visible(access, meeting)
        else {}
    )
    return document_response(
        meetings_calendar([meeting], agenda_for=agenda),
        content_type="text/calendar; charset=utf-8",
        filename=_filename(meeting, "reunion", "ics"),
    )


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The user's private feed, read by Outlook without a session: the token is the key."""
    owner = selectors.calendar_feed_owner(token)
    if owner is None:
        raise Http404
    now = timezone.now()
    meetings = selectors.meetings_visible_to(owner).filter(
        starts_at__gte=now - dt.timedelta(days=60), starts_at__lte=now + dt.timedelta(days=186)
    )
    # Every dated item of the owner's home page (« moi »), the meetings being events already.
    dated = [
        item
        for item in dated_items_shown(owner, timezone.localdate(), Scope.ME)
        if not item.key.startswith("meetings.meeting:")
    ]
    return document_response(
        meetings_calendar(meetings, name="Réunions et échéances — Portail SG", dated=dated),
        content_type="text/calendar; charset=utf-8",
    )


@never_cache
@require_POST
def calendar_token_regenerate(request: PortalRequest) -> HttpResponse:
    """A new private address, shown on this answer only: the portal keeps nothing but its hash."""
    secret = services.calendar_token_regenerate(user=request.user)
    return render(
        request,
        "meetings/feed_created.html",
        {"feed_url": request.build_absolute_uri(reverse("meetings:feed", args=[secret]))},
    )
