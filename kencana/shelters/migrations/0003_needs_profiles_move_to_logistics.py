"""The needs profiles and the district's default move to logistics (its 0006 renames their tables).

Only the state changes here: an event's choice of profile stays in shelters and now points at
``logistics.NeedsProfile``; the rows and foreign keys in the database are untouched.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("logistics", "0006_needs_profiles_replace_norms"),
        ("shelters", "0002_needs_profiles"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="historicaldistrictneedsprofile",
                    name="district",
                ),
                migrations.RemoveField(
                    model_name="historicaldistrictneedsprofile",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicaldistrictneedsprofile",
                    name="profile",
                ),
                migrations.RemoveField(
                    model_name="historicalneedsprofile",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalneedsprofileline",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalneedsprofileline",
                    name="item",
                ),
                migrations.RemoveField(
                    model_name="historicalneedsprofileline",
                    name="profile",
                ),
                migrations.RemoveField(
                    model_name="needsprofileline",
                    name="profile",
                ),
                migrations.AlterField(
                    model_name="historicaleventneedsprofile",
                    name="profile",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="logistics.needsprofile",
                        verbose_name="profile",
                    ),
                ),
                migrations.AlterField(
                    model_name="eventneedsprofile",
                    name="profile",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="logistics.needsprofile",
                        verbose_name="profile",
                    ),
                ),
                migrations.RemoveField(
                    model_name="needsprofileline",
                    name="item",
                ),
                migrations.DeleteModel(
                    name="DistrictNeedsProfile",
                ),
                migrations.DeleteModel(
                    name="HistoricalDistrictNeedsProfile",
                ),
                migrations.DeleteModel(
                    name="HistoricalNeedsProfile",
                ),
                migrations.DeleteModel(
                    name="HistoricalNeedsProfileLine",
                ),
                migrations.DeleteModel(
                    name="NeedsProfile",
                ),
                migrations.DeleteModel(
                    name="NeedsProfileLine",
                ),
            ],
        ),
    ]
