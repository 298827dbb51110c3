"""The status reminders become rows of the outbox, in the state they had: what was sent stays
sent (and is never sent again), with the key the services use now."""

import re

from django.db import migrations
from django.db.models import F

# The text of these emails was not kept: the row says so instead of inventing it.
NOTE = "(Envoyé avant la tenue du journal des envois : le texte du message n'a pas été conservé.)"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _subject(text):
    line = re.sub(r"\s{2,}", " ", _CONTROL.sub(" ", text)).strip()
    return line if len(line) <= 200 else line[:199].rstrip() + "…"


def to_outbox(apps, schema_editor):
    Email = apps.get_model("outbox", "Email")
    ContentType = apps.get_model("contenttypes", "ContentType")
    StatusReminder = apps.get_model("projects", "StatusReminder")
    project_type, _ = ContentType.objects.get_or_create(app_label="projects", model="project")

    rows = []
    for reminder in StatusReminder.objects.select_related("project").iterator():
        # A project with nobody to remind was recorded reminded and sent nothing: it stays so.
        sent = bool(reminder.recipient)
        rows.append(
            Email(
                purpose="projects.status_reminder",
                key=(
                    f"projects.status_reminder:{reminder.project_id}:"
                    f"{reminder.fortnight_start:%Y-%m-%d}"
                ),
                to=[reminder.recipient] if sent else [],
                subject=_subject(f"Point d'avancement en retard : {reminder.project.name}"),
                body=NOTE,
                state="sent" if sent else "cancelled",
                attempts=1 if sent else 0,
                last_error="" if sent else "Aucun destinataire : ni chef de projet ni direction.",
                next_attempt_at=reminder.sent_at,
                sent_at=reminder.sent_at if sent else None,
                about_type=project_type,
                about_id=reminder.project_id,
            )
        )
    Email.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    # Listed by when they happened, not by the day of the upgrade.
    Email.objects.filter(purpose="projects.status_reminder", body=NOTE).update(
        created_at=F("next_attempt_at")
    )


def from_outbox(apps, schema_editor):
    """Back to one reminder row per project and fortnight; the outbox keeps its rows."""
    Email = apps.get_model("outbox", "Email")
    StatusReminder = apps.get_model("projects", "StatusReminder")
    Project = apps.get_model("projects", "Project")

    projects = set(Project.objects.values_list("pk", flat=True))
    rows = []
    reminders = Email.objects.filter(
        purpose="projects.status_reminder", state__in=["sent", "cancelled"]
    )
    for key, to, sent_at, at in reminders.values_list(
        "key", "to", "sent_at", "next_attempt_at"
    ).iterator():
        _, project_id, fortnight = key.split(":")
        if int(project_id) in projects:
            rows.append(
                StatusReminder(
                    project_id=int(project_id),
                    fortnight_start=fortnight,
                    recipient=to[0] if to else "",
                    sent_at=sent_at or at,
                )
            )
    StatusReminder.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("outbox", "0001_email"),
        ("projects", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(to_outbox, from_outbox, elidable=False),
        migrations.RemoveConstraint(
            model_name="statusreminder", name="one_status_reminder_per_fortnight"
        ),
        migrations.DeleteModel(name="StatusReminder"),
    ]
