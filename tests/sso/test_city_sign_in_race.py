"""Two sign-ins of the same person at the same instant (two tabs) make one identity, one account
and, for a person without access, one email to the administrators."""

from __future__ import annotations

import pytest

from directions.models import User
from sg_portal.outbox.models import Email
from sg_portal.sso import services
from sg_portal.sso.errors import NoAccess
from sg_portal.sso.models import Identity
from tests.race import at_once

pytestmark = pytest.mark.django_db(transaction=True)

ISSUER = "https://sso.paris.fr"


def sign_in(claims):
    def call():
        try:
            return services.city_account_sign_in(issuer=ISSUER, claims=claims)
        except NoAccess:
            return None

    return call


def test_two_first_sign_ins_at_once_make_one_account(mappings):
    claims = {
        "sub": "s-1",
        "email": "zoe@paris.fr",
        "employee_id": "M9",
        "groups": ["GG-DRH-DIRECTION"],
    }

    first, second = at_once(sign_in(claims), sign_in(claims))

    assert first == second
    assert Identity.objects.count() == 1
    assert User.objects.filter(email="zoe@paris.fr").count() == 1


def test_two_sign_ins_without_access_at_once_tell_the_administrators_once(
    mappings, admin_user_demo
):
    claims = {"sub": "s-2", "email": "noe@paris.fr", "groups": ["GG-INCONNU"]}

    assert at_once(sign_in(claims), sign_in(claims)) == [None, None]

    assert Identity.objects.count() == 1
    assert Email.objects.filter(purpose="sso.unmapped_account").count() == 1
