"""Demo data of internal communication: five announcements (an « important » banner, one pinned
on the home page, one to acknowledge and relay with a few directions already relayed, one for a
pôle in Markdown, one scheduled), two auditorium sessions (one coming and full with a waiting
list, one past with its slides, recording and attendance).

Idempotent: each row is found by its title before being created.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from communication import services
from communication.models import (
    Announcement,
    Audience,
    Question,
    Registration,
    Session,
    SessionReservation,
    Signature,
)
from directions.models import Direction, Pole, User

SLIDES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
    b"endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _announcement(author: User, title: str, **data) -> Announcement | None:
    existing = Announcement.objects.filter(title=title).first()
    if existing is not None:
        return None
    directions = data.pop("directions", [])
    return services.announcement_create(
        actor=author, data={"title": title, **data}, directions=directions
    )


@transaction.atomic
def seed(stdout=None) -> None:
    sg = _user("sg.demo")
    if sg is None:
        return
    now = timezone.now()
    today = timezone.localdate()
    _announcement(
        sg,
        "Plan grand froid : continuité des services du 1er au 15 décembre",
        lead="Chaque direction désigne d'ici vendredi un cadre d'astreinte et le signale au SG.",
        body=(
            "Le préfet a déclenché le niveau 2 du plan grand froid.\n\n"
            "Chaque direction désigne un cadre d'astreinte joignable de 7 h à 22 h et "
            "communique son nom au Secrétariat général avant vendredi midi.\n\n"
            "Les consignes détaillées : https://intranet.paris.fr/grand-froid"
        ),
        category=Announcement.Category.ORGANISATION,
        signature=Signature.SECRETAIRE_GENERALE,
        publish_at=now - dt.timedelta(hours=3),
        is_important=True,
    )
    _announcement(
        sg,
        "Calendrier budgétaire 2027 : les dates à retenir",
        lead="Conférences budgétaires en janvier, arbitrages de la Maire en février.",
        body=(
            "## Les étapes\n\n"
            "1. **12 janvier** : envoi des lettres de cadrage ;\n"
            "2. **du 19 au 30 janvier** : conférences budgétaires par pôle ;\n"
            "3. **mi-février** : arbitrages de la Maire.\n\n"
            "Le détail figure dans la [note de cadrage](https://intranet.paris.fr/budget-2027)."
        ),
        body_format=Announcement.Format.MARKDOWN,
        category=Announcement.Category.PILOTAGE,
        signature=Signature.SG_DELEGUE,
        publish_at=now - dt.timedelta(days=2),
        pinned_until=today + dt.timedelta(days=20),
    )
    relay = _announcement(
        sg,
        "Nouvelle charte de l'encadrement : à porter auprès de vos équipes",
        lead="La charte adoptée en CDS s'applique au 1er janvier ; chaque directeur la présente à ses cadres.",
        body=(
            "La charte de l'encadrement a été adoptée au comité de direction des services.\n\n"
            "Elle fixe les engagements réciproques des cadres et de leurs équipes : réunions "
            "d'équipe régulières, entretiens annuels tenus à date, droit à la déconnexion.\n\n"
            "Je vous demande d'en prendre connaissance et, pour les directrices et directeurs, "
            "de la présenter à vos cadres avant le 20 décembre."
        ),
        category=Announcement.Category.RH,
        signature=Signature.SECRETAIRE_GENERALE,
        publish_at=now - dt.timedelta(days=6),
        asks_acknowledgement=True,
        asks_relay=True,
    )
    if relay is not None:
        for code, days, how in (
            ("DASES", 4, "reunion"),
            ("DRH", 3, "note"),
            ("DVD", 1, "courriel"),
        ):
            director = User.objects.filter(username=f"dir.{code.lower()}").first()
            direction = Direction.objects.filter(code=code).first()
            if director is None or direction is None:
                continue
            services.announcement_acknowledge(user=director, announcement=relay)
            services.announcement_relay(
                actor=director,
                announcement=relay,
                direction=direction,
                relayed_on=today - dt.timedelta(days=days),
                how=how,
                note="Présentée en comité de direction." if how == "reunion" else "",
            )
        for username in ("cadre.demo", "ref.dases", "dir.dfpe", "adjoint.demo"):
            reader = _user(username)
            if reader is not None:
                services.announcement_read(user=reader, announcement=relay)
    pole = Pole.objects.filter(code="solidarites").first()
    if pole is not None:
        _announcement(
            sg,
            "Pôle Solidarités : réunion de rentrée des cadres",
            body="Les cadres des directions du pôle sont invités le *15 janvier* à 9 h 30, salle des fêtes.",
            body_format=Announcement.Format.MARKDOWN,
            category=Announcement.Category.EVENEMENT,
            signature=Signature.SG_ADJOINT,
            audience=Audience.POLE,
            audience_pole=pole,
            publish_at=now - dt.timedelta(days=1),
        )
    _announcement(
        sg,
        "Vœux de la Secrétaire générale aux cadres",
        body="Publication programmée : le message de vœux sera en ligne le 2 janvier.",
        category=Announcement.Category.INFORMATION,
        signature=Signature.SECRETAIRE_GENERALE,
        publish_at=timezone.make_aware(dt.datetime(today.year + 1, 1, 2, 9, 0)),
    )
    _sessions(sg, now)


def _session(organiser: User, title: str, **fields) -> tuple[Session, bool]:
    existing = Session.objects.filter(title=title).first()
    if existing is not None:
        return existing, False
    return Session.objects.create(organiser=organiser, title=title, **fields), True


def _sessions(sg: User, now: dt.datetime) -> None:
    people = list(
        User.objects.filter(is_active=True, username__startswith="dir.").order_by("username")[:8]
    )
    cadre = _user("cadre.demo")
    if cadre is not None:
        people.insert(0, cadre)
    start = timezone.localtime(now).replace(hour=9, minute=30, second=0, microsecond=0)
    coming, created = _session(
        sg,
        "L'intelligence artificielle dans les services : usages et garde-fous",
        description=(
            "Retours d'expérience de trois directions et présentation de la doctrine de la Ville "
            "sur les assistants d'écriture."
        ),
        speakers="Hélène Marchetti, Secrétaire générale ; Pauline Garnier, cheffe de projet transverse",
        starts_at=start + dt.timedelta(days=9),
        duration_minutes=120,
        capacity=6,
        video_url="https://webtv.paris.fr/auditorium",
        registration_opens_at=now - dt.timedelta(days=5),
        registration_closes_at=start + dt.timedelta(days=8),
    )
    if created:
        solidarites = Pole.objects.filter(code="solidarites").first()
        if solidarites is not None:
            # Two of the six seats kept for the pôle Solidarités until two days before closing.
            SessionReservation.objects.create(session=coming, pole=solidarites, seats=2)
        for person in people:
            services.session_register(session_id=coming.pk, user=person)
        if cadre is not None:
            Question.objects.create(
                session=coming,
                author=cadre,
                text="Quelles données peut-on confier à un assistant d'écriture ?",
            )
    past, created = _session(
        sg,
        "Le budget 2027 expliqué aux cadres",
        description="Les grandes masses du budget et le calendrier des conférences budgétaires.",
        speakers="Vincent Aubert, Secrétaire général délégué",
        starts_at=start - dt.timedelta(days=12),
        duration_minutes=90,
        capacity=200,
        registration_opens_at=now - dt.timedelta(days=40),
        registration_closes_at=start - dt.timedelta(days=13),
        recording_url="https://webtv.paris.fr/auditorium/budget-2027",
        slides=SLIDES,
        slides_name="budget-2027.pdf",
        slides_type="application/pdf",
    )
    if created:
        for index, person in enumerate(people):
            Registration.objects.create(
                session=past,
                user=person,
                status=Registration.Status.PRESENT if index % 3 else Registration.Status.ABSENT,
                queued_at=now - dt.timedelta(days=30, minutes=-index),
            )
