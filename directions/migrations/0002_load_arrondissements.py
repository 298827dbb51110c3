"""Load the 20 arrondissements from the City's open data (ODbL, see directions/data/README.md)."""

import json
from pathlib import Path

from django.db import migrations

GEOJSON = Path(__file__).resolve().parent.parent / "data" / "paris-arrondissements.geojson"


def mairie_of(number):
    return "Mairie de Paris Centre" if number <= 4 else f"Mairie du {number}e arrondissement"


def load(apps, schema_editor):
    Arrondissement = apps.get_model("directions", "Arrondissement")
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    for feature in features:
        props = feature["properties"]
        number = int(props["c_ar"])
        Arrondissement.objects.update_or_create(
            number=number,
            defaults={
                "insee_code": str(props["c_arinsee"]),
                "label": props["l_ar"],
                "official_name": props["l_aroff"],
                "mairie": mairie_of(number),
                "surface_m2": props.get("surface_m2"),
                "geometry": feature["geometry"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("directions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
