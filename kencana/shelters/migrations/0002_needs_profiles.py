from django.db import migrations


def load(apps, schema_editor):
    from logistics.reference import load_needs_profiles

    load_needs_profiles(
        apps.get_model("shelters", "NeedsProfile"),
        apps.get_model("shelters", "NeedsProfileLine"),
        apps.get_model("logistics", "Item"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("shelters", "0001_initial"),
        ("logistics", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
