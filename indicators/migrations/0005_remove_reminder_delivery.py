from django.db import migrations


class Migration(migrations.Migration):
    """The outbox sends the reminders and digests: their own delivery columns go."""

    dependencies = [
        ("indicators", "0004_reminders_into_outbox"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="reminder", name="one_open_manual_reminder"),
        migrations.RemoveIndex(model_name="reminder", name="reminder_status_next"),
        *[
            migrations.RemoveField(model_name="reminder", name=name)
            for name in [
                "status",
                "recipients",
                "copy_to",
                "attempts",
                "last_error",
                "next_attempt_at",
                "claimed_at",
                "sent_at",
            ]
        ],
        *[
            migrations.RemoveField(model_name="reportingdigest", name=name)
            for name in [
                "status",
                "recipients",
                "attempts",
                "last_error",
                "next_attempt_at",
                "claimed_at",
                "sent_at",
            ]
        ],
    ]
