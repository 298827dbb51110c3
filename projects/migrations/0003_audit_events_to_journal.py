"""The projects' audit events and the deliberations' sitting changes become entries of the one
journal, one entry per act (and back, if this is reversed).

A deliberation's act was recorded twice: an audit event (who, which fields) and a sitting change
(the postponement's reason and whether it slipped). Both become one entry; a sitting change with
no audit event (written by the demo data) becomes an entry of its own. Sitting changes stay: the
three-month forecast counts slips from them."""

import datetime as dt
import re

from django.db import migrations
from django.utils import translation
from django.utils.formats import date_format

ACTIONS = {
    "status.acknowledged": "projects.status.acknowledge",
    "status.question": "projects.status.question",
}
REVERSED = {action: old for old, action in ACTIONS.items()}


def _action_of(old):
    if old in ACTIONS:
        return ACTIONS[old]
    candidate = "projects." + (old or "")
    if re.match(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){2,}$", candidate):
        return candidate
    return "projects.event." + (re.sub(r"[^a-z0-9_]", "_", (old or "").lower()) or "event")


def _month(day):
    with translation.override("fr"):
        return date_format(day, "F Y")


def _same_moment(a, b):
    return abs(a - b) <= dt.timedelta(minutes=5)


def forward(apps, schema_editor):
    AuditEvent = apps.get_model("projects", "AuditEvent")
    SittingChange = apps.get_model("projects", "SittingChange")
    Sitting = apps.get_model("projects", "Sitting")
    Project = apps.get_model("projects", "Project")
    Milestone = apps.get_model("projects", "Milestone")
    StatusUpdate = apps.get_model("projects", "StatusUpdate")
    Deliberation = apps.get_model("projects", "Deliberation")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Entry = apps.get_model("journal", "Entry")
    types = {
        name: ContentType.objects.get_or_create(app_label="projects", model=name)[0]
        for name in ("project", "milestone", "statusupdate", "deliberation")
    }
    model_of = {ct.pk: name for name, ct in types.items()}
    sittings = {s.pk: _month(s.start_date) for s in Sitting.objects.only("pk", "start_date")}
    projects = dict(Project.objects.values_list("pk", "name"))
    milestones = {m.pk: m for m in Milestone.objects.only("pk", "project_id", "title")}
    statuses = {s.pk: s for s in StatusUpdate.objects.only("pk", "project_id", "fortnight_start")}
    deliberations = {
        d.pk: d
        for d in Deliberation.objects.select_related("direction").only(
            "pk", "title", "year", "number", "direction__code"
        )
    }
    changes = {}  # deliberation -> its sitting changes not yet matched to an audit event
    for change in SittingChange.objects.order_by("changed_at", "pk"):
        changes.setdefault(change.deliberation_id, []).append(change)

    def labelled(values):
        out = dict(values)
        if "sitting" in out:
            out["sitting_label"] = sittings.get(out["sitting"], "")
        if "project" in out:
            out["project_label"] = projects.get(out["project"], "") if out["project"] else ""
        return out

    def take_change(deliberation_id, from_id, to_id, at):
        for change in changes.get(deliberation_id, []):
            same_move = change.from_sitting_id == from_id and change.to_sitting_id == to_id
            if same_move and _same_moment(change.changed_at, at):
                changes[deliberation_id].remove(change)
                return change
        return None

    entries = []
    for event in AuditEvent.objects.order_by("at", "pk").iterator(chunk_size=2000):
        kind = model_of.get(event.content_type_id)
        action = _action_of(event.action)
        before, after = dict(event.before or {}), dict(event.after or {})
        comment = ""
        parent_type, parent_id = None, None
        if kind == "milestone" and event.object_id in milestones:
            milestone = milestones[event.object_id]
            parent_type, parent_id = types["project"], milestone.project_id
            after.setdefault("title", milestone.title)
        elif kind == "statusupdate" and event.object_id in statuses:
            status = statuses[event.object_id]
            parent_type, parent_id = types["project"], status.project_id
            after["fortnight_start"] = status.fortnight_start.isoformat()
            comment = str(after.pop("question", "") or "")[:2000]
        elif kind == "deliberation":
            deliberation = deliberations.get(event.object_id)
            before, after = labelled(before), labelled(after)
            if action == "projects.deliberation.declare":
                if deliberation is not None:
                    after.setdefault("title", deliberation.title)
                take_change(event.object_id, None, after.get("sitting"), event.at)
            elif "sitting" in after:
                change = take_change(
                    event.object_id, before.get("sitting"), after["sitting"], event.at
                )
                if change is not None:
                    after["slipped"] = change.slipped
                    comment = change.reason
        entries.append(
            Entry(
                at=event.at,
                actor_id=event.actor_id,
                action=action,
                content_type_id=event.content_type_id,
                object_id=event.object_id,
                parent_type_id=parent_type.pk if parent_type else None,
                parent_id=parent_id,
                before=before,
                after=after,
                comment=comment,
            )
        )
    for deliberation_id, left in changes.items():
        deliberation = deliberations.get(deliberation_id)
        for change in left:
            to = {
                "sitting": change.to_sitting_id,
                "sitting_label": sittings.get(change.to_sitting_id, ""),
            }
            if change.from_sitting_id is None:
                action, before = "projects.deliberation.declare", {}
                after = dict(to)
                if deliberation is not None:
                    after["title"] = deliberation.title
                    after["reference"] = (
                        f"{deliberation.year} {deliberation.direction.code} {deliberation.number}"
                    )
            else:
                action = "projects.deliberation.update"
                before = {
                    "sitting": change.from_sitting_id,
                    "sitting_label": sittings.get(change.from_sitting_id, ""),
                }
                after = {**to, "slipped": change.slipped}
            entries.append(
                Entry(
                    at=change.changed_at,
                    actor_id=change.changed_by_id,
                    action=action,
                    content_type_id=types["deliberation"].pk,
                    object_id=deliberation_id,
                    before=before,
                    after=after,
                    comment=change.reason,
                )
            )
    Entry.objects.bulk_create(entries, batch_size=2000)


def backward(apps, schema_editor):
    AuditEvent = apps.get_model("projects", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Entry = apps.get_model("journal", "Entry")
    types = list(ContentType.objects.filter(app_label="projects").values_list("pk", flat=True))
    entries = Entry.objects.filter(action__startswith="projects.", content_type_id__in=types)
    events = []
    for entry in entries.order_by("at", "pk").iterator():
        name = entry.action.removeprefix("projects.")
        after = dict(entry.after)
        if entry.action == "projects.status.question":
            after["question"] = entry.comment
        events.append(
            AuditEvent(
                actor_id=entry.actor_id,
                at=entry.at,
                action=REVERSED.get(entry.action, name)[:60],
                content_type_id=entry.content_type_id,
                object_id=entry.object_id,
                before=entry.before,
                after=after,
            )
        )
    AuditEvent.objects.bulk_create(events, batch_size=2000)
    entries.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("projects", "0002_status_reminders_to_outbox"),
        ("journal", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
