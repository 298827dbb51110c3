"""The reports' events become entries of the one journal (and back, if this is reversed)."""

from django.db import migrations

KIND_TO_ACTION = {
    "valeur": "indicators.value.save",
    "commentaire": "indicators.comment.save",
    "soumis": "indicators.report.submit",
    "valide": "indicators.report.validate",
    "renvoye": "indicators.report.return",
    "rouvert": "indicators.report.reopen",
    "importe": "indicators.report.import",
}
ACTION_TO_KIND = {action: kind for kind, action in KIND_TO_ACTION.items()}
# The events stored a status by its label; the journal stores its code.
STATUS_OF_LABEL = {
    "À remplir": "brouillon",
    "Brouillon": "brouillon",
    "Soumis": "soumis",
    "Renvoyé": "renvoye",
    "Validé": "valide",
}
LABEL_OF_STATUS = {
    "brouillon": "À remplir",
    "soumis": "Soumis",
    "renvoye": "Renvoyé",
    "valide": "Validé",
}
IMPORT_MESSAGES = {"Historique importé": False, "Historique importé (rapport créé validé)": True}
COMMENT_MAX_LENGTH = 2000


def _comment(message, after):
    text = (message or "").strip()
    if len(text) > COMMENT_MAX_LENGTH:
        after["message"] = message  # kept whole; the comment shows its beginning
        return text[: COMMENT_MAX_LENGTH - 1] + "…"
    return text


def forward(apps, schema_editor):
    ReportEvent = apps.get_model("indicators", "ReportEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Entry = apps.get_model("journal", "Entry")
    report_type, _ = ContentType.objects.get_or_create(app_label="indicators", model="report")
    events = ReportEvent.objects.select_related("indicator", "arrondissement").order_by("at", "pk")
    batch = []
    for event in events.iterator(chunk_size=2000):
        action = KIND_TO_ACTION.get(event.kind, f"indicators.report.{event.kind or 'event'}")
        before, after, comment = {}, {}, ""
        if event.kind == "valeur":
            before = {"value": event.before}
            after = {
                "value": event.after,
                "indicator": event.indicator_id,
                "indicator_name": event.indicator.name if event.indicator else "",
                "arrondissement": event.arrondissement_id,
                "arrondissement_label": event.arrondissement.label if event.arrondissement else "",
            }
        elif event.kind == "commentaire":
            before = {"text": event.before}
            after = {
                "text": event.after,
                "indicator": event.indicator_id,
                "indicator_name": event.indicator.name if event.indicator else "",
            }
        elif event.kind == "importe" and event.message in IMPORT_MESSAGES:
            after = {"status": "valide", "created": IMPORT_MESSAGES[event.message]}
        else:
            if event.before:
                before = {"status": STATUS_OF_LABEL.get(event.before, event.before)}
            if event.after:
                after = {"status": STATUS_OF_LABEL.get(event.after, event.after)}
            comment = _comment(event.message, after)
        batch.append(
            Entry(
                at=event.at,
                actor_id=event.actor_id,
                action=action,
                content_type_id=report_type.pk,
                object_id=event.report_id,
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
    ReportEvent = apps.get_model("indicators", "ReportEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Entry = apps.get_model("journal", "Entry")
    report_type = ContentType.objects.filter(app_label="indicators", model="report").first()
    if report_type is None:
        return
    Report = apps.get_model("indicators", "Report")
    Indicator = apps.get_model("indicators", "Indicator")
    Arrondissement = apps.get_model("directions", "Arrondissement")
    indicators = set(Indicator.objects.values_list("pk", flat=True))
    arrondissements = set(Arrondissement.objects.values_list("pk", flat=True))
    entries = Entry.objects.filter(
        content_type_id=report_type.pk,
        action__startswith="indicators.",
        object_id__in=Report.objects.values("pk"),  # a report deleted since keeps no event
    )
    for entry in entries.order_by("at", "pk").iterator():
        kind = ACTION_TO_KIND.get(entry.action, entry.action.rsplit(".", 1)[1][:20])
        if kind in {"valeur", "commentaire"}:
            key = "value" if kind == "valeur" else "text"
            fields = {
                "before": entry.before.get(key) or "",
                "after": entry.after.get(key) or "",
                "indicator_id": entry.after.get("indicator")
                if entry.after.get("indicator") in indicators
                else None,
                "arrondissement_id": entry.after.get("arrondissement")
                if entry.after.get("arrondissement") in arrondissements
                else None,
                "message": "",
            }
        elif kind == "importe":
            created = entry.after.get("created")
            fields = {
                "before": "",
                "after": "",
                "message": entry.comment
                or "Historique importé" + (" (rapport créé validé)" if created else ""),
            }
        else:
            before, after = entry.before.get("status"), entry.after.get("status")
            fields = {
                "before": LABEL_OF_STATUS.get(before, before or ""),
                "after": LABEL_OF_STATUS.get(after, after or ""),
                "message": entry.after.get("message") or entry.comment,
            }
        event = ReportEvent.objects.create(
            report_id=entry.object_id, kind=kind, actor_id=entry.actor_id, **fields
        )
        ReportEvent.objects.filter(pk=event.pk).update(at=entry.at)  # `at` is set on creation
    entries.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("indicators", "0005_remove_reminder_delivery"),
        ("journal", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
