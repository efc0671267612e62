from django.db import migrations

from kecamatan.reference import load_reference_data


def load(apps, schema_editor):
    load_reference_data(apps.get_model("kecamatan", "Province"), apps.get_model("kecamatan", "Hazard"))


class Migration(migrations.Migration):
    dependencies = [("kecamatan", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
