"""The journal in the admin: administrators read every entry, nobody writes one by hand."""

from __future__ import annotations

import pytest

from directions.models import Direction
from sg_portal.journal.services import journal_record

pytestmark = pytest.mark.django_db


def test_an_administrator_reads_the_journal_but_cannot_add_change_or_delete(
    client, admin_user_demo, dir_dases
):
    entry = journal_record(
        actor=dir_dases,
        action="directions.direction.update",
        obj=Direction.objects.get(code="DASES"),
    )
    client.force_login(admin_user_demo)
    listing = client.get("/admin/journal/entry/")
    assert listing.status_code == 200 and "directions.direction.update" in listing.content.decode()
    assert client.get(f"/admin/journal/entry/{entry.pk}/change/").status_code == 200
    assert client.get("/admin/journal/entry/add/").status_code == 403
    assert (
        client.post(f"/admin/journal/entry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    entry.refresh_from_db()


def test_the_old_journals_are_gone_from_the_admin(client, admin_user_demo):
    client.force_login(admin_user_demo)
    for path in ("indicators/reportevent", "meetings/meetingevent", "projects/auditevent"):
        assert client.get(f"/admin/{path}/").status_code == 404
