from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from directions import policy
from directions.models import User
from orientations import pdf, selectors, services
from orientations.forms import (
    ArbitrationForm,
    ConsultationForm,
    LaunchActionForm,
    LaunchDeliberationForm,
    LaunchProjectForm,
    OpinionForm,
    OrientationForm,
    RecommendForm,
    ScenarioForm,
    default_deadline,
)
from orientations.models import ConsultationRequest, FollowUpAction, Orientation, Scenario
from orientations.timeline import timeline_of
from projects.selectors import directions_declaring_for
from sg_portal.http import PortalRequest
from sg_portal.journal.selectors import journal_of


def _load(request: PortalRequest, pk: int) -> Orientation:
    return get_object_or_404(selectors.orientations_visible_to(request.user), pk=pk)


def _apply(form, error: ValidationError) -> None:
    """A service's refusal, shown next to its field (or above the form)."""
    for field, messages_ in error.message_dict.items():
        form.add_error(None if field == "__all__" or field not in form.fields else field, messages_)


def _scenarios(orientation: Orientation) -> list[Scenario]:
    return list(
        orientation.scenarios.select_related("sitting")
        .prefetch_related("directions")
        .order_by("position", "pk")
    )


@require_GET
def orientation_list(request: PortalRequest) -> HttpResponse:
    if not policy.sees_orientations(request.user):
        raise Http404
    orientations = list(
        selectors.orientations_visible_to(request.user)
        .annotate(
            n_scenarios=Count("scenarios", distinct=True),
            # the current round's: an earlier round's stay on the orientation's page
            n_requests=Count(
                "requests",
                filter=Q(requests__round=F("consultation_round")),
                distinct=True,
            ),
            n_opinions=Count(
                "requests",
                filter=Q(requests__round=F("consultation_round")) & ~Q(requests__verdict=""),
                distinct=True,
            ),
        )
        .prefetch_related("carriers")
        .order_by("arbitration_due", "title")
    )
    awaiting = list(
        ConsultationRequest.objects.filter(selectors.awaiting_opinion_q(request.user))
        .select_related("orientation", "official")
        .order_by("orientation__consultation_deadline")
    )
    groups = [
        (state, [o for o in orientations if o.status == state]) for state in Orientation.Status
    ]
    return render(
        request,
        "orientations/orientation_list.html",
        {
            "groups": [(state, items) for state, items in groups if items],
            "awaiting": awaiting,
            "can_create": selectors.can_prepare(request.user),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def orientation_create(request: PortalRequest) -> HttpResponse:
    if not selectors.can_prepare(request.user):
        raise Http404
    form = OrientationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        orientation = services.orientation_create(
            actor=request.user,
            data=data,
            carriers=list(data["carriers"]),
            arrondissements=list(data["arrondissements"]),
            directions=list(data["directions"]),
        )
        messages.success(request, "Orientation créée : ajoutez au moins deux scénarios.")
        return redirect(orientation)
    return render(request, "orientations/orientation_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def orientation_edit(request: PortalRequest, pk: int) -> HttpResponse:
    orientation = _load(request, pk)
    if not selectors.can_prepare(request.user, orientation):
        raise Http404
    form = OrientationForm(request.POST or None, initial=OrientationForm.initial_of(orientation))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.orientation_update(
            actor=request.user,
            orientation=orientation,
            data=data,
            carriers=list(data["carriers"]),
            arrondissements=list(data["arrondissements"]),
            directions=list(data["directions"]),
        )
        messages.success(request, "Orientation mise à jour.")
        return redirect(orientation)
    return render(
        request, "orientations/orientation_form.html", {"form": form, "orientation": orientation}
    )


def _on_behalf(request: ConsultationRequest) -> bool:
    """Typed by someone else than the élu·e themself (a member of their cabinet)."""
    given_by = request.given_by
    if given_by is None:
        return False
    return not (
        policy.is_elected_official(given_by)
        and policy.represented_official_id(given_by) == request.official_id
    )


@dataclass(frozen=True)
class EarlierRound:
    """A closed round of consultation, as a reader is allowed to see it."""

    number: int
    requests: list[ConsultationRequest]
    sent_at: dt.datetime
    deadline: dt.date | None


def _split_rounds(
    requests: list[ConsultationRequest],
) -> tuple[list[ConsultationRequest], list[EarlierRound]]:
    """The current round's requests, and the earlier rounds newest first (`requests` come
    ordered by round, newest first)."""
    current = [r for r in requests if r.is_current]
    earlier = []
    for number in sorted({r.round for r in requests if not r.is_current}, reverse=True):
        of_round = [r for r in requests if r.round == number]
        earlier.append(
            EarlierRound(
                number=number,
                requests=of_round,
                sent_at=min(r.sent_at for r in of_round),
                deadline=of_round[0].deadline,
            )
        )
    return current, earlier


@require_GET
def orientation_detail(request: PortalRequest, pk: int) -> HttpResponse:
    orientation = _load(request, pk)
    user = request.user
    today = timezone.localdate()
    own = selectors.own_request(user, orientation)
    visible = selectors.requests_visible_to(user, orientation, today=today)
    requests, earlier_rounds = _split_rounds(visible)
    arbitrations = list(orientation.arbitrations.select_related("scenario", "recorded_by"))
    launched_projects = [
        link.project
        for link in orientation.launched_projects.select_related(
            "project__lead_direction", "project__chef_projet"
        )
    ]
    launched_deliberations = [
        link.deliberation
        for link in orientation.launched_deliberations.select_related(
            "deliberation__direction", "deliberation__sitting"
        )
    ]
    actions = list(orientation.actions.select_related("owner"))
    scenarios = _scenarios(orientation)
    sees_all = selectors.reads_all_opinions(user, orientation, today=today)
    history = journal_of(orientation, limit=None)
    if not policy.reads_every_orientation(user):
        # The history tells of the opinions the page shows, no other: before a round's
        # deadline the others' stay out of a consulted person's history.
        shown = {r.pk for r in visible}
        request_type = ContentType.objects.get_for_model(ConsultationRequest).pk
        history = [
            e
            for e in history
            if not e.action.startswith("orientations.opinion.")
            or (e.object_id in shown and e.content_type_id == request_type)
        ]
    context = {
        "history": history[:50],
        "orientation": orientation,
        "scenarios": scenarios,
        "opinion_rows": [
            (r, [r.verdict_for(s) for s in scenarios], _on_behalf(r)) for r in requests
        ],
        "own": own,
        "requests": requests,
        "earlier_rounds": [
            (
                earlier,
                [
                    (r, [r.verdict_for(s) for s in scenarios], _on_behalf(r))
                    for r in earlier.requests
                ],
            )
            for earlier in earlier_rounds
        ],
        "sees_all_opinions": sees_all,
        "arbitrations": arbitrations,
        "current": arbitrations[-1] if arbitrations else None,
        "launched_projects": launched_projects,
        "launched_deliberations": launched_deliberations,
        "actions": actions,
        "timeline": timeline_of(
            orientation, arbitrations, launched_projects, launched_deliberations, today=today
        ),
        "can_prepare": selectors.can_prepare(user, orientation),
        "can_recommend": selectors.can_recommend(user, orientation),
        "can_open": selectors.can_open_consultation(user, orientation),
        "can_give_opinion": selectors.can_give_opinion(user, own, today=today),
        "can_arbitrate": selectors.can_arbitrate(user, orientation),
        "can_launch": selectors.can_launch(user, orientation),
        "can_launch_deliberation": selectors.can_launch_deliberation(user, orientation),
        "reads_note": policy.reads_every_orientation(user),
        "today": today,
    }
    return render(request, "orientations/orientation_detail.html", context)


@require_http_methods(["GET", "POST"])
def scenario_edit(request: PortalRequest, pk: int, scenario_pk: int | None = None) -> HttpResponse:
    orientation = _load(request, pk)
    if not selectors.can_prepare(request.user, orientation):
        raise Http404
    scenario = None
    if scenario_pk is not None:
        scenario = get_object_or_404(orientation.scenarios, pk=scenario_pk)
    initial = (
        ScenarioForm.initial_of(scenario)
        if scenario
        else {"cost_operating": 0, "cost_investment": 0}
    )
    form = ScenarioForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = services.scenario_save(
            actor=request.user,
            orientation=orientation,
            scenario=scenario,
            data=data,
            directions=list(data["directions"]),
        )
        messages.success(request, f"Scénario {saved.letter} enregistré.")
        return redirect(orientation)
    return render(
        request,
        "orientations/scenario_form.html",
        {"form": form, "orientation": orientation, "scenario": scenario},
    )


@require_GET
def compare(request: PortalRequest, pk: int) -> HttpResponse:
    orientation = _load(request, pk)
    return render(
        request,
        "orientations/compare.html",
        {"orientation": orientation, "scenarios": _scenarios(orientation)},
    )


@require_http_methods(["GET", "POST"])
def recommend(request: PortalRequest, pk: int) -> HttpResponse:
    orientation = _load(request, pk)
    if not selectors.can_recommend(request.user, orientation):
        raise Http404
    form = RecommendForm(
        request.POST or None,
        orientation=orientation,
        initial={
            "scenario": orientation.recommended_id,
            "reasons": orientation.recommendation_reasons,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.scenario_recommend(
                actor=request.user,
                orientation=orientation,
                scenario=form.cleaned_data["scenario"],
                reasons=form.cleaned_data["reasons"],
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, "Préconisation enregistrée.")
            return redirect(orientation)
    return render(
        request,
        "orientations/recommend_form.html",
        {"form": form, "orientation": orientation, "scenarios": _scenarios(orientation)},
    )


@require_http_methods(["GET", "POST"])
def consultation(request: PortalRequest, pk: int) -> HttpResponse:
    orientation = _load(request, pk)
    if not selectors.can_open_consultation(request.user, orientation):
        raise Http404
    today = timezone.localdate()
    proposed = list(selectors.proposed_officials(orientation))
    form = ConsultationForm(
        request.POST or None,
        officials=selectors.consultable_officials(),
        initial={"officials": proposed, "deadline": default_deadline(today)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opened = services.consultation_open(
                actor=request.user,
                orientation=orientation,
                officials=list(data["officials"]),
                deadline=data["deadline"],
                urgency_reason=data["urgency_reason"],
                today=today,
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            if opened:
                messages.success(request, "Consultation ouverte : les demandes d'avis partent.")
            return redirect(orientation)
    return render(
        request,
        "orientations/consultation_form.html",
        {"form": form, "orientation": orientation, "proposed": proposed},
    )


@require_http_methods(["GET", "POST"])
def opinion(request: PortalRequest, pk: int) -> HttpResponse:
    orientation = _load(request, pk)
    own = selectors.own_request(request.user, orientation)
    if own is None:
        raise Http404
    today = timezone.localdate()
    scenarios = _scenarios(orientation)
    initial = {"verdict": own.verdict or None, "text": own.text, "round": own.round}
    initial.update({f"scenario_{k}": v for k, v in (own.per_scenario or {}).items()})
    form = OpinionForm(request.POST or None, scenarios=scenarios, initial=initial)
    locked = not selectors.can_give_opinion(request.user, own, today=today)
    if request.method == "POST":
        if locked:
            form.is_valid()
            form.add_error(
                None, "La date limite est passée : l'avis ne peut plus être donné ni modifié."
            )
        elif form.is_valid() and form.cleaned_data["round"] not in (None, own.round):
            # A form shown in an earlier round, posted after a new consultation was opened: the
            # opinion was asked on other scenarios, it does not carry over.
            form.add_error(
                None,
                "Une nouvelle consultation a été ouverte depuis l'affichage de ce formulaire : "
                "relisez l'orientation et ses scénarios avant de donner votre avis.",
            )
        elif form.is_valid():
            try:
                services.opinion_give(
                    actor=request.user,
                    request=own,
                    verdict=form.cleaned_data["verdict"],
                    text=form.cleaned_data["text"],
                    per_scenario=form.per_scenario(),
                    today=today,
                )
            except ValidationError as error:
                _apply(form, error)
            else:
                messages.success(request, "Votre avis est enregistré.")
                return redirect(orientation)
    return render(
        request,
        "orientations/opinion_form.html",
        {
            "form": form,
            "orientation": orientation,
            "own": own,
            "locked": locked,
            "scenarios": scenarios,
        },
    )


def _note_context(request: PortalRequest, orientation: Orientation) -> dict:
    scenarios = _scenarios(orientation)
    requests, earlier_rounds = _split_rounds(
        selectors.requests_visible_to(request.user, orientation)
    )
    return {
        "orientation": orientation,
        "scenarios": scenarios,
        "requests": requests,
        "earlier_rounds": earlier_rounds,
        "rows": [(r, [r.verdict_for(s) for s in scenarios]) for r in requests],
        "reservations": [r for r in requests if r.text],
        "current": selectors.current_arbitration(orientation),
        "today": timezone.localdate(),
    }


@require_GET
def note(request: PortalRequest, pk: int) -> HttpResponse:
    orientation = _load(request, pk)
    if not policy.reads_every_orientation(request.user):
        raise Http404
    context = _note_context(request, orientation)
    if request.GET.get("format") == "pdf":
        data = pdf.note_pdf(context)
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="note-au-maire-{orientation.pk}.pdf"'
        return response
    return render(request, "orientations/note.html", context)


@require_http_methods(["GET", "POST"])
def arbitrate(request: PortalRequest, pk: int) -> HttpResponse:
    orientation = _load(request, pk)
    if not selectors.can_arbitrate(request.user, orientation):
        raise Http404
    current = selectors.current_arbitration(orientation)
    form = ArbitrationForm(
        request.POST or None,
        orientation=orientation,
        initial={
            "decided_on": timezone.localdate(),
            "supersedes": current.pk if current else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.arbitration_record(
                actor=request.user,
                orientation=orientation,
                outcome=data["outcome"],
                scenario=data["scenario"],
                conditions=data["conditions"],
                decided_on=data["decided_on"],
                supersedes_id=data["supersedes"],
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, "Arbitrage enregistré.")
            return redirect(orientation)
    return render(
        request,
        "orientations/arbitration_form.html",
        {
            "form": form,
            "orientation": orientation,
            "current": current,
            "scenarios": _scenarios(orientation),
        },
    )


@require_http_methods(["GET", "POST"])
def launch(request: PortalRequest, pk: int, what: str) -> HttpResponse:
    orientation = _load(request, pk)
    if what == "deliberation":
        allowed = selectors.can_launch_deliberation(request.user, orientation)
    else:
        allowed = what in {"projet", "action"} and selectors.can_launch(request.user, orientation)
    if not allowed:
        raise Http404
    current = selectors.current_arbitration(orientation)
    data = request.POST or None
    form: LaunchProjectForm | LaunchDeliberationForm | LaunchActionForm
    if what == "projet":
        form = LaunchProjectForm(
            data,
            leaders=User.objects.filter(policy.project_leaders_q()),
            initial={"name": orientation.title[:200], "start_date": timezone.localdate()},
        )
    elif what == "deliberation":
        form = LaunchDeliberationForm(
            data,
            directions=directions_declaring_for(request.user),
            initial={"title": orientation.title},
        )
    else:
        form = LaunchActionForm(
            data,
            owners=User.objects.filter(policy.action_owners_q()).order_by("last_name"),
        )
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            if what == "projet":
                services.project_launch(
                    actor=request.user,
                    orientation=orientation,
                    data={**cleaned, "description": orientation.text[:2000]},
                    arrondissements=list(orientation.arrondissements.all()),
                )
            elif what == "deliberation":
                services.deliberation_launch(
                    actor=request.user,
                    orientation=orientation,
                    direction=cleaned["direction"],
                    sitting=cleaned["sitting"],
                    title=cleaned["title"],
                )
            else:
                services.action_launch(
                    actor=request.user,
                    orientation=orientation,
                    title=cleaned["title"],
                    owner=cleaned["owner"],
                    due_date=cleaned["due_date"],
                )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, "C'est lancé : le lien figure sur la page de l'orientation.")
            return redirect(orientation)
    return render(
        request,
        "orientations/launch_form.html",
        {"form": form, "orientation": orientation, "what": what, "current": current},
    )


@require_POST
def action_close(request: PortalRequest, pk: int, action_pk: int) -> HttpResponse:
    orientation = _load(request, pk)
    if not selectors.can_launch(request.user, orientation):
        raise Http404
    action = get_object_or_404(FollowUpAction, pk=action_pk, orientation=orientation)
    services.action_close(actor=request.user, action=action)
    return redirect(orientation)
