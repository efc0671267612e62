"""The needs profiles every installation starts with, from DOMAIN.md "Needs profiles".

Loaded by a data migration; admins edit the rows afterwards (with history). Perka BNPB 7/2008 as
InaSAFE codes it: rice 2.8 kg and drinking water 17.5 L a person a week, 1 family kit per 5 people,
1 toilet per 20. Sphere 2018: water 15 L a person a day (7 L the first 3 days), covered space
3.5 m² a person (a 4×6 m tarpaulin covers 6), 1 toilet per 50 people at first. Lines marked
"practice" are BPBD field practice for vulnerable groups, to be adjusted by each district.
"""

PERKA = "perka-bnpb-7-2008"
SPHERE = "sphere-2018"
PRACTICE = "Praktik lapangan BPBD (dapat diubah)"

# code, name, source
PROFILES = [
    (PERKA, "Perka BNPB 7/2008", "Perka BNPB No. 7 Tahun 2008 (sebagaimana dikodekan InaSAFE)"),
    (SPHERE, "Sphere 2018", "The Sphere Handbook 2018"),
]

# profile, item code, quantity, per count, basis, period, initial days, initial quantity, note
LINES = [
    (PERKA, "BRS", "2.8", 1, "person", "week", None, None, ""),
    (PERKA, "AIR", "17.5", 1, "person", "week", None, None, ""),
    (PERKA, "SNDG", "1", 5, "person", "once", None, None, ""),
    (PERKA, "TLT", "1", 20, "person", "once", None, None, ""),
    (PERKA, "MPASI", "1", 1, "under_five", "day", None, None, PRACTICE),
    (PERKA, "KIT-HYG", "1", 1, "household", "once", None, None, PRACTICE),
    (SPHERE, "AIR", "15", 1, "person", "day", 3, "7", ""),
    (SPHERE, "BRS", "0.4", 1, "person", "day", None, None, "≈ 2.100 kkal bersama lauk"),
    (SPHERE, "TRPL", "1", 6, "person", "once", None, None, "3,5 m² ruang tertutup per orang"),
    (SPHERE, "TLT", "1", 50, "person", "once", None, None, ""),
    (SPHERE, "MPASI", "1", 1, "under_five", "day", None, None, PRACTICE),
    (SPHERE, "KIT-HYG", "1", 1, "household", "once", None, None, PRACTICE),
]


def load_reference_data(profile_model, line_model, item_model) -> None:
    """Create the profiles and lines that do not exist yet; never overwrite what admins changed."""
    from decimal import Decimal

    profiles = {}
    for code, name, source in PROFILES:
        profiles[code], _ = profile_model.objects.get_or_create(code=code, defaults={"name": name, "source": source})
    items = {item.code: item for item in item_model.objects.filter(code__in={line[1] for line in LINES})}
    for code, item, quantity, per_count, basis, period, initial_days, initial_quantity, note in LINES:
        if item not in items:
            continue  # an installation that removed the item from its catalogue
        line_model.objects.get_or_create(
            profile=profiles[code],
            item=items[item],
            basis=basis,
            defaults={
                "quantity": Decimal(quantity),
                "per_count": per_count,
                "period": period,
                "initial_days": initial_days,
                "initial_quantity": Decimal(initial_quantity) if initial_quantity else None,
                "note": note,
            },
        )
