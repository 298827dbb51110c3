"""The meetings' events become entries of the one journal (and back, if this is reversed).

An event about an agenda item or a follow-up action becomes an entry on that item or action,
shown on its meeting's page, when the event named it and it still exists; otherwise an entry on
the meeting itself."""

import re

from django.db import migrations

VERB_TO_ACTION = {
    "move": "meetings.meeting.move",
    "cancel": "meetings.meeting.cancel",
    "guests": "meetings.meeting.guests",
    "publish": "meetings.agenda.publish",
    "reorder": "meetings.agenda.reorder",
    "suggestion_dismiss": "meetings.agenda.suggestion_dismiss",
    "attendance": "meetings.attendance.record",
    "item_propose": "meetings.agenda_item.propose",
    "item_accept": "meetings.agenda_item.accept",
    "item_defer": "meetings.agenda_item.defer",
    "item_decline": "meetings.agenda_item.decline",
    "item_decision": "meetings.agenda_item.decision",
    "action_create": "meetings.action.create",
    "action_close": "meetings.action.close",
}
ACTION_TO_VERB = {action: verb for verb, action in VERB_TO_ACTION.items()}


def _action_of(verb):
    if verb in VERB_TO_ACTION:
        return VERB_TO_ACTION[verb]
    return "meetings.meeting." + (re.sub(r"[^a-z0-9_]", "_", (verb or "").lower()) or "event")


def forward(apps, schema_editor):
    MeetingEvent = apps.get_model("meetings", "MeetingEvent")
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    Action = apps.get_model("meetings", "Action")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Entry = apps.get_model("journal", "Entry")
    types = {
        name: ContentType.objects.get_or_create(app_label="meetings", model=name)[0]
        for name in ("meeting", "agendaitem", "action")
    }
    items = {i.pk: i for i in AgendaItem.objects.only("pk", "meeting_id", "title")}
    actions = {a.pk: a for a in Action.objects.only("pk", "meeting_id", "title", "status")}
    batch = []
    for event in MeetingEvent.objects.order_by("at", "pk").iterator(chunk_size=2000):
        action = _action_of(event.verb)
        before, after = dict(event.before or {}), dict(event.after or {})
        comment = ""
        obj_type, obj_id, parent_type, parent_id = types["meeting"], event.meeting_id, None, None
        # ids, not instances: a reversed plan may hand this function another rendering of the
        # content types' model than the journal's foreign key knows
        item = items.get(after.get("item")) if action.startswith("meetings.agenda_item.") else None
        done = actions.get(after.get("action")) if action.startswith("meetings.action.") else None
        if item is not None and item.meeting_id == event.meeting_id:
            obj_type, obj_id = types["agendaitem"], item.pk
            parent_type, parent_id = types["meeting"], event.meeting_id
            after.setdefault("title", item.title)
        elif done is not None and done.meeting_id == event.meeting_id:
            obj_type, obj_id = types["action"], done.pk
            parent_type, parent_id = types["meeting"], event.meeting_id
            after.setdefault("title", done.title)
        if action == "meetings.meeting.cancel":
            comment = str(after.get("reason", ""))[:2000]
            before.setdefault("status", "scheduled")
            after.setdefault("status", "cancelled")
        batch.append(
            Entry(
                at=event.at,
                actor_id=event.actor_id,
                action=action,
                content_type_id=obj_type.pk,
                object_id=obj_id,
                parent_type_id=parent_type.pk if parent_type else None,
                parent_id=parent_id,
                before=before,
                after=after,
                comment=comment,
            )
        )
        if len(batch) >= 2000:
            Entry.objects.bulk_create(batch)
            batch = []
    Entry.objects.bulk_create(batch)


def backward(apps, schema_editor):
    MeetingEvent = apps.get_model("meetings", "MeetingEvent")
    Meeting = apps.get_model("meetings", "Meeting")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Entry = apps.get_model("journal", "Entry")
    meeting_type = ContentType.objects.filter(app_label="meetings", model="meeting").first()
    if meeting_type is None:
        return
    meetings = set(Meeting.objects.values_list("pk", flat=True))
    done = []
    for entry in Entry.objects.filter(action__startswith="meetings.").order_by("at", "pk"):
        on_meeting = entry.content_type_id == meeting_type.pk
        meeting_id = entry.object_id if on_meeting else entry.parent_id
        if meeting_id not in meetings:
            continue
        verb = ACTION_TO_VERB.get(entry.action, entry.action.rsplit(".", 1)[1])
        after = dict(entry.after)
        if entry.action == "meetings.meeting.cancel":
            after = {"reason": entry.comment}
        elif not on_meeting:
            after.setdefault(
                "item" if ".agenda_item." in entry.action else "action", entry.object_id
            )
        MeetingEvent.objects.create(
            meeting_id=meeting_id,
            actor_id=entry.actor_id,
            verb=verb[:50],
            before=entry.before,
            after=after,
            at=entry.at,
        )
        done.append(entry.pk)
    Entry.objects.filter(pk__in=done).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0003_calendar_tokens_hashed"),
        ("journal", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
