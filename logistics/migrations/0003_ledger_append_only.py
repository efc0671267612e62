"""The database itself refuses to change a posted ledger line.

An UPDATE of a movement fails on SQLite and PostgreSQL; a DELETE fails on
PostgreSQL (where test teardown truncates, which row triggers do not see).
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER logistics_movement_no_update BEFORE UPDATE ON logistics_movement
       BEGIN SELECT RAISE(ABORT, 'ledger lines cannot be changed'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS logistics_movement_no_update"]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION logistics_movement_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'ledger lines cannot be changed or deleted'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER logistics_movement_append_only BEFORE UPDATE OR DELETE ON logistics_movement
       FOR EACH ROW EXECUTE FUNCTION logistics_movement_append_only()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS logistics_movement_append_only ON logistics_movement",
    "DROP FUNCTION IF EXISTS logistics_movement_append_only()",
]


def forward(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("logistics", "0002_reference_data")]

    operations = [migrations.RunPython(forward, backward)]
