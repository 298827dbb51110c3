"""Every reminder and digest recorded so far becomes a row of the outbox.

- sent, cancelled, without recipient: an outbox row in the matching state (sent, cancelled,
  failed with "Aucun destinataire"), with its recipients, attempts, dates and last error; the
  subject is written again from the report and the kind; the text was never kept, the row says so.
- still to send (pending, being sent, failed and awaiting a retry): left without email when the
  report is still to fill, so the next reminders tick queues it through the outbox with today's
  text; cancelled when the report was submitted meanwhile.
Backwards, each reminder and digest takes back the state of its outbox row, which is removed.
"""

from django.db import migrations

MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip
SUBJECTS = {
    "avant": "Rappel : rapport {code} — {period} attendu le {due}",
    "echeance": "Rapport {code} — {period} attendu aujourd'hui ({due})",
    "retard": "Relance : rapport {code} — {period} en retard (attendu le {due})",
    "escalade": "Escalade : rapport {code} — {period} non remis (attendu le {due})",
}
PURPOSES = {"escalade": "indicators.escalation"}
EDITABLE = {"brouillon", "renvoye"}
UNSENT = {"a_envoyer", "en_cours", "echec"}
TEXT_NOT_KEPT = "Texte non conservé : envoyé avant que les envois passent par la file commune."
TO_STATE = {"envoye": "sent", "annule": "cancelled", "sans_destinataire": "failed"}
FROM_STATE = {"sent": "envoye", "cancelled": "annule", "failed": "echec", "queued": "a_envoyer"}


def day(value) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def period_label(period) -> str:
    month = f"{MONTHS[period.start.month - 1]} {period.start.year}"
    if period.periodicity == "quinzaine":
        return f"{'1re' if period.start.day == 1 else '2de'} quinzaine de {month}"
    if period.periodicity == "mois":
        return month.capitalize()
    if period.periodicity == "trimestre":
        quarter = (period.start.month - 1) // 3 + 1
        return f"{quarter}{'er' if quarter == 1 else 'e'} trimestre {period.start.year}"
    return f"Année {period.start.year}"


def history_fields(row) -> dict:
    state = TO_STATE[row.status]
    return {
        "state": state,
        "attempts": row.attempts,
        "last_error": (
            "Aucun destinataire : personne n'a d'adresse électronique."
            if row.status == "sans_destinataire"
            else row.last_error
        ),
        "next_attempt_at": row.next_attempt_at or row.created_at,
        "sent_at": row.sent_at,
        "failed_at": (row.claimed_at or row.created_at) if state == "failed" else None,
        "body": TEXT_NOT_KEPT,
    }


def forward(apps, schema_editor):
    Reminder = apps.get_model("indicators", "Reminder")
    ReportingDigest = apps.get_model("indicators", "ReportingDigest")
    Email = apps.get_model("outbox", "Email")
    ContentType = apps.get_model("contenttypes", "ContentType")
    report_type, _ = ContentType.objects.get_or_create(app_label="indicators", model="report")
    period_type, _ = ContentType.objects.get_or_create(app_label="indicators", model="period")

    reminders = Reminder.objects.select_related("report__direction", "report__period")
    for reminder in reminders.order_by("pk").iterator():
        report = reminder.report
        if reminder.status in UNSENT:
            if report.status in EDITABLE:
                continue  # the next tick queues it through the outbox
            reminder.status = "annule"
        subject = SUBJECTS[reminder.kind].format(
            code=report.direction.code,
            period=period_label(report.period),
            due=day(report.due_date),
        )
        if reminder.manual:
            subject = f"[Renvoi] {subject}"
            key = f"indicators.reminder:{report.pk}:{reminder.kind}:renvoi:m{reminder.pk}"
        else:
            key = f"indicators.reminder:{report.pk}:{reminder.kind}"
        if Email.objects.filter(key=key).exists():
            key = f"{key}:m{reminder.pk}"  # a row queued since, under the automatic key
        email = Email.objects.create(
            purpose=PURPOSES.get(reminder.kind, "indicators.reminder"),
            key=key,
            to=reminder.recipients,
            cc=reminder.copy_to,
            subject=subject[:200],
            about_type=report_type,
            about_id=report.pk,
            **history_fields(reminder),
        )
        Email.objects.filter(pk=email.pk).update(created_at=reminder.created_at)
        Reminder.objects.filter(pk=reminder.pk).update(email=email)

    for digest in ReportingDigest.objects.select_related("period").order_by("pk").iterator():
        if digest.status in UNSENT:
            continue  # the next digest tick queues it
        key = f"indicators.digest:{digest.period_id}"
        if Email.objects.filter(key=key).exists():
            key = f"{key}:m{digest.pk}"
        email = Email.objects.create(
            purpose="indicators.digest",
            key=key,
            to=digest.recipients,
            subject=f"Synthèse du reporting : {period_label(digest.period)}",
            about_type=period_type,
            about_id=digest.period_id,
            **history_fields(digest),
        )
        Email.objects.filter(pk=email.pk).update(created_at=digest.created_at)
        ReportingDigest.objects.filter(pk=digest.pk).update(email=email)


def backward(apps, schema_editor):
    Reminder = apps.get_model("indicators", "Reminder")
    ReportingDigest = apps.get_model("indicators", "ReportingDigest")
    Email = apps.get_model("outbox", "Email")
    for model in (Reminder, ReportingDigest):
        for row in model.objects.select_related("email").exclude(email=None).iterator():
            email = row.email
            fields = {
                "status": FROM_STATE.get(email.state, "en_cours"),
                "recipients": email.to,
                "attempts": email.attempts,
                "last_error": email.last_error,
                "next_attempt_at": email.next_attempt_at,
                "claimed_at": email.claimed_at,
                "sent_at": email.sent_at,
            }
            if model is Reminder:
                fields["copy_to"] = email.cc
            model.objects.filter(pk=row.pk).update(email=None, **fields)
            # The reminder holds its delivery again: its outbox row goes with the outbox's part.
            Email.objects.filter(pk=email.pk).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0003_reminder_email"),
        ("outbox", "0001_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
