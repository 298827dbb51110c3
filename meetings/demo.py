"""Demo data of the meetings app: the bodies, their meetings for the coming months, the next CDS
and pôle meetings with draft agendas, one past CDS with its relevé de décisions and actions.

Idempotent: rows are created only when missing; on a later day the generator may add the new
weeks' meetings, and the new "next" meetings get their draft agenda, but nothing is altered.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from directions.models import Direction, Pole, User
from meetings.models import Action, AgendaItem, Attendance, Body, Meeting
from meetings.services import action_overdue_alerts, meetings_generate

CDS_ANCHOR = dt.date(2026, 1, 6)  # a Tuesday: the CDS meets on the Tuesdays of even fortnights

POLE_DAYS = {"solidarites": 3, "espace-public": 2, "ressources": 0, "territoires": 4}


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _bodies() -> dict[str, Body]:
    sg = _user("sg.demo")
    cm = _user("cm.demo")
    bodies = {}
    bodies["cds"], _ = Body.objects.get_or_create(
        code="cds",
        defaults={
            "name": "Comité de direction des services",
            "kind": Body.Kind.CDS,
            "cadence": Body.Cadence.FORTNIGHTLY,
            "weekday": 1,
            "anchor_date": CDS_ANCHOR,
            "start_time": dt.time(9, 30),
            "duration_minutes": 120,
            "place": "Hôtel de Ville, salon des Arcades",
            "chair": sg,
        },
    )
    for pole in Pole.objects.all():
        chair = (
            User.objects.filter(pole=pole, role__in=[User.Role.SG_ADJOINT, User.Role.SG_DELEGUE])
            .order_by("role", "username")
            .first()
        )
        bodies[f"pole-{pole.code}"], _ = Body.objects.get_or_create(
            code=f"pole-{pole.code}",
            defaults={
                "name": f"Réunion du {pole.name[0].lower()}{pole.name[1:]}",
                "kind": Body.Kind.POLE,
                "pole": pole,
                "cadence": Body.Cadence.WEEKLY,
                "weekday": POLE_DAYS.get(pole.code, 3),
                "start_time": dt.time(10, 0),
                "duration_minutes": 90,
                "place": "Hôtel de Ville, bureau du secrétariat général adjoint",
                "chair": chair,
            },
        )
    bodies["charges-mission"], _ = Body.objects.get_or_create(
        code="charges-mission",
        defaults={
            "name": "Réunion des chargés de mission",
            "kind": Body.Kind.CHARGES_MISSION,
            "cadence": Body.Cadence.MONTHLY,
            "weekday": 0,
            "week_of_month": 1,
            "start_time": dt.time(14, 30),
            "duration_minutes": 90,
            "place": "Hôtel de Ville, salle du Conseil restreint",
            "chair": sg,
        },
    )
    bodies["auditorium"], _ = Body.objects.get_or_create(
        code="auditorium",
        defaults={
            "name": "Réunion des cadres supérieurs à l'auditorium",
            "kind": Body.Kind.AUDITORIUM,
            "cadence": Body.Cadence.AD_HOC,
            "weekday": 3,
            "start_time": dt.time(17, 0),
            "duration_minutes": 90,
            "place": "Auditorium de l'Hôtel de Ville",
            "chair": sg,
        },
    )
    if cm:
        for code in ("cds", "charges-mission", "auditorium", "pole-solidarites"):
            if code in bodies and not bodies[code].preparers.filter(pk=cm.pk).exists():
                bodies[code].preparers.add(cm)
    return bodies


def _item(
    meeting,
    title,
    *,
    position,
    status,
    kind="information",
    minutes=15,
    direction=None,
    by=None,
    decision="",
    guest="",
):
    item, _ = AgendaItem.objects.get_or_create(
        meeting=meeting,
        title=title,
        defaults={
            "item_type": kind,
            "duration_minutes": minutes,
            "presenter_direction": Direction.objects.filter(code=direction).first()
            if direction
            else None,
            "status": status,
            "position": position,
            "proposed_by": by,
            "decision": decision,
            "guest": guest,
            "created_at": meeting.starts_at - dt.timedelta(days=6),
        },
    )
    return item


def _next(body: Body, now: dt.datetime) -> Meeting | None:
    return (
        body.meetings.filter(starts_at__gte=now, status=Meeting.Status.SCHEDULED)
        .order_by("starts_at")
        .first()
    )


def _draft_cds(meeting: Meeting) -> None:
    if meeting.items.exists():
        return
    cm, dases, drh = _user("cm.demo"), _user("dir.dases"), _user("dir.drh")
    A, P = AgendaItem.Status.ACCEPTED, AgendaItem.Status.PROPOSED
    _item(
        meeting,
        "Tour de table des directions",
        position=1,
        status=A,
        kind=AgendaItem.Type.TOUR_DE_TABLE,
        minutes=30,
        by=cm,
    )
    _item(
        meeting,
        "Préparation du Conseil de Paris : délibérations attendues",
        position=2,
        status=A,
        kind=AgendaItem.Type.INFORMATION,
        minutes=20,
        direction="DAJ",
        by=cm,
    )
    _item(
        meeting,
        "Plan grand froid : ouverture des places d'hébergement",
        position=3,
        status=A,
        kind=AgendaItem.Type.DECISION,
        minutes=20,
        direction="DASES",
        by=dases,
    )
    _item(
        meeting,
        "Campagne de recrutement des animateurs périscolaires",
        position=4,
        status=P,
        kind=AgendaItem.Type.INFORMATION,
        minutes=15,
        direction="DRH",
        by=drh,
    )
    _item(
        meeting,
        "Bilan de la mise en accessibilité des équipements sportifs",
        position=5,
        status=P,
        kind=AgendaItem.Type.INFORMATION,
        minutes=15,
        direction="DJS",
        by=_user("dir.djs"),
    )


def _draft_pole(meeting: Meeting) -> None:
    if meeting.items.exists():
        return
    directions = list(Direction.objects.filter(pole_id=meeting.body.pole_id).order_by("code"))
    if not directions:
        return
    A, P = AgendaItem.Status.ACCEPTED, AgendaItem.Status.PROPOSED
    first, last = directions[0], directions[-1]
    _item(
        meeting,
        "Point sur les rapports de la quinzaine",
        position=1,
        status=A,
        kind=AgendaItem.Type.TOUR_DE_TABLE,
        minutes=30,
    )
    _item(
        meeting,
        f"Projet transversal piloté par la {first.code} : jalons du trimestre",
        position=2,
        status=A,
        minutes=20,
        direction=first.code,
    )
    _item(
        meeting,
        f"Difficultés de recrutement signalées par la {last.code}",
        position=3,
        status=P,
        minutes=15,
        direction=last.code,
        by=User.objects.filter(role=User.Role.DIRECTEUR, direction=last).first(),
    )


def _past_cds(meeting: Meeting, today: dt.date) -> None:
    cm, sg = _user("cm.demo"), _user("sg.demo")
    dases, drh, dvd = _user("dir.dases"), _user("dir.drh"), _user("dir.dvd")
    A = AgendaItem.Status.ACCEPTED
    if not meeting.is_published:
        Meeting.objects.filter(pk=meeting.pk).update(
            agenda_status=Meeting.AgendaStatus.PUBLISHED,
            agenda_published_at=meeting.starts_at - dt.timedelta(days=3),
            invited_guests="Dr Anne Leclerc, directrice de l'Agence régionale de santé",
        )
    i1 = _item(
        meeting,
        "Intervention de l'Agence régionale de santé : la saison hivernale",
        position=1,
        status=A,
        kind=AgendaItem.Type.INTERVENTION,
        minutes=30,
        guest="Dr Anne Leclerc (ARS)",
        by=cm,
        decision="Les directions relaient la campagne de vaccination auprès des agents.",
    )
    i2 = _item(
        meeting,
        "Exécution budgétaire au 30 septembre",
        position=2,
        status=A,
        kind=AgendaItem.Type.DECISION,
        minutes=20,
        direction="DF",
        by=cm,
        decision="Gel de 2 % des crédits de fonctionnement non engagés jusqu'au "
        "budget supplémentaire.",
    )
    i3 = _item(
        meeting,
        "Absentéisme : tableau de bord par direction",
        position=3,
        status=A,
        kind=AgendaItem.Type.INFORMATION,
        minutes=20,
        direction="DRH",
        by=drh,
        decision="Chaque direction présente un plan d'action au prochain CDS de pôle.",
    )
    _item(
        meeting,
        "Chantiers de voirie des fêtes de fin d'année",
        position=4,
        status=AgendaItem.Status.DEFERRED,
        minutes=15,
        direction="DVD",
        by=dvd,
    )
    if not meeting.actions.exists():
        Action.objects.create(
            meeting=meeting,
            item=i3,
            owner=drh,
            created_by=cm,
            title="Transmettre le tableau de l'absentéisme par direction",
            due_date=today - dt.timedelta(days=2),
        )
        Action.objects.create(
            meeting=meeting,
            item=i1,
            owner=dases,
            created_by=cm,
            title="Relayer la campagne de vaccination dans les centres sociaux",
            due_date=today + dt.timedelta(days=5),
        )
        Action.objects.create(
            meeting=meeting,
            item=i2,
            owner=_user("dir.df"),
            created_by=cm,
            title="Notifier le gel des crédits aux directions",
            due_date=today - dt.timedelta(days=7),
            status=Action.Status.CLOSED,
            closed_by=_user("dir.df"),
            closed_at=meeting.starts_at + dt.timedelta(days=2),
        )
    if not meeting.attendances.exists():
        members = [sg, cm, dases, drh, dvd, _user("dir.df"), _user("dir.daj")]
        for user in members:
            if user:
                Attendance.objects.create(
                    meeting=meeting, user=user, status=Attendance.Status.PRESENT
                )
        if dj := _user("dir.djs"):
            Attendance.objects.create(
                meeting=meeting,
                user=dj,
                status=Attendance.Status.REPRESENTED,
                represented_by="son adjoint, M. Renaud",
            )
        if dac := _user("dir.dac"):
            Attendance.objects.create(meeting=meeting, user=dac, status=Attendance.Status.EXCUSED)


@transaction.atomic
def seed(stdout=None) -> None:
    if not User.objects.filter(username="sg.demo").exists():
        return
    today = timezone.localdate()
    now = timezone.now()
    bodies = _bodies()
    for body in bodies.values():
        meetings_generate(
            body=body, start=today - dt.timedelta(days=35), until=today + dt.timedelta(days=120)
        )
    # the auditorium meets as scheduled: the third Thursday of next month
    first_next = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    thursday = first_next + dt.timedelta(days=(3 - first_next.weekday()) % 7 + 14)
    auditorium = bodies["auditorium"]
    Meeting.objects.get_or_create(
        body=auditorium,
        slot_date=thursday,
        defaults={
            "starts_at": dt.datetime.combine(
                thursday, auditorium.start_time, tzinfo=timezone.get_current_timezone()
            ),
            "duration_minutes": auditorium.duration_minutes,
            "place": auditorium.place,
        },
    )
    cds = bodies["cds"]
    if not AgendaItem.objects.filter(meeting__body=cds, meeting__starts_at__lt=now).exists():
        past = cds.meetings.filter(starts_at__lt=now).order_by("-starts_at").first()
        if past:
            _past_cds(past, today)
    if nxt := _next(cds, now):
        _draft_cds(nxt)
    for code, body in bodies.items():
        if code.startswith("pole-") and (nxt := _next(body, now)):
            _draft_pole(nxt)
    # The past CDS's action left open past due: its owner finds the alert the tick would make.
    action_overdue_alerts(today=today)
    if stdout:
        stdout.write(
            f"  réunions : {Body.objects.count()} instances, {Meeting.objects.count()} séances, "
            f"{AgendaItem.objects.count()} points, {Action.objects.count()} actions"
        )
