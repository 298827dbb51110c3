"""Demo data: the directory's groups as the City names them, mapped to the demo organisation.

With OIDC_ISSUER unset the demo signs in with passwords and these rows only show the mapping in
the admin; pointed at a test provider, they give its accounts their role and scope.
"""

from __future__ import annotations

from directions.models import Direction, Pole, User
from sg_portal.sso.models import GroupMapping

Role = User.Role


def seed(stdout=None) -> None:
    rows: list[tuple[str, str, Direction | None, Pole | None, int]] = [
        ("GG-SG-SECRETAIRE-GENERALE", Role.SECRETAIRE_GENERALE, None, None, 1),
        ("GG-SG-DELEGUE", Role.SG_DELEGUE, None, None, 2),
        ("GG-SG-ADMIN-PORTAIL", Role.ADMINISTRATEUR, None, None, 3),
        ("GG-SG-CHARGES-MISSION", Role.CHARGE_MISSION, None, None, 40),
        ("GG-SG-CHEFS-PROJET", Role.CHEF_PROJET, None, None, 50),
        ("GG-CADRES-SUPERIEURS", Role.CADRE_SUPERIEUR, None, None, 90),
    ]
    for each_pole in Pole.objects.all():
        rows.append(
            (f"GG-SG-ADJOINT-{each_pole.code.upper()}", Role.SG_ADJOINT, None, each_pole, 10)
        )
    for each in Direction.objects.filter(kind=Direction.Kind.DIRECTION):
        rows.append((f"GG-{each.code}-DIRECTION", Role.DIRECTEUR, each, None, 20))
        rows.append((f"GG-{each.code}-REFERENTS", Role.REFERENT, each, None, 30))
    for group, role, direction, pole, priority in rows:
        GroupMapping.objects.update_or_create(
            group=group,
            defaults={
                "portal_role": role,
                "direction": direction,
                "pole": pole,
                "priority": priority,
                "note": "Démonstration",
            },
        )
    if stdout:
        stdout.write(f"  {len(rows)} correspondances de groupes de l'annuaire")
