"""The role policy: who reads, files, reviews, prepares and edits what, said once for every app.

Every app's selectors ask this module; none re-derives a rule from `user.role`. It imports no
other app of the portal (`directions` is the bottom app), so the rules are stated over field
paths that the caller names: `reviewed_directions_q(user, direction="direction")` filters
reports, `reviewed_directions_q(user)` filters directions themselves.

The SG's rules (README, "Roles and scope"; DESIGN.md, "Who uses it"):

- **reads the whole City**: the SG's staff (Secrétaire générale, délégué·e, adjoint·e·s), the
  chargés de mission (they prepare agendas and read dashboards) and the administrators. They read
  every direction's reports and dashboards and see the meetings of every body.
- **files for a direction**: its director and its référents reporting — reports, deliberations,
  the projects it leads. Nobody files for another direction.
- **reviews a direction**: the Secrétaire générale and the délégué·e review every direction; an
  SG adjoint·e the directions of the pôle they oversee; nobody else.
- **edits every project**: the SG's staff and the administrators (they alone decide who leads and
  follows a project); a chef de projet edits the projects they lead; a direction the projects it
  leads (its director may create one).
- **acknowledges a project's status**: the Secrétaire générale and the délégué·e for every
  project; an SG adjoint·e for the projects they follow and those led from their pôle.
- **prepares a body's agendas**: its chair and the chargés de mission named for it; the SG's
  staff and the chargés de mission propose items to every meeting they see, a director to the
  meetings of the bodies they sit in.
- **is convened to a body**: the CDS gathers the directors of the directions and the SG's staff;
  a pôle meeting its directors, its SG adjoint·e (or the délégué·e over it) and its chargés de
  mission; the chargés de mission's meeting them and the Secrétaire générale; the auditorium the
  senior managers, the directors and the SG's staff.
- **orientations and arbitrations**: the SG's staff and the chargés de mission prepare them
  (text, scenarios); the SG's staff recommend a scenario and open the consultation; the
  Secrétaire générale and the Maire's cabinet record the arbitration. Every City-wide reader and
  the Maire's cabinet read every orientation; a director those concerning their direction once
  consulted; an élu·e (adjoint·e or maire d'arrondissement) and the members of their cabinet only
  what that élu·e is consulted on, and give the opinion on their behalf.

Functions named `..._q` return a `Q` for a queryset; `NOTHING` matches no row and `Q()` every
row, so a caller never branches on the role itself.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from directions.models import Direction, User

Role = User.Role

#: Matches no row (an empty `IN` is answered by Django without a query).
NOTHING = Q(pk__in=[])

SG_STAFF_ROLES: frozenset[str] = frozenset(User.SG_ROLES)
DIRECTION_ROLES: frozenset[str] = frozenset(User.DIRECTION_ROLES)
#: Review every direction and acknowledge every project's status.
SG_HEAD_ROLES: frozenset[str] = frozenset({Role.SECRETAIRE_GENERALE, Role.SG_DELEGUE})
#: Read every direction's reporting and see every body's meetings.
CITY_WIDE_READER_ROLES: frozenset[str] = SG_STAFF_ROLES | {
    Role.CHARGE_MISSION,
    Role.ADMINISTRATEUR,
}
#: Propose agenda items to every meeting they see.
AGENDA_PROPOSER_ROLES: frozenset[str] = SG_STAFF_ROLES | {Role.CHARGE_MISSION}

# The SG's bodies, by the values `meetings.Body.Kind` stores.
BODY_CDS = "cds"
BODY_POLE = "pole"
BODY_CHARGES_MISSION = "charges_mission"
BODY_AUDITORIUM = "auditorium"


def _path(prefix: str, name: str) -> str:
    return f"{prefix}__{name}" if prefix else name


def is_active_user(user: Any) -> bool:
    """A signed-in, active account: nobody else is granted anything."""
    return bool(user is not None and user.is_authenticated and user.is_active)


# --- Who one is -----------------------------------------------------------------------------------


def is_administrator(user: Any) -> bool:
    """Keeps the catalogue, the organisation and the accounts; a superuser counts as one."""
    return is_active_user(user) and user.is_administrator


def is_sg_staff(user: Any) -> bool:
    """The Secrétaire générale, the délégué·e and the adjoint·e·s."""
    return is_active_user(user) and user.role in SG_STAFF_ROLES


def is_direction_member(user: Any) -> bool:
    """A director or a référent reporting (with or without a direction set)."""
    return is_active_user(user) and user.role in DIRECTION_ROLES


def is_director(user: Any) -> bool:
    """A director (escalations copy them; only they create a project for their direction)."""
    return is_active_user(user) and user.role == Role.DIRECTEUR


def is_chef_projet(user: Any) -> bool:
    return is_active_user(user) and user.role == Role.CHEF_PROJET


# --- Reading ---------------------------------------------------------------------------------------


def reads_whole_city(user: Any) -> bool:
    """SG staff, chargés de mission and administrators read every direction."""
    return is_active_user(user) and (user.role in CITY_WIDE_READER_ROLES or user.is_superuser)


def filing_direction_id(user: Any) -> int | None:
    """The direction a director or référent files for; None for everyone else."""
    if is_direction_member(user) and user.direction_id:
        return int(user.direction_id)
    return None


def reporting_direction_id(user: Any) -> int | None:
    """The one direction whose reports and dashboards a user who is not a City-wide reader
    reads: a director's or a référent's own; None when they read every one or none."""
    if reads_whole_city(user):
        return None
    return filing_direction_id(user)


def reads_reporting(user: Any) -> bool:
    """Whether the user reads any report or dashboard at all."""
    return reads_whole_city(user) or filing_direction_id(user) is not None


def organisation_directions_q(user: Any, *, direction: str = "") -> Q:
    """Directions whose organisation data the user reads: every one for a City-wide reader, their
    own for anyone attached to a direction (director, référent, cadre supérieur…)."""
    if reads_whole_city(user):
        return Q()
    if is_active_user(user) and user.direction_id:
        return Q(**{_path(direction, "id"): user.direction_id})
    return NOTHING


def reporting_directions_q(user: Any, *, direction: str = "") -> Q:
    """Directions whose reports and dashboards the user reads: every one for a City-wide reader,
    their own for a director or référent, none for anyone else."""
    if reads_whole_city(user):
        return Q()
    direction_id = filing_direction_id(user)
    if direction_id is not None:
        return Q(**{_path(direction, "id"): direction_id})
    return NOTHING


# --- Filing and reviewing --------------------------------------------------------------------------


def filed_directions_q(user: Any, *, direction: str = "") -> Q:
    """The direction a director or référent files reports and declares deliberations for."""
    direction_id = filing_direction_id(user)
    if direction_id is None:
        return NOTHING
    return Q(**{_path(direction, "id"): direction_id})


def reviews_every_direction(user: Any) -> bool:
    """The Secrétaire générale and the délégué·e."""
    return is_active_user(user) and user.role in SG_HEAD_ROLES


def reviewed_pole_id(user: Any) -> int | None:
    """The pôle an SG adjoint·e reviews; None for everyone else."""
    if is_active_user(user) and user.role == Role.SG_ADJOINT and user.pole_id:
        return int(user.pole_id)
    return None


def reviewed_directions_q(user: Any, *, direction: str = "") -> Q:
    """Directions whose reports the user validates, returns and reopens."""
    if reviews_every_direction(user):
        return Q()
    pole_id = reviewed_pole_id(user)
    if pole_id is not None:
        return Q(**{_path(direction, "pole_id"): pole_id})
    return NOTHING


def reviews_reports(user: Any) -> bool:
    """Whether the user's role is a reviewer's (an adjoint·e without a pôle reviews nothing yet
    but is still shown the reviewer's home page)."""
    return is_sg_staff(user)


def direction_filers_q(direction_id: int) -> Q:
    """Over users: the director and référents of a direction (reminders go to them)."""
    return Q(direction_id=direction_id, role__in=DIRECTION_ROLES, is_active=True)


def direction_directors_q(direction_id: int) -> Q:
    """Over users: the director(s) of a direction."""
    return Q(direction_id=direction_id, role=Role.DIRECTEUR, is_active=True)


def pole_reviewers_q(pole_id: int | None) -> Q:
    """Over users: the SG adjoint·e·s who review a pôle's directions (escalations go to them)."""
    if pole_id is None:
        return NOTHING
    return Q(role=Role.SG_ADJOINT, pole_id=pole_id, is_active=True)


def secretaire_generale_q() -> Q:
    """Over users: the Secrétaire générale (escalations when a pôle has no adjoint·e)."""
    return Q(role=Role.SECRETAIRE_GENERALE, is_active=True)


def sg_staff_q() -> Q:
    """Over users: the SG's staff (the fortnightly digest goes to them)."""
    return Q(role__in=SG_STAFF_ROLES, is_active=True)


# --- Administration --------------------------------------------------------------------------------


def manages_catalogue(user: Any) -> bool:
    """Imports indicator history and manages the reporting reminders: administrators."""
    return is_administrator(user)


# --- Projects and deliberations --------------------------------------------------------------------


def edits_every_project(user: Any) -> bool:
    """SG staff and administrators edit every project and every deliberation, and alone decide
    who leads and follows a project."""
    return is_sg_staff(user) or is_administrator(user)


def edited_projects_q(user: Any, *, project: str = "") -> Q:
    """Projects the user edits: every one (SG staff, administrators), a chef de projet's own,
    the projects a director's or référent's direction leads."""
    if edits_every_project(user):
        return Q()
    if is_chef_projet(user):
        return Q(**{_path(project, "chef_projet"): user.pk})
    direction_id = filing_direction_id(user)
    if direction_id is not None:
        return Q(**{_path(project, "lead_direction_id"): direction_id})
    return NOTHING


def creates_projects(user: Any) -> bool:
    """SG staff, administrators, and a director for their own direction."""
    return edits_every_project(user) or (is_director(user) and bool(user.direction_id))


def status_posted_q(user: Any, *, project: str = "") -> Q:
    """Projects whose fortnightly status the user posts: the projects they lead as chef de
    projet, and for a direction the projects it leads that have no chef de projet."""
    if not is_active_user(user):
        return NOTHING
    rule = Q(**{_path(project, "chef_projet"): user.pk})
    direction_id = filing_direction_id(user)
    if direction_id is not None:
        rule |= Q(
            **{
                _path(project, "chef_projet__isnull"): True,
                _path(project, "lead_direction_id"): direction_id,
            }
        )
    return rule


def status_reviewed_q(user: Any, *, project: str = "project") -> Q:
    """Projects (through `project`) whose statuses the user acknowledges or questions: every one
    for the Secrétaire générale and the délégué·e; for an SG adjoint·e the projects they follow
    and those led from the pôle they review."""
    if reviews_every_direction(user):
        return Q()
    if is_active_user(user) and user.role == Role.SG_ADJOINT:
        rule = Q(**{_path(project, "sg_adjoint"): user.pk})
        pole_id = reviewed_pole_id(user)
        if pole_id is not None:
            rule |= Q(**{_path(project, "lead_direction__pole_id"): pole_id})
        return rule
    return NOTHING


def followed_projects_q(user: Any, *, project: str = "project") -> Q:
    """Projects whose milestones concern the user on the home page: a chef de projet's own; a
    direction's (led or partnered) for its members and senior managers; an adjoint·e's and
    their pôle's; every project for the rest of the SG, the chargés de mission and the
    administrators. Anyone else (an account without a direction) follows none."""
    if not is_active_user(user):
        return NOTHING
    if is_chef_projet(user):
        return Q(**{_path(project, "chef_projet"): user.pk})
    if user.role in DIRECTION_ROLES or user.role == Role.CADRE_SUPERIEUR:
        if not user.direction_id:
            return NOTHING
        return Q(**{_path(project, "lead_direction_id"): user.direction_id}) | Q(
            **{_path(project, "partner_directions"): user.direction_id}
        )
    if reviewed_pole_id(user) is not None:
        return status_reviewed_q(user, project=project)
    return Q()


def records_council_decisions(user: Any) -> bool:
    """A deliberation's inscription on the Conseil de Paris' agenda and its vote are recorded by
    the SG (staff and administrators) alone; a direction declares and updates its own."""
    return edits_every_project(user)


def edited_deliberations_q(user: Any, *, direction: str = "direction") -> Q:
    """Deliberations the user updates: every one for SG staff and administrators, their own
    direction's for a director or référent."""
    if edits_every_project(user):
        return Q()
    return filed_directions_q(user, direction=direction)


def project_followers_q() -> Q:
    """Over users: who may be named the SG adjoint·e following a project."""
    return Q(role__in={Role.SG_ADJOINT, Role.SG_DELEGUE}, is_active=True)


def project_leaders_q() -> Q:
    """Over users: who may be named chef de projet."""
    return Q(role=Role.CHEF_PROJET, is_active=True)


# --- Bodies and meetings ---------------------------------------------------------------------------


def sees_every_meeting(user: Any) -> bool:
    """City-wide readers see the meetings of every body, chargés de mission included."""
    return reads_whole_city(user)


def prepares_body(user: Any, *, chair_id: int | None, preparer_ids: set[int]) -> bool:
    """A body's agendas are prepared by its chair and the chargés de mission named for it."""
    return is_active_user(user) and (user.pk == chair_id or user.pk in preparer_ids)


def proposes_to_visible_meetings(user: Any) -> bool:
    """The SG's staff and the chargés de mission propose items to every meeting they see."""
    return is_active_user(user) and user.role in AGENDA_PROPOSER_ROLES


def proposes_as_member(user: Any) -> bool:
    """A director proposes items to the meetings of the bodies they sit in."""
    return is_director(user)


def presents_for_direction(user: Any) -> bool:
    """An item a director or référent proposes is presented by them (for their direction)."""
    return is_direction_member(user)


def convened_q(kind: str, pole_id: int | None) -> Q:
    """Over users: who a body of this kind convenes by the organisation (a body's chair and its
    extra members come on top, in the meetings app)."""
    if kind == BODY_CDS:
        return Q(role=Role.DIRECTEUR, direction__kind=Direction.Kind.DIRECTION) | Q(
            role__in=SG_STAFF_ROLES
        )
    if kind == BODY_POLE:
        return (
            Q(role=Role.DIRECTEUR, direction__pole_id=pole_id)
            | Q(role__in={Role.SG_ADJOINT, Role.SG_DELEGUE}, pole_id=pole_id)
            | Q(role=Role.CHARGE_MISSION, pole_id=pole_id)
        )
    if kind == BODY_CHARGES_MISSION:
        return Q(role__in={Role.CHARGE_MISSION, Role.SECRETAIRE_GENERALE})
    return Q(role__in={Role.CADRE_SUPERIEUR, Role.DIRECTEUR, *SG_STAFF_ROLES})


def is_convened(user: Any, kind: str, pole_id: int | None) -> bool:
    """`convened_q` decided in Python for one user (no query; reads `user.direction`)."""
    if not is_active_user(user):
        return False
    role = user.role
    direction = user.direction if user.direction_id else None
    if kind == BODY_CDS:
        return role in SG_STAFF_ROLES or (
            role == Role.DIRECTEUR
            and direction is not None
            and direction.kind == Direction.Kind.DIRECTION
        )
    if kind == BODY_POLE:
        if role == Role.DIRECTEUR:
            return direction is not None and direction.pole_id == pole_id
        if role in {Role.SG_ADJOINT, Role.SG_DELEGUE, Role.CHARGE_MISSION}:
            return user.pole_id == pole_id
        return False
    if kind == BODY_CHARGES_MISSION:
        return role in {Role.CHARGE_MISSION, Role.SECRETAIRE_GENERALE}
    return role in {Role.CADRE_SUPERIEUR, Role.DIRECTEUR} or role in SG_STAFF_ROLES


def body_directions_q(kind: str, pole_id: int | None, *, direction: str = "") -> Q:
    """Directions a body's meetings look at: every direction for the CDS, the pôle's for its
    meeting, none for the others."""
    if kind == BODY_CDS:
        return Q(**{_path(direction, "kind"): Direction.Kind.DIRECTION})
    if kind == BODY_POLE and pole_id is not None:
        return Q(**{_path(direction, "pole_id"): pole_id})
    return NOTHING


# --- Orientations and arbitrations ---------------------------------------------------------------

#: An élu·e and the members of their cabinet answer a consultation for the same `ElectedOfficial`.
ELECTED_SIDE_ROLES: frozenset[str] = frozenset({Role.ELU, Role.CABINET_ELU})


def is_elected_official(user: Any) -> bool:
    """An adjoint·e à la Maire or a maire d'arrondissement with a portal account."""
    return is_active_user(user) and user.role == Role.ELU


def is_elected_cabinet(user: Any) -> bool:
    """A member of an élu·e's cabinet (answers for them)."""
    return is_active_user(user) and user.role == Role.CABINET_ELU


def is_mayor_cabinet(user: Any) -> bool:
    """The Maire's cabinet: records her arbitrations with the Secrétaire générale."""
    return is_active_user(user) and user.role == Role.CABINET_MAIRE


def represented_official_id(user: Any) -> int | None:
    """The `ElectedOfficial` an élu·e is, or a cabinet member answers for; None otherwise."""
    if is_active_user(user) and user.role in ELECTED_SIDE_ROLES and user.elected_official_id:
        return int(user.elected_official_id)
    return None


def reads_every_orientation(user: Any) -> bool:
    """City-wide readers (SG staff, chargés de mission, administrators) and the Maire's cabinet."""
    return reads_whole_city(user) or is_mayor_cabinet(user)


def prepares_orientations(user: Any) -> bool:
    """SG staff create orientations; a chargé·e de mission prepares them (text, scenarios)."""
    return is_active_user(user) and user.role in SG_STAFF_ROLES | {Role.CHARGE_MISSION}


def recommends_scenarios(user: Any) -> bool:
    """The SG's staff mark the préconisé scenario and open (or extend) the consultation."""
    return is_sg_staff(user)


def records_arbitrations(user: Any) -> bool:
    """The Secrétaire générale or the Maire's cabinet, on the Maire's behalf."""
    return is_active_user(user) and user.role in {Role.SECRETAIRE_GENERALE, Role.CABINET_MAIRE}


def orientation_direction_id(user: Any) -> int | None:
    """The direction whose orientations a director reads (once their consultation is open)."""
    if is_director(user) and user.direction_id:
        return int(user.direction_id)
    return None


def consulted_officials_q(user: Any, *, official: str = "official") -> Q:
    """Consultation requests (through `official`) the user answers: an élu·e's own, those of the
    élu·e a cabinet member works for; none for anyone else."""
    official_id = represented_official_id(user)
    if official_id is None:
        return NOTHING
    return Q(**{_path(official, "id"): official_id})


def official_voices_q(official_id: int) -> Q:
    """Over users: the accounts that answer for an élu·e (the élu·e and their cabinet); requests
    and reminders of a consultation go to them."""
    return Q(elected_official_id=official_id, role__in=ELECTED_SIDE_ROLES, is_active=True)


def arbitrators_q() -> Q:
    """Over users: who records the Maire's arbitrations (told when a consultation closes)."""
    return Q(role__in={Role.SECRETAIRE_GENERALE, Role.CABINET_MAIRE}, is_active=True)


def electeds_answering_q(official_ids: list[int]) -> Q:
    """Over users: the accounts that answer for any of these élu·e·s."""
    return Q(elected_official_id__in=official_ids, role__in=ELECTED_SIDE_ROLES, is_active=True)


def action_owners_q() -> Q:
    """Over users: who may own a follow-up action of an arbitration (the administration, not the
    élu·e·s nor the cabinets)."""
    return Q(is_active=True) & ~Q(role__in=ELECTED_SIDE_ROLES | {Role.CABINET_MAIRE})


def sees_orientations(user: Any) -> bool:
    """Whether the « Arbitrages » page concerns the user at all (its list is still scoped)."""
    return (
        reads_every_orientation(user)
        or represented_official_id(user) is not None
        or orientation_direction_id(user) is not None
    )


# --- Navigation --------------------------------------------------------------------------------------


def works_for_sg(user: Any) -> bool:
    """The SG's side (risks, arbitrations): City-wide readers and the chefs de projet transverses."""
    return reads_whole_city(user) or is_chef_projet(user)


# --- Risks -----------------------------------------------------------------------------------------

#: The authorities who accept a risk, from the lowest: a direction's director, the SG adjoint·e
#: of its pôle (or the délégué·e), the Secrétaire générale. The risks app says which level
#: requires which authority.
AUTHORITY_DIRECTOR = 1
AUTHORITY_POLE = 2
AUTHORITY_SG = 3


def reads_risks(user: Any) -> bool:
    """Whether the user reads any risk by role: City-wide readers, a direction's director or
    référent, a chef de projet. (An owner or contributor reads their own risks whatever their
    role: that is ownership, decided by the risks app.)"""
    return reads_whole_city(user) or filing_direction_id(user) is not None or is_chef_projet(user)


def risks_read_q(user: Any, *, direction: str = "direction", project: str = "project") -> Q:
    """Risks the user reads by role: every one for the SG's staff, the chargés de mission and
    the administrators; a direction's own and those of the projects it leads for its director
    and référents; the risks of their projects for a chef de projet; none for anyone else."""
    if reads_whole_city(user):
        return Q()
    if is_chef_projet(user):
        return Q(**{_path(project, "chef_projet"): user.pk})
    direction_id = filing_direction_id(user)
    if direction_id is not None:
        return Q(**{_path(direction, "id"): direction_id}) | Q(
            **{_path(project, "lead_direction_id"): direction_id}
        )
    return NOTHING


def risks_edited_q(user: Any, *, direction: str = "direction", project: str = "project") -> Q:
    """Risks the user edits by role: every one for the SG's staff and the administrators; those
    of their scope for a direction's director or référent and a chef de projet. The chargés de
    mission read without editing."""
    if is_sg_staff(user) or is_administrator(user):
        return Q()
    if reads_whole_city(user):
        return NOTHING
    return risks_read_q(user, direction=direction, project=project)


def creates_risks(user: Any) -> bool:
    """The SG's staff, the administrators, a direction's director or référent, a chef de projet."""
    return (
        is_sg_staff(user)
        or is_administrator(user)
        or filing_direction_id(user) is not None
        or is_chef_projet(user)
    )


def creates_risks_anywhere(user: Any) -> bool:
    """Who records a risk on any direction, pôle or the City: the SG's staff and administrators
    (a direction records its own, a chef de projet on their projects)."""
    return is_sg_staff(user) or is_administrator(user)


def acceptance_authority(user: Any, *, direction_id: int | None, pole_id: int | None) -> int:
    """The highest authority the user holds over a risk of this direction and pôle: 3 for the
    Secrétaire générale, 2 for the délégué·e and for the SG adjoint·e of the pôle, 1 for the
    direction's director, 0 otherwise."""
    if not is_active_user(user):
        return 0
    if user.role == Role.SECRETAIRE_GENERALE:
        return AUTHORITY_SG
    if user.role == Role.SG_DELEGUE:
        return AUTHORITY_POLE
    if pole_id is not None and reviewed_pole_id(user) == pole_id:
        return AUTHORITY_POLE
    if direction_id is not None and is_director(user) and user.direction_id == direction_id:
        return AUTHORITY_DIRECTOR
    return 0


def sees_consolidated_risk_map(user: Any) -> bool:
    """The SG's consolidated map: the SG's staff, the chargés de mission, the administrators."""
    return reads_whole_city(user)


def risk_reviewers_q() -> Q:
    """Over users: who may be named the SG adjoint·e reviewing a risk."""
    return Q(role__in={Role.SG_ADJOINT, Role.SG_DELEGUE}, is_active=True)


# --- Who one becomes: the directory's groups ---------------------------------------------------------
# At each single sign-on, the portal gives a person the role and the scope that an administrator
# mapped to one of their directory groups. What a role needs as scope is said here, once.


def role_choices() -> list[tuple[str, str]]:
    """The roles an administrator may map a directory group to."""
    return list(Role.choices)


def role_label(role: str) -> str:
    return str(dict(Role.choices).get(role, role))


# Each role's title in the masculine and the feminine (the roles' labels are inclusive, « ·e »).
_ROLE_TITLES = {
    Role.DIRECTEUR: ("Directeur", "Directrice"),
    Role.REFERENT: ("Référent reporting", "Référente reporting"),
    Role.SECRETAIRE_GENERALE: ("Secrétaire général", "Secrétaire générale"),
    Role.SG_DELEGUE: ("Secrétaire général délégué", "Secrétaire générale déléguée"),
    Role.SG_ADJOINT: ("Secrétaire général adjoint", "Secrétaire générale adjointe"),
    Role.CHARGE_MISSION: ("Chargé de mission", "Chargée de mission"),
    Role.CHEF_PROJET: ("Chef de projet transverse", "Cheffe de projet transverse"),
    Role.CADRE_SUPERIEUR: ("Cadre supérieur", "Cadre supérieure"),
    Role.ADMINISTRATEUR: ("Administrateur", "Administratrice"),
}


def role_title(user: Any) -> str:
    """The user's role as a title in their own gender (« Directrice », « Secrétaire général
    adjoint »), read from their job title — the directory's, which is written in the person's
    gender; the inclusive label when the job title does not tell."""
    forms = _ROLE_TITLES.get(user.role)
    if forms is None:
        return role_label(user.role)
    job = (user.job_title or "").strip().lower()
    masculine, feminine = forms
    for count in range(1, len(feminine.split()) + 1):
        fem = " ".join(feminine.lower().split()[:count])
        masc = " ".join(masculine.lower().split()[:count])
        if fem == masc:
            continue
        if job == fem or job.startswith((fem + " ", fem + ",")):
            return feminine
        if job == masc or job.startswith((masc + " ", masc + ",")):
            return masculine
        break
    return role_label(user.role)


def role_scope_needed(role: str) -> str | None:
    """`"direction"` for a director or a référent, `"pole"` for an SG adjoint·e,
    `"elected_official"` for an élu·e and a member of their cabinet, None otherwise."""
    if role in DIRECTION_ROLES:
        return "direction"
    if role == Role.SG_ADJOINT:
        return "pole"
    if role in ELECTED_SIDE_ROLES:
        return "elected_official"
    return None


def role_scope_problem(
    role: str,
    *,
    direction_id: int | None,
    pole_id: int | None,
    elected_official_id: int | None = None,
) -> str | None:
    """What is missing for a role to make sense, in French, or None."""
    needed = role_scope_needed(role)
    if needed == "direction" and direction_id is None:
        return f"Le rôle « {role_label(role)} » demande une direction."
    if needed == "pole" and pole_id is None:
        return f"Le rôle « {role_label(role)} » demande un pôle."
    if needed == "elected_official" and elected_official_id is None:
        return f"Le rôle « {role_label(role)} » demande l'élu·e concerné·e."
    return None


def directory_scope(user: Any) -> dict[str, Any]:
    """The role and scope a person holds, as the journal records them."""
    return {
        "role": user.role,
        "direction": user.direction_id,
        "pole": user.pole_id,
        "elected_official": user.elected_official_id,
    }


def directory_scope_apply(
    user: Any,
    *,
    role: str,
    direction_id: int | None,
    pole_id: int | None,
    elected_official_id: int | None = None,
) -> list[str]:
    """Give `user` the role and scope mapped from the directory (not saved); the changed fields.

    An administrator's role opens the Django admin (`is_staff`); a person who leaves that role
    loses it, unless they are a superuser (a break-glass account, kept by hand)."""
    wanted = {
        "role": role,
        "direction_id": direction_id,
        "pole_id": pole_id,
        "elected_official_id": elected_official_id,
    }
    if not user.is_superuser:
        wanted["is_staff"] = role == Role.ADMINISTRATEUR
    changed = [name for name, value in wanted.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, wanted[name])
    return changed


def administrators_q() -> Q:
    """Active accounts that keep the portal's accounts: administrators and superusers."""
    return Q(is_active=True) & (Q(role=Role.ADMINISTRATEUR) | Q(is_superuser=True))


# --- The home page ---------------------------------------------------------------------------------

#: The home page's scopes, by the values `sg_portal.horizons.Scope` stores.
SCOPE_ME = "moi"
SCOPE_POLE = "pole"
SCOPE_SG = "sg"


def home_scopes(user: Any) -> list[str]:
    """The scopes of the home page a user may switch between: everyone sees what is theirs;
    the City-wide readers the whole SG too, and « mon pôle » when they belong to a pôle."""
    if not is_active_user(user):
        return []
    scopes = [SCOPE_ME]
    if reads_whole_city(user):
        if user.pole_id:
            scopes.append(SCOPE_POLE)
        scopes.append(SCOPE_SG)
    return scopes


def pole_directions_q(user: Any, *, direction: str = "") -> Q:
    """The directions of the user's pôle (« mon pôle » on the home page); none without a pôle."""
    if not user.pole_id:
        return NOTHING
    return Q(**{_path(direction, "pole_id"): user.pole_id})


# --- Internal communication --------------------------------------------------------------------------

# The audiences of an announcement or an auditorium session, by the values `communication` stores.
AUDIENCE_CADRES = "cadres"
AUDIENCE_DIRECTORS = "directeurs"
AUDIENCE_POLE = "pole"
AUDIENCE_DIRECTIONS = "directions"
AUDIENCE_SG = "sg"


def writes_communication(user: Any) -> bool:
    """Announcements and auditorium sessions are written by the SG's staff (and administrators,
    who keep the portal); they alone see the figures of reading, relay and attendance City-wide."""
    return is_sg_staff(user) or is_administrator(user)


def works_at_sg(user: Any) -> bool:
    """The SG's own people: its staff, the chargés de mission, and anyone attached to the SG or
    to one of its délégations and missions (reads `user.direction`)."""
    if not is_active_user(user):
        return False
    if user.role in SG_STAFF_ROLES or user.role == Role.CHARGE_MISSION:
        return True
    direction = user.direction if user.direction_id else None
    return direction is not None and (
        direction.kind == Direction.Kind.SG or direction.parent_id is not None
    )


def user_pole_id(user: Any) -> int | None:
    """The pôle a user belongs to: their direction's, or the one they are attached to."""
    if not is_active_user(user):
        return None
    if user.direction_id and user.direction.pole_id:
        return int(user.direction.pole_id)
    return int(user.pole_id) if user.pole_id else None


def audience_q(
    user: Any,
    *,
    audience: str = "audience",
    pole: str = "audience_pole",
    directions: str = "audience_directions",
) -> Q:
    """Over announcements or sessions: those whose audience includes the user. Every signed-in
    cadre is in « tous les cadres »; the directors (and the SG) in « les directeurs »; a pôle's
    directions and people in that pôle's; a direction's people in an audience naming it; the
    SG's people in « les équipes du SG ». The writers see every one."""
    if not is_active_user(user):
        return NOTHING
    if writes_communication(user):
        return Q()
    rule = Q(**{audience: AUDIENCE_CADRES})
    if is_director(user):
        rule |= Q(**{audience: AUDIENCE_DIRECTORS})
    pole_id = user_pole_id(user)
    if pole_id is not None:
        rule |= Q(**{audience: AUDIENCE_POLE, _path(pole, "id"): pole_id})
    if user.direction_id:
        rule |= Q(**{audience: AUDIENCE_DIRECTIONS, _path(directions, "id"): user.direction_id})
    if works_at_sg(user):
        rule |= Q(**{audience: AUDIENCE_SG})
    return rule


def audience_members_q(audience: str, pole_id: int | None, direction_ids: list[int]) -> Q:
    """Over users: the people an audience reaches (the denominators of reading rates)."""
    active = Q(is_active=True)
    if audience == AUDIENCE_CADRES:
        return active
    if audience == AUDIENCE_DIRECTORS:
        return active & (Q(role=Role.DIRECTEUR) | Q(role__in=SG_STAFF_ROLES))
    if audience == AUDIENCE_POLE:
        if pole_id is None:
            return NOTHING
        return active & (Q(direction__pole_id=pole_id) | Q(direction__isnull=True, pole_id=pole_id))
    if audience == AUDIENCE_DIRECTIONS:
        return active & Q(direction_id__in=direction_ids)
    if audience == AUDIENCE_SG:
        return active & (
            Q(role__in=SG_STAFF_ROLES | {Role.CHARGE_MISSION})
            | Q(direction__kind=Direction.Kind.SG)
            | Q(direction__parent__isnull=False)
        )
    return NOTHING


def relaying_directions_q(
    audience: str, pole_id: int | None, direction_ids: list[int], *, direction: str = ""
) -> Q:
    """Over directions: those whose director relays an announcement to their teams — the
    directions (not the SG's délégations) its audience reaches."""
    rule = Q(
        **{_path(direction, "kind"): Direction.Kind.DIRECTION, _path(direction, "is_active"): True}
    )
    if audience in {AUDIENCE_CADRES, AUDIENCE_DIRECTORS}:
        return rule
    if audience == AUDIENCE_POLE and pole_id is not None:
        return rule & Q(**{_path(direction, "pole_id"): pole_id})
    if audience == AUDIENCE_DIRECTIONS:
        return rule & Q(**{_path(direction, "id__in"): direction_ids})
    return NOTHING


def relays_for_direction_id(user: Any) -> int | None:
    """The direction whose relay of announcements the user records: a director's own."""
    if is_director(user) and user.direction_id:
        return int(user.direction_id)
    return None


def communication_directions_q(user: Any, *, direction: str = "") -> Q:
    """Directions whose relay and attendance figures the user reads: every one for the writers,
    their own for a director, none for anyone else."""
    if writes_communication(user):
        return Q()
    direction_id = relays_for_direction_id(user)
    if direction_id is not None:
        return Q(**{_path(direction, "id"): direction_id})
    return NOTHING


def relays_announcement(
    direction: Direction | None, audience: str, pole_id: int | None, direction_ids: list[int]
) -> bool:
    """`relaying_directions_q` decided in Python for one direction (no query)."""
    if direction is None or direction.kind != Direction.Kind.DIRECTION or not direction.is_active:
        return False
    if audience in {AUDIENCE_CADRES, AUDIENCE_DIRECTORS}:
        return True
    if audience == AUDIENCE_POLE:
        return pole_id is not None and direction.pole_id == pole_id
    if audience == AUDIENCE_DIRECTIONS:
        return direction.pk in direction_ids
    return False


def directors_of_directions_q(direction_ids: Any) -> Q:
    """Over users: the active directors of the given directions (ids or a subquery)."""
    return Q(direction_id__in=direction_ids, role=Role.DIRECTEUR, is_active=True)
