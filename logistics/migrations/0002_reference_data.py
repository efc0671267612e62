from django.db import migrations


def load(apps, schema_editor):
    from logistics.reference import load_reference_data

    # The per-person norms this migration once seeded became lines of the needs profiles (0006).
    load_reference_data(apps.get_model("logistics", "Item"), apps.get_model("logistics", "AdjustmentReason"))


class Migration(migrations.Migration):
    dependencies = [
        ("logistics", "0001_initial"),
        ("kecamatan", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
