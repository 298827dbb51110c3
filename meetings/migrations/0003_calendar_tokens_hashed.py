"""The private calendar secrets are kept as their SHA-256 only; the addresses already given to
Outlook keep working, since the feed looks a secret up by its hash."""

import hashlib

from django.db import migrations, models


def hash_tokens(apps, schema_editor):
    CalendarToken = apps.get_model("meetings", "CalendarToken")
    for row in CalendarToken.objects.only("pk", "token").iterator():
        row.token_hash = hashlib.sha256(row.token.encode()).hexdigest()
        row.save(update_fields=["token_hash"])


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_emails_to_outbox")]

    operations = [
        migrations.AddField(
            model_name="calendartoken",
            name="token_hash",
            field=models.CharField(max_length=64, null=True),
        ),
        # No way back: a hash cannot be turned into its secret again.
        migrations.RunPython(hash_tokens, migrations.RunPython.noop),
        migrations.RemoveField(model_name="calendartoken", name="token"),
        migrations.AlterField(
            model_name="calendartoken",
            name="token_hash",
            field=models.CharField(max_length=64, unique=True),
        ),
    ]
