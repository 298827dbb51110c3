"""The administrators' mapping of the directory's groups refuses a role without its scope."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from directions.models import User
from sg_portal.sso.models import GroupMapping

pytestmark = pytest.mark.django_db


def test_a_director_mapping_needs_a_direction(cast):
    mapping = GroupMapping(group="GG-X", portal_role=User.Role.DIRECTEUR)
    with pytest.raises(ValidationError) as refused:
        mapping.full_clean()
    assert refused.value.message_dict["direction"] == [
        "Le rôle « Directeur·rice » demande une direction."
    ]


def test_an_sg_adjoint_mapping_needs_a_pole(cast):
    mapping = GroupMapping(group="GG-X", portal_role=User.Role.SG_ADJOINT)
    with pytest.raises(ValidationError) as refused:
        mapping.full_clean()
    assert "demande un pôle" in refused.value.message_dict["pole"][0]


def test_a_group_name_is_one_line(cast):
    mapping = GroupMapping(group="GG-X\nGG-Y", portal_role=User.Role.CHARGE_MISSION)
    with pytest.raises(ValidationError) as refused:
        mapping.full_clean()
    assert "group" in refused.value.message_dict


def test_administrators_keep_the_mapping_in_the_admin(client, cast, admin_user_demo, dases):
    client.force_login(admin_user_demo)
    response = client.post(
        reverse("admin:sso_groupmapping_add"),
        {
            "group": "GG-DASES-DIRECTION",
            "portal_role": "directeur",
            "direction": dases.pk,
            "priority": 10,
            "note": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert GroupMapping.objects.get().direction == dases
    listing = client.get(reverse("admin:sso_groupmapping_changelist"))
    assert "GG-DASES-DIRECTION" in listing.text
    assert client.get(reverse("admin:sso_identity_changelist")).status_code == 200


def test_the_demo_maps_a_group_to_each_direction(demo_org):
    from sg_portal.sso import demo

    demo.seed()
    demo.seed()  # idempotent
    dases = GroupMapping.objects.get(group="GG-DASES-DIRECTION")
    assert dases.direction.code == "DASES"
    assert GroupMapping.objects.filter(group__startswith="GG-SG-ADJOINT-").exists()


def test_a_cabinet_mapping_needs_the_elected_official(cast):
    mapping = GroupMapping(group="GG-CAB-X", portal_role=User.Role.CABINET_ELU)
    with pytest.raises(ValidationError) as refused:
        mapping.full_clean()
    assert "demande l'élu·e concerné·e" in refused.value.message_dict["elected_official"][0]
