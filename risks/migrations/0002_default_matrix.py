"""The default 4 × 4 matrix (v1), the review intervals per net level and the tolerance of each
category (probity and the safety of persons tolerate only « faible »)."""

from django.db import migrations

PROBABILITIES = ["Peu probable", "Possible", "Probable", "Quasi certain"]
IMPACTS = ["Mineur", "Significatif", "Majeur", "Critique"]
GRID = [
    ["faible", "faible", "faible", "modere"],
    ["faible", "faible", "modere", "eleve"],
    ["faible", "modere", "eleve", "critique"],
    ["modere", "eleve", "critique", "critique"],
]
COLOURS = {"faible": "#d7eedd", "modere": "#fbeec2", "eleve": "#f9d2ae", "critique": "#f4b9b3"}
INTERVALS = {"critique": 30, "eleve": 90, "modere": 180, "faible": 365}
CATEGORIES = [
    "juridique",
    "financier",
    "rh",
    "continuite",
    "securite",
    "image",
    "si",
    "environnement",
    "probite",
]
STRICT = {"probite", "securite"}


def create(apps, schema_editor):
    Matrix = apps.get_model("risks", "Matrix")
    ReviewInterval = apps.get_model("risks", "ReviewInterval")
    CategoryTolerance = apps.get_model("risks", "CategoryTolerance")
    if not Matrix.objects.exists():
        Matrix.objects.create(
            version=1,
            probability_labels=PROBABILITIES,
            impact_labels=IMPACTS,
            grid=GRID,
            colours=COLOURS,
            is_current=True,
        )
    for level, days in INTERVALS.items():
        ReviewInterval.objects.get_or_create(level=level, defaults={"days": days})
    for category in CATEGORIES:
        CategoryTolerance.objects.get_or_create(
            category=category, defaults={"tolerance": "faible" if category in STRICT else "modere"}
        )


class Migration(migrations.Migration):
    dependencies = [("risks", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
