"""The agenda deliveries and the action reminders become rows of the outbox, in the state they
had: what was sent stays sent (and is never sent again), with the key the services use now."""

import re

from django.db import migrations
from django.db.models import F
from django.utils import timezone

# The text of these emails was not kept: the row says so instead of inventing it.
NOTE = "(Envoyé avant la tenue du journal des envois : le texte du message n'a pas été conservé.)"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _subject(text):
    line = re.sub(r"\s{2,}", " ", _CONTROL.sub(" ", text)).strip()
    return line if len(line) <= 200 else line[:199].rstrip() + "…"


def to_outbox(apps, schema_editor):
    Email = apps.get_model("outbox", "Email")
    ContentType = apps.get_model("contenttypes", "ContentType")
    AgendaDelivery = apps.get_model("meetings", "AgendaDelivery")
    Action = apps.get_model("meetings", "Action")
    meeting_type, _ = ContentType.objects.get_or_create(app_label="meetings", model="meeting")
    action_type, _ = ContentType.objects.get_or_create(app_label="meetings", model="action")

    rows = []
    for delivery in AgendaDelivery.objects.select_related("meeting__body", "user").iterator():
        meeting = delivery.meeting
        starts = timezone.localtime(meeting.starts_at)
        rows.append(
            Email(
                purpose="meetings.agenda",
                key=f"meetings.agenda:{meeting.pk}:{meeting.sequence}:{delivery.user_id}",
                to=[delivery.user.email] if delivery.user.email else [],
                subject=_subject(f"Ordre du jour — {meeting.body.name}, {starts:%d/%m/%Y à %Hh%M}"),
                body=NOTE,
                state="sent",
                attempts=1,
                next_attempt_at=delivery.sent_at,
                sent_at=delivery.sent_at,
                about_type=meeting_type,
                about_id=meeting.pk,
            )
        )
    reminded = Action.objects.filter(reminder_sent_at__isnull=False).select_related("owner")
    for action in reminded.iterator():
        # An owner without an address was marked reminded and sent nothing: it stays so.
        sent = bool(action.owner.email)
        rows.append(
            Email(
                purpose="meetings.action_reminder",
                key=f"meetings.action_reminder:{action.pk}:{action.due_date:%Y-%m-%d}",
                to=[action.owner.email] if sent else [],
                subject=f"Rappel : action à échéance le {action.due_date:%d/%m/%Y}",
                body=NOTE,
                state="sent" if sent else "cancelled",
                attempts=1 if sent else 0,
                last_error="" if sent else "Aucun destinataire : le responsable n'a pas d'adresse.",
                next_attempt_at=action.reminder_sent_at,
                sent_at=action.reminder_sent_at if sent else None,
                about_type=action_type,
                about_id=action.pk,
            )
        )
    Email.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    # Listed by when they happened, not by the day of the upgrade.
    Email.objects.filter(
        purpose__in=["meetings.agenda", "meetings.action_reminder"], body=NOTE
    ).update(created_at=F("next_attempt_at"))


def from_outbox(apps, schema_editor):
    """Back to the deliveries and the reminder stamps; the outbox keeps its rows."""
    Email = apps.get_model("outbox", "Email")
    AgendaDelivery = apps.get_model("meetings", "AgendaDelivery")
    Action = apps.get_model("meetings", "Action")
    User = apps.get_model("directions", "User")
    Meeting = apps.get_model("meetings", "Meeting")

    deliveries = []
    agenda = Email.objects.filter(purpose="meetings.agenda", state="sent")
    users = set(User.objects.values_list("pk", flat=True))
    meetings = set(Meeting.objects.values_list("pk", flat=True))
    for key, sent_at in agenda.values_list("key", "sent_at").iterator():
        _, meeting_id, _, user_id = key.split(":")
        if int(meeting_id) in meetings and int(user_id) in users:
            deliveries.append(
                AgendaDelivery(meeting_id=int(meeting_id), user_id=int(user_id), sent_at=sent_at)
            )
    AgendaDelivery.objects.bulk_create(deliveries, batch_size=500, ignore_conflicts=True)
    reminders = Email.objects.filter(
        purpose="meetings.action_reminder", state__in=["sent", "cancelled"]
    )
    for key, sent_at, at in reminders.values_list("key", "sent_at", "next_attempt_at").iterator():
        action_id = int(key.split(":")[1])
        Action.objects.filter(pk=action_id, reminder_sent_at__isnull=True).update(
            reminder_sent_at=sent_at or at
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("directions", "0001_initial"),
        ("meetings", "0001_initial"),
        ("outbox", "0001_email"),
    ]

    operations = [
        migrations.RunPython(to_outbox, from_outbox, elidable=False),
        migrations.RemoveConstraint(model_name="agendadelivery", name="unique_agenda_delivery"),
        migrations.RemoveField(model_name="action", name="reminder_sent_at"),
        migrations.DeleteModel(name="AgendaDelivery"),
    ]
