"""Arrondissements named the French typographic way ("1er arr.", "2e arr."), not the open
data's "2ème Ardt", wherever a form or a table names them."""

from django.db import migrations


def french_label(number):
    return "1er arr." if number == 1 else f"{number}e arr."


def relabel(apps, schema_editor):
    Arrondissement = apps.get_model("directions", "Arrondissement")
    for arrondissement in Arrondissement.objects.all():
        arrondissement.label = french_label(arrondissement.number)
        arrondissement.save(update_fields=["label"])


class Migration(migrations.Migration):
    dependencies = [("directions", "0002_load_arrondissements")]
    operations = [migrations.RunPython(relabel, migrations.RunPython.noop)]
