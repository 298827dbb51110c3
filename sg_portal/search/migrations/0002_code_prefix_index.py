from django.db import migrations

# PostgreSQL only: `code LIKE '2026 DASES %'` (a code typed as the start of others) uses this
# index, so every branch of the search's OR is indexed and the planner can combine them.
SETUP = (
    "CREATE INDEX IF NOT EXISTS search_document_code_prefix "
    "ON search_document (code varchar_pattern_ops)"
)
TEARDOWN = "DROP INDEX IF EXISTS search_document_code_prefix"


def setup(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SETUP)


def teardown(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TEARDOWN)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(setup, teardown)]
