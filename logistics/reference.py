"""The item catalogue, the needs profiles and the adjustment reasons every installation starts with.

Loaded by data migrations; officials edit the rows afterwards (admin, with history).
"""

# code, name_id, name_en, category, unit, kind, perishable
ITEMS = [
    ("BRS", "Beras", "Rice", "food", "kg", "consumable", True),
    ("MIE", "Mi instan", "Instant noodles", "food", "bungkus", "consumable", True),
    ("AIR", "Air minum dalam kemasan", "Bottled drinking water", "food", "liter", "consumable", True),
    ("LAUK", "Lauk pauk siap saji", "Ready-to-eat side dishes", "food", "paket", "consumable", True),
    ("MPASI", "Makanan pendamping ASI", "Complementary baby food", "food", "paket", "consumable", True),
    ("SLMT", "Selimut", "Blanket", "clothing", "lembar", "consumable", False),
    ("SNDG", "Paket sandang keluarga", "Family clothing kit", "clothing", "paket", "consumable", False),
    ("TRPL", "Terpal 4×6 m", "Tarpaulin 4×6 m", "shelter", "lembar", "consumable", False),
    ("TND-KEL", "Tenda keluarga", "Family tent", "shelter", "unit", "consumable", False),
    ("MTRS", "Matras", "Sleeping mat", "shelter", "lembar", "consumable", False),
    ("TND-PLT", "Tenda pleton", "Platoon tent", "shelter", "unit", "equipment", False),
    ("KIT-HYG", "Paket kebersihan (hygiene kit)", "Hygiene kit", "hygiene", "paket", "consumable", False),
    ("JRGN", "Jeriken air 20 L", "Water jerrycan 20 L", "wash", "unit", "consumable", False),
    ("TLT", "Toilet portabel", "Portable toilet", "wash", "unit", "equipment", False),
    ("MSKR", "Masker", "Face mask", "health", "kotak", "consumable", True),
    ("KIT-DPR", "Paket peralatan dapur keluarga", "Family kitchen kit", "kitchen", "paket", "consumable", False),
    ("PRH-KRT", "Perahu karet", "Rubber boat", "rescue", "unit", "equipment", False),
    ("PLMPG", "Jaket pelampung", "Life jacket", "rescue", "unit", "consumable", False),
    ("GNST", "Genset 5 kVA", "Generator 5 kVA", "power", "unit", "equipment", False),
    ("HT", "Radio HT", "Handheld radio", "communication", "unit", "equipment", False),
    ("MTR-TRL", "Sepeda motor trail", "Trail motorcycle", "vehicles", "unit", "equipment", False),
    ("PMP", "Pompa air portabel", "Portable water pump", "heavy", "unit", "equipment", False),
]

# The needs profiles (DOMAIN.md, "Logistics"). Perka BNPB 7/2008 as InaSAFE codes it: rice 2.8 kg and
# drinking water 17.5 L a person a week, 1 family kit per 5 people, 1 toilet per 20. Sphere 2018:
# water 15 L a person a day (7 L the first 3 days), covered space 3.5 m² a person (a 4×6 m tarpaulin
# covers 6), 1 toilet per 50 people at first. Lines whose note names BPBD field practice came from
# the per-person norms that planned warehouse stock before the profiles did; each district adjusts them.
PERKA = "perka-bnpb-7-2008"
SPHERE = "sphere-2018"
PRACTICE = "Praktik lapangan BPBD (dapat diubah)"
SPHERE_OR_PERKA = "Standar Sphere / Perka BNPB 7/2008"
COVERED_SPACE = "Ruang tertutup 3,5 m²/orang (Sphere)"

# code, name, source
PROFILES = [
    (PERKA, "Perka BNPB 7/2008", "Perka BNPB No. 7 Tahun 2008 (sebagaimana dikodekan InaSAFE)"),
    (SPHERE, "Sphere 2018", "The Sphere Handbook 2018"),
]

# Lines both profiles carry: field practice, and the norms of stock planning the standards leave open.
_SHARED = [
    ("MPASI", "1", 1, "under_five", "day", None, None, PRACTICE),
    ("KIT-HYG", "1", 1, "household", "once", None, None, PRACTICE),
    ("MIE", "1", 1, "person", "day", None, None, PRACTICE),
    ("LAUK", "1", 1, "person", "day", None, None, PRACTICE),
    ("SLMT", "1", 1, "person", "once", None, None, PRACTICE),
    ("TND-KEL", "1", 5, "person", "once", None, None, COVERED_SPACE),
    ("MTRS", "1", 1, "person", "once", None, None, PRACTICE),
    ("JRGN", "1", 5, "person", "once", None, None, SPHERE_OR_PERKA),
    ("KIT-DPR", "1", 5, "person", "once", None, None, PRACTICE),
]

# profile, item code, quantity, per count, basis, period, initial days, initial quantity, note
LINES = [
    (PERKA, "BRS", "2.8", 1, "person", "week", None, None, ""),
    (PERKA, "AIR", "17.5", 1, "person", "week", None, None, ""),
    (PERKA, "SNDG", "1", 5, "person", "once", None, None, ""),
    (PERKA, "TLT", "1", 20, "person", "once", None, None, ""),
    (PERKA, "TRPL", "1", 5, "person", "once", None, None, COVERED_SPACE),
    (SPHERE, "AIR", "15", 1, "person", "day", 3, "7", ""),
    (SPHERE, "BRS", "0.4", 1, "person", "day", None, None, "≈ 2.100 kkal bersama lauk"),
    (SPHERE, "TRPL", "1", 6, "person", "once", None, None, "3,5 m² ruang tertutup per orang"),
    (SPHERE, "TLT", "1", 50, "person", "once", None, None, ""),
    *((profile, *line) for profile in (PERKA, SPHERE) for line in _SHARED),
]

# code, name_id, name_en, direction
ADJUSTMENT_REASONS = [
    ("damaged", "Rusak", "Damaged", "decrease"),
    ("expired", "Kedaluwarsa", "Expired", "decrease"),
    ("lost", "Hilang", "Lost", "decrease"),
    ("write-off", "Penghapusan", "Write-off", "decrease"),
    ("found", "Ditemukan", "Found", "increase"),
    ("count-correction", "Koreksi stok opname", "Count correction", "both"),
]


def load_reference_data(item_model, reason_model) -> None:
    """Create the items and reasons that do not exist yet; never overwrite what officials changed."""
    for code, name_id, name_en, category, unit, kind, perishable in ITEMS:
        item_model.objects.get_or_create(
            code=code,
            defaults={
                "name_id": name_id,
                "name_en": name_en,
                "category": category,
                "unit": unit,
                "kind": kind,
                "perishable": perishable,
            },
        )
    for order, (code, name_id, name_en, direction) in enumerate(ADJUSTMENT_REASONS, start=1):
        reason_model.objects.get_or_create(
            code=code, defaults={"name_id": name_id, "name_en": name_en, "direction": direction, "sort_order": order}
        )


def load_needs_profiles(profile_model, line_model, item_model) -> None:
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
