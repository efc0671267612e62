from django.db import migrations


def load(apps, schema_editor):
    from logistics.reference import load_reference_data

    load_reference_data(
        apps.get_model("logistics", "Item"),
        apps.get_model("logistics", "Norm"),
        apps.get_model("logistics", "AdjustmentReason"),
        apps.get_model("kecamatan", "Hazard"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("logistics", "0001_initial"),
        ("kecamatan", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
