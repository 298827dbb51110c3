import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0002_reminders"),
        ("outbox", "0001_email"),
    ]

    operations = [
        migrations.AddField(
            model_name="reminder",
            name="email",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reminder",
                to="outbox.email",
                verbose_name="envoi",
            ),
        ),
        migrations.AddField(
            model_name="reportingdigest",
            name="email",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="digest",
                to="outbox.email",
                verbose_name="envoi",
            ),
        ),
    ]
