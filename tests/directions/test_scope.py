"""Each role's scope over the organisation, decided in directions.selectors only."""

import pytest

from directions.models import Direction, User
from directions.selectors import directions_edited_by, directions_reviewed_by, directions_visible_to

pytestmark = pytest.mark.django_db


def codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def test_director_sees_and_edits_only_their_direction(dir_dases):
    assert codes(directions_visible_to(dir_dases)) == {"DASES"}
    assert codes(directions_edited_by(dir_dases)) == {"DASES"}
    assert not directions_reviewed_by(dir_dases).exists()


def test_referent_files_for_their_direction(ref_dases):
    assert codes(directions_edited_by(ref_dases)) == {"DASES"}


def test_secretaire_generale_sees_and_reviews_every_direction(sg_user):
    everything = set(Direction.objects.values_list("code", flat=True))
    assert codes(directions_visible_to(sg_user)) == everything
    assert codes(directions_reviewed_by(sg_user)) == everything
    assert not directions_edited_by(sg_user).exists()


def test_sg_adjoint_reads_everything_but_reviews_their_pole(adjoint):
    assert codes(directions_reviewed_by(adjoint)) == {"DASES", "DFPE"}  # her pôle
    assert "DRH" in codes(directions_visible_to(adjoint))


def test_charge_de_mission_reads_all_reviews_nothing(charge_mission):
    assert directions_visible_to(charge_mission).count() == Direction.objects.count()
    assert not directions_reviewed_by(charge_mission).exists()


def test_cadre_superieur_reads_their_own_direction(cadre):
    assert codes(directions_visible_to(cadre)) == {"DVD"}
    assert not directions_edited_by(cadre).exists()


def test_account_without_scope_sees_nothing(outsider):
    assert not directions_visible_to(outsider).exists()


def test_inactive_account_sees_nothing(dir_dases):
    dir_dases.is_active = False
    assert not directions_visible_to(dir_dases).exists()


def test_role_helpers(sg_user, adjoint, dir_dases, admin_user_demo):
    assert sg_user.is_sg_staff and adjoint.is_sg_staff and not dir_dases.is_sg_staff
    assert dir_dases.is_direction_member
    assert admin_user_demo.is_administrator and admin_user_demo.is_superuser
    assert User.Role.CHEF_PROJET in User.Role.values
