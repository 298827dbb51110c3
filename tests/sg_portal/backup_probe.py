"""What the portal serves from the database of DATABASE_URL, printed as JSON: the rows of its
reports, meetings and projects, and a few pages as the SG sees them. Run as
`python -m tests.sg_portal.backup_probe` by `test_backups`, once per database."""

from __future__ import annotations

import json
import os
import re

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sg_portal.settings_test")

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.test import Client  # noqa: E402

from directions.models import User  # noqa: E402
from indicators.models import Report  # noqa: E402
from meetings.models import Meeting  # noqa: E402
from projects.models import Project  # noqa: E402

APPS = ("directions", "indicators", "meetings", "projects", "journal", "outbox")


def _page(client: Client, url: str) -> dict[str, object]:
    response = client.get(url)
    html = response.content.decode()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return {
        "status": response.status_code,
        "h1": re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", heading.group(1))).strip()
        if heading
        else None,
        "links": sorted(set(re.findall(r'href="(/(?:rapports|reunions|projets)/\d+/)"', html))),
    }


def main() -> None:
    counts = {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in APPS
    }
    client = Client()
    client.force_login(User.objects.get(username="sg.demo"))
    report = Report.objects.order_by("pk").first()
    meeting = Meeting.objects.order_by("pk").first()
    project = Project.objects.order_by("pk").first()
    pages = {
        url: _page(client, url)
        for url in (
            "/rapports/",
            f"/rapports/{report.pk}/",
            "/reunions/",
            f"/reunions/{meeting.pk}/",
            "/projets/",
            f"/projets/{project.pk}/",
        )
    }
    print(json.dumps({"counts": counts, "pages": pages}, sort_keys=True))


if __name__ == "__main__":
    main()
