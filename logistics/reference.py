"""The item catalogue, norms and adjustment reasons every installation starts with.

Loaded by a data migration; officials edit the rows afterwards (admin). Norms
follow DOMAIN.md (Sphere and Indonesian practice): water 15 L a person a day
(7 L the first 3 days), rice 0.4 kg a day, 3.5 m² covered space, 1 toilet per 50.
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

SPHERE = "Standar Sphere / Perka BNPB 7/2008"
PRACTICE = "Praktik lapangan BPBD (dapat diubah)"

# item code, quantity, per people, per day, initial days, initial quantity, hazard codes, source
NORMS = [
    ("AIR", "15", 1, True, 3, "7", [], SPHERE),
    ("BRS", "0.4", 1, True, None, None, [], SPHERE),
    ("MIE", "1", 1, True, None, None, [], PRACTICE),
    ("LAUK", "1", 1, True, None, None, [], PRACTICE),
    ("SLMT", "1", 1, False, None, None, [], PRACTICE),
    ("TRPL", "1", 5, False, None, None, [], "Ruang tertutup 3,5 m²/orang (Sphere)"),
    ("TND-KEL", "1", 5, False, None, None, [], "Ruang tertutup 3,5 m²/orang (Sphere)"),
    ("MTRS", "1", 1, False, None, None, [], PRACTICE),
    ("KIT-HYG", "1", 5, False, None, None, [], PRACTICE),
    ("JRGN", "1", 5, False, None, None, [], SPHERE),
    ("TLT", "1", 50, False, None, None, [], "1 toilet per 50 orang pada awal tanggap darurat (Sphere)"),
    ("KIT-DPR", "1", 5, False, None, None, [], PRACTICE),
    ("PRH-KRT", "1", 500, False, None, None, ["banjir", "banjir-bandang"], PRACTICE),
    ("PLMPG", "1", 25, False, None, None, ["banjir", "banjir-bandang"], PRACTICE),
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


def load_reference_data(item_model, norm_model, reason_model, hazard_model) -> None:
    """Create the rows that do not exist yet; never overwrite what officials changed."""
    from decimal import Decimal

    items = {}
    for code, name_id, name_en, category, unit, kind, perishable in ITEMS:
        items[code], _ = item_model.objects.get_or_create(
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
    for code, quantity, per_people, per_day, initial_days, initial_quantity, hazards, source in NORMS:
        norm, created = norm_model.objects.get_or_create(
            item=items[code],
            defaults={
                "quantity": Decimal(quantity),
                "per_people": per_people,
                "per_day": per_day,
                "initial_days": initial_days,
                "initial_quantity": Decimal(initial_quantity) if initial_quantity else None,
                "source": source,
            },
        )
        if created and hazards:
            norm.hazards.set(hazard_model.objects.filter(code__in=hazards))
    for order, (code, name_id, name_en, direction) in enumerate(ADJUSTMENT_REASONS, start=1):
        reason_model.objects.get_or_create(
            code=code, defaults={"name_id": name_id, "name_en": name_en, "direction": direction, "sort_order": order}
        )
