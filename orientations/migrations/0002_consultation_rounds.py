"""Consultation rounds: reopening a consultation after a sending back starts round N+1 and keeps
the earlier rounds' requests and opinions (they were deleted before). Every existing request is
round 1; an orientation that has requests is at round 1, the others at 0 (never consulted); a
request keeps the deadline it was sent with, so an earlier round keeps its own."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Exists, OuterRef, Subquery


def first_round(apps, schema_editor):
    Orientation = apps.get_model("orientations", "Orientation")
    ConsultationRequest = apps.get_model("orientations", "ConsultationRequest")
    Orientation.objects.filter(
        Exists(ConsultationRequest.objects.filter(orientation=OuterRef("pk")))
    ).update(consultation_round=1)
    ConsultationRequest.objects.update(
        deadline=Subquery(
            Orientation.objects.filter(pk=OuterRef("orientation_id")).values(
                "consultation_deadline"
            )[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("directions", "0004_elected_roles"),
        ("orientations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="consultationrequest",
            options={
                "ordering": ["orientation", "-round", "official__office", "official__rank"],
                "verbose_name": "demande d'avis",
                "verbose_name_plural": "demandes d'avis",
            },
        ),
        migrations.RemoveConstraint(
            model_name="consultationrequest", name="one_request_per_official"
        ),
        migrations.AddField(
            model_name="consultationrequest",
            name="deadline",
            field=models.DateField(blank=True, null=True, verbose_name="date limite des avis"),
        ),
        migrations.AddField(
            model_name="consultationrequest",
            name="round",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="consultation n°"),
        ),
        migrations.AddField(
            model_name="orientation",
            name="consultation_round",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="consultation n°"),
        ),
        migrations.AddConstraint(
            model_name="consultationrequest",
            constraint=models.UniqueConstraint(
                fields=("orientation", "round", "official"), name="one_request_per_round"
            ),
        ),
        migrations.RunPython(first_round, migrations.RunPython.noop),
    ]
