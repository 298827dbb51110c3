"""Signing in with the City's account creates and updates the person from the directory."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from directions import policy
from directions.models import Direction, User
from sg_portal.journal.models import Entry
from sg_portal.outbox.models import Email
from sg_portal.sso.models import Identity
from tests.sso.conftest import query_of

pytestmark = pytest.mark.django_db


def test_the_portal_asks_for_a_code_with_state_nonce_and_a_pkce_challenge(sso, journey):
    authorize = query_of(journey.start())
    assert authorize["response_type"] == "code"
    assert authorize["client_id"] == "portail-sg"
    assert authorize["code_challenge_method"] == "S256"
    assert len(authorize["code_challenge"]) >= 43
    assert len(authorize["state"]) >= 32 and len(authorize["nonce"]) >= 32
    assert authorize["redirect_uri"] == "http://testserver" + reverse("sso:callback")


def test_first_sign_in_creates_the_person_from_the_claims(sso, journey, mappings, client):
    sso.account(
        "claire.martin",
        sub="8f1e-claire",
        email="Claire.Martin@paris.fr",
        given_name="Claire",
        family_name="Martin",
        employee_id="M012345",
        groups=["GG-DASES-DIRECTION", "GG-TOUS-AGENTS"],
    )

    response = journey.sign_in("claire.martin")

    assert response.status_code == 302
    assert response.url == reverse("home")
    user = User.objects.get(city_identity__subject="8f1e-claire")
    assert (user.first_name, user.last_name, user.email) == (
        "Claire",
        "Martin",
        "claire.martin@paris.fr",
    )
    assert not user.has_usable_password()
    assert policy.filing_direction_id(user) == Direction.objects.get(code="DASES").pk
    assert policy.is_director(user)
    identity = user.city_identity
    assert identity.employee_id == "M012345"
    assert identity.groups == ["GG-DASES-DIRECTION", "GG-TOUS-AGENTS"]
    assert Entry.objects.filter(action="sso.account.create", object_id=str(user.pk)).count() == 1
    # Signed in, and the 2-hour inactivity limit holds for these sessions too.
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert home.context["user"] == user
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 2 * 3600


def test_sign_in_goes_back_to_the_page_asked_for(sso, journey, mappings):
    sso.account("cm", groups=["GG-SG-CHARGES-MISSION"])
    response = journey.sign_in("cm", next_url="/envois/")
    assert response.status_code == 302
    assert response.url == "/envois/"


def test_a_director_who_changed_direction_sees_only_her_new_one_at_the_next_sign_in(
    sso, journey, mappings, client
):
    sso.account("claire", employee_id="M1", groups=["GG-DASES-DIRECTION"])
    journey.sign_in("claire")
    user = User.objects.get(city_identity__employee_id="M1")
    assert policy.filing_direction_id(user) == mappings["dases"].direction_id
    client.post(reverse("logout"))

    sso.account("claire", employee_id="M1", groups=["GG-DRH-DIRECTION"])
    journey.sign_in("claire")

    user.refresh_from_db()
    assert policy.filing_direction_id(user) == mappings["drh"].direction_id
    assert list(Direction.objects.filter(policy.filed_directions_q(user))) == [
        mappings["drh"].direction
    ]
    change = Entry.objects.get(action="sso.account.scope", object_id=str(user.pk))
    assert change.before["direction"] == mappings["dases"].direction_id
    assert change.after["direction"] == mappings["drh"].direction_id
    assert "GG-DRH-DIRECTION" in change.comment


def test_a_role_change_in_the_directory_changes_the_role(sso, journey, mappings):
    sso.account("paul", employee_id="M2", groups=["GG-SG-CHARGES-MISSION"])
    journey.sign_in("paul")
    user = User.objects.get(city_identity__employee_id="M2")
    assert policy.reads_whole_city(user) and not policy.reviews_reports(user)

    # Promoted SG adjoint of the pôle Solidarités; still in the chargés' group (lower priority).
    sso.account("paul", employee_id="M2", groups=["GG-SG-CHARGES-MISSION", "GG-SG-ADJOINTS"])
    journey.sign_in("paul")

    user.refresh_from_db()
    assert policy.reviewed_pole_id(user) == mappings["adjoint"].pole_id
    assert policy.reviews_reports(user)


def test_the_employee_id_keeps_the_person_when_the_email_changes(sso, journey, mappings):
    sso.account(
        "lea",
        sub="s-lea",
        email="lea.dupont@paris.fr",
        employee_id="M3",
        groups=["GG-SG-CHARGES-MISSION"],
    )
    journey.sign_in("lea")
    sso.account(
        "lea",
        sub="s-lea-2",
        email="lea.durand@paris.fr",
        employee_id="M3",
        groups=["GG-SG-CHARGES-MISSION"],
    )
    journey.sign_in("lea")

    identity = Identity.objects.get()
    assert identity.subject == "s-lea-2"
    assert identity.user.email == "lea.durand@paris.fr"
    assert User.objects.filter(city_identity__isnull=False).count() == 1


def test_an_existing_local_account_is_linked_not_duplicated(sso, journey, mappings, dir_dases):
    users_before = User.objects.count()
    sso.account("dases", email=dir_dases.email.upper(), groups=["GG-DASES-DIRECTION"])

    response = journey.sign_in("dases")

    assert response.status_code == 302
    assert User.objects.count() == users_before
    assert Identity.objects.get().user == dir_dases


def test_a_person_without_a_mapped_group_gets_a_polite_page_and_the_admins_are_told_once(
    sso, journey, mappings, admin_user_demo, client
):
    sso.account("nina", given_name="Nina", family_name="Roux", groups=["GG-DVD-AGENTS"])

    first = journey.sign_in("nina")
    second = journey.sign_in("nina")

    for response in (first, second):
        assert response.status_code == 403
        assert "n'a pas encore accès au portail" in response.text.replace("&#x27;", "'")
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated
    assert not User.objects.filter(email="nina@paris.fr").exists()
    email = Email.objects.get(purpose="sso.unmapped_account")
    assert email.to == [admin_user_demo.email]
    assert "Nina Roux" in email.subject
    assert "GG-DVD-AGENTS" in email.body
    # Once an administrator maps the group, the next sign-in opens the portal.
    mappings["cm"].group = "GG-DVD-AGENTS"
    mappings["cm"].save()
    assert journey.sign_in("nina").status_code == 302
    assert Email.objects.filter(purpose="sso.unmapped_account").count() == 1


def test_a_person_who_left_every_mapped_group_loses_access(sso, journey, mappings):
    sso.account("marc", groups=["GG-SG-CHARGES-MISSION"])
    assert journey.sign_in("marc").status_code == 302
    journey.client.post(reverse("logout"))
    sso.account("marc", groups=["GG-TOUS-AGENTS"])
    assert journey.sign_in("marc").status_code == 403


def test_a_deactivated_account_is_refused_in_french(sso, journey, mappings):
    sso.account("eve", groups=["GG-SG-CHARGES-MISSION"])
    journey.sign_in("eve")
    User.objects.filter(email="eve@paris.fr").update(is_active=False)
    journey.client.post(reverse("logout"))

    response = journey.sign_in("eve")

    assert response.status_code == 302
    page = journey.client.get(response.url)
    assert "Ce compte est désactivé" in page.text
    assert not page.context["user"].is_authenticated


def test_the_providers_new_keys_are_used_after_a_rotation(sso, journey, mappings):
    sso.account("ana", groups=["GG-SG-CHARGES-MISSION"])
    assert journey.sign_in("ana").url == reverse("home")
    journey.client.post(reverse("logout"))

    sso.rotate_keys()  # the old key is withdrawn from the provider's JWKS

    assert journey.sign_in("ana").url == reverse("home")


def test_a_cabinet_member_answers_for_the_elected_official_of_her_group(sso, journey, cast):
    from directions.models import ElectedOfficial
    from sg_portal.sso.models import GroupMapping

    official = ElectedOfficial.objects.create(
        office=ElectedOfficial.Office.ADJOINT, first_name="Anne", last_name="Exemple", rank=3
    )
    GroupMapping.objects.create(
        group="GG-CAB-ADJOINT-3", portal_role=User.Role.CABINET_ELU, elected_official=official
    )
    sso.account("ines", groups=["GG-CAB-ADJOINT-3"])

    assert journey.sign_in("ines").status_code == 302

    user = User.objects.get(email="ines@paris.fr")
    assert policy.is_elected_cabinet(user)
    assert policy.represented_official_id(user) == official.pk


def test_sign_in_never_sends_the_person_to_another_site(sso, journey, mappings):
    sso.account("cm", groups=["GG-SG-CHARGES-MISSION"])
    response = journey.sign_in("cm", next_url="https://ailleurs.example/piege")
    assert response.status_code == 302
    assert response.url == reverse("home")
