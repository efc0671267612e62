"""The needs profiles move down from shelters to logistics, and the per-person norms fold into them.

The profiles are the one source of norms: the shelters' needs table, the logistics needs
calculator and derived minimum stock all read them, and logistics may not read the shelters app
(which depends on logistics). The tables keep their rows: the models are created here in state
only over the shelters' tables, which are then renamed (``shelters`` 0003 drops them from its
state).

Each ``Norm`` becomes a per-person line of every profile that has no line for its item: daily
with its initial rate, or "once" (its ``source`` becomes the line's note). A norm limited to some
hazards (boats and life jackets for floods) is dropped: it is rescue equipment a warehouse holds
for a hazard, not a need of displaced people, and a profile line has no hazard. A derived minimum
that the district's default profile can no longer derive (no per-person line for its item) keeps
the quantity it had as a fixed minimum, so no shortage disappears silently.
"""

import math
from decimal import Decimal

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

PRACTICE = "Norma logistik sebelumnya"


def _default_profile(district_id, profiles, chosen):
    if district_id in chosen:
        return chosen[district_id]
    by_code = {p.code: p for p in profiles if p.is_active}
    active = sorted((p for p in profiles if p.is_active), key=lambda p: p.name)
    return by_code.get("perka-bnpb-7-2008") or (active[0] if active else None)


def _old_requirement(norm, people, days):
    """What a norm required (the former ``logistics.needs.requirement``)."""
    groups = Decimal(people) / norm.per_people
    if not norm.per_day:
        return Decimal(math.ceil(norm.quantity * groups))
    initial = min(days, norm.initial_days or 0) if norm.initial_quantity is not None else 0
    return Decimal(math.ceil(groups * (norm.quantity * (days - initial) + (norm.initial_quantity or 0) * initial)))


MOVED = (
    "needsprofile",
    "historicalneedsprofile",
    "needsprofileline",
    "historicalneedsprofileline",
    "districtneedsprofile",
    "historicaldistrictneedsprofile",
)


def move_content_types(apps, schema_editor):
    """Permissions and admin history of the moved models stay attached to them."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="logistics", model=model).exists():
            ContentType.objects.filter(app_label="shelters", model=model).update(app_label="logistics")


def fold_norms(apps, schema_editor):
    Norm = apps.get_model("logistics", "Norm")
    Profile = apps.get_model("logistics", "NeedsProfile")
    Line = apps.get_model("logistics", "NeedsProfileLine")
    norms = {n.item_id: n for n in Norm.objects.prefetch_related("hazards")}
    if not norms:
        return
    profiles = list(Profile.objects.all())
    covered = set(Line.objects.values_list("profile_id", "item_id"))
    for norm in norms.values():
        if norm.hazards.all():
            continue
        for profile in profiles:
            if (profile.pk, norm.item_id) in covered:
                continue
            Line.objects.create(
                profile=profile,
                item_id=norm.item_id,
                quantity=norm.quantity,
                per_count=norm.per_people,
                basis="person",
                period="day" if norm.per_day else "once",
                initial_days=norm.initial_days if norm.per_day and norm.initial_quantity is not None else None,
                initial_quantity=norm.initial_quantity if norm.per_day and norm.initial_days else None,
                note=(norm.source or PRACTICE)[:200],
            )
    _fix_underivable_minimums(apps, norms, profiles)


def _fix_underivable_minimums(apps, norms, profiles):
    MinimumStock = apps.get_model("logistics", "MinimumStock")
    Line = apps.get_model("logistics", "NeedsProfileLine")
    Settings = apps.get_model("logistics", "LogisticsSettings")
    chosen = {c.district_id: c.profile for c in apps.get_model("logistics", "DistrictNeedsProfile").objects.all()}
    derivable = set(Line.objects.filter(basis="person").values_list("profile_id", "item_id"))
    settings = {s.district_id: s for s in Settings.objects.all()}
    for minimum in MinimumStock.objects.filter(mode="derived").select_related("warehouse"):
        district_id = minimum.warehouse.district_id
        profile = _default_profile(district_id, profiles, chosen)
        if profile is not None and (profile.pk, minimum.item_id) in derivable:
            continue
        norm = norms.get(minimum.item_id)
        served = sum(k.population or 0 for k in minimum.warehouse.kecamatan_served.all())
        if norm is None or not served:
            continue  # it derived nothing before either
        row = settings.get(district_id)
        share, days = (row.planning_share_percent, row.buffer_days) if row else (Decimal(5), 3)
        quantity = _old_requirement(norm, Decimal(served) * share / 100, days)
        if quantity > 0:
            minimum.mode, minimum.fixed_quantity = "fixed", quantity
            minimum.save(update_fields=["mode", "fixed_quantity"])


class Migration(migrations.Migration):
    dependencies = [
        ("shelters", "0002_needs_profiles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("kecamatan", "0007_school"),
        ("logistics", "0005_distribution"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="NeedsProfile",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("code", models.SlugField(max_length=40, unique=True, verbose_name="code")),
                        ("name", models.CharField(max_length=120, verbose_name="name")),
                        ("source", models.CharField(blank=True, max_length=250, verbose_name="source")),
                        ("is_active", models.BooleanField(default=True, verbose_name="active")),
                    ],
                    options={
                        "db_table": "shelters_needsprofile",
                        "verbose_name": "needs profile",
                        "verbose_name_plural": "needs profiles",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalNeedsProfile",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("code", models.SlugField(max_length=40, verbose_name="code")),
                        ("name", models.CharField(max_length=120, verbose_name="name")),
                        ("source", models.CharField(blank=True, max_length=250, verbose_name="source")),
                        ("is_active", models.BooleanField(default=True, verbose_name="active")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "shelters_historicalneedsprofile",
                        "verbose_name": "historical needs profile",
                        "verbose_name_plural": "historical needs profiles",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalNeedsProfileLine",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        (
                            "quantity",
                            models.DecimalField(
                                decimal_places=3,
                                max_digits=14,
                                validators=[django.core.validators.MinValueValidator(Decimal("0.001"))],
                                verbose_name="quantity",
                            ),
                        ),
                        (
                            "per_count",
                            models.PositiveIntegerField(
                                default=1,
                                validators=[django.core.validators.MinValueValidator(1)],
                                verbose_name="per number of",
                            ),
                        ),
                        (
                            "basis",
                            models.CharField(
                                choices=[
                                    ("person", "person"),
                                    ("household", "household"),
                                    ("under_five", "child under 5"),
                                    ("elderly", "person aged 60 or more"),
                                    ("pregnant_breastfeeding", "pregnant or breastfeeding woman"),
                                    ("disabled", "person with a disability"),
                                ],
                                default="person",
                                max_length=30,
                                verbose_name="counted per",
                            ),
                        ),
                        (
                            "period",
                            models.CharField(
                                choices=[("day", "a day"), ("week", "a week"), ("once", "once")],
                                default="day",
                                max_length=10,
                                verbose_name="period",
                            ),
                        ),
                        (
                            "initial_days",
                            models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="initial days"),
                        ),
                        (
                            "initial_quantity",
                            models.DecimalField(
                                blank=True,
                                decimal_places=3,
                                max_digits=14,
                                null=True,
                                verbose_name="quantity in the initial days",
                            ),
                        ),
                        ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "item",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="logistics.item",
                                verbose_name="item",
                            ),
                        ),
                        (
                            "profile",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="logistics.needsprofile",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "shelters_historicalneedsprofileline",
                        "verbose_name": "historical needs profile line",
                        "verbose_name_plural": "historical needs profile lines",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalDistrictNeedsProfile",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "district",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="kecamatan.district",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "profile",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="logistics.needsprofile",
                                verbose_name="profile",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "shelters_historicaldistrictneedsprofile",
                        "verbose_name": "historical district needs profile",
                        "verbose_name_plural": "historical district needs profiles",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="DistrictNeedsProfile",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "district",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="needs_profile_choice",
                                to="kecamatan.district",
                            ),
                        ),
                        (
                            "profile",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="logistics.needsprofile",
                                verbose_name="profile",
                            ),
                        ),
                    ],
                    options={"db_table": "shelters_districtneedsprofile"},
                ),
                migrations.CreateModel(
                    name="NeedsProfileLine",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "quantity",
                            models.DecimalField(
                                decimal_places=3,
                                max_digits=14,
                                validators=[django.core.validators.MinValueValidator(Decimal("0.001"))],
                                verbose_name="quantity",
                            ),
                        ),
                        (
                            "per_count",
                            models.PositiveIntegerField(
                                default=1,
                                validators=[django.core.validators.MinValueValidator(1)],
                                verbose_name="per number of",
                            ),
                        ),
                        (
                            "basis",
                            models.CharField(
                                choices=[
                                    ("person", "person"),
                                    ("household", "household"),
                                    ("under_five", "child under 5"),
                                    ("elderly", "person aged 60 or more"),
                                    ("pregnant_breastfeeding", "pregnant or breastfeeding woman"),
                                    ("disabled", "person with a disability"),
                                ],
                                default="person",
                                max_length=30,
                                verbose_name="counted per",
                            ),
                        ),
                        (
                            "period",
                            models.CharField(
                                choices=[("day", "a day"), ("week", "a week"), ("once", "once")],
                                default="day",
                                max_length=10,
                                verbose_name="period",
                            ),
                        ),
                        (
                            "initial_days",
                            models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="initial days"),
                        ),
                        (
                            "initial_quantity",
                            models.DecimalField(
                                blank=True,
                                decimal_places=3,
                                max_digits=14,
                                null=True,
                                verbose_name="quantity in the initial days",
                            ),
                        ),
                        ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                        (
                            "item",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="logistics.item",
                                verbose_name="item",
                            ),
                        ),
                        (
                            "profile",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="lines",
                                to="logistics.needsprofile",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "shelters_needsprofileline",
                        "verbose_name": "needs profile line",
                        "verbose_name_plural": "needs profile lines",
                        "ordering": ["profile", "item__code", "basis"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="needsprofileline",
                    constraint=models.UniqueConstraint(
                        fields=("profile", "item", "basis"), name="needs_line_one_per_item_basis"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="needsprofileline",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("quantity__gt", 0)), name="needs_line_positive"
                    ),
                ),
            ],
        ),
        *(migrations.AlterModelTable(name=model, table=None) for model in MOVED),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
        migrations.RunPython(fold_norms, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="historicalnorm_hazards",
            name="history",
        ),
        migrations.RemoveField(
            model_name="historicalnorm_hazards",
            name="hazard",
        ),
        migrations.RemoveField(
            model_name="historicalnorm_hazards",
            name="norm",
        ),
        migrations.RemoveField(
            model_name="norm",
            name="hazards",
        ),
        migrations.RemoveField(
            model_name="norm",
            name="item",
        ),
        migrations.DeleteModel(
            name="HistoricalNorm",
        ),
        migrations.DeleteModel(
            name="HistoricalNorm_hazards",
        ),
        migrations.DeleteModel(
            name="Norm",
        ),
    ]
