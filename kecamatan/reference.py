"""Reference data the programme starts with; officials may edit the rows later.

Loaded by data migrations, so every installation, not only the demo, has them.
"""

# Kemendagri province codes and their time zones (38 provinces).
PROVINCES = [
    ("11", "Aceh", "Asia/Jakarta"),
    ("12", "Sumatera Utara", "Asia/Jakarta"),
    ("13", "Sumatera Barat", "Asia/Jakarta"),
    ("14", "Riau", "Asia/Jakarta"),
    ("15", "Jambi", "Asia/Jakarta"),
    ("16", "Sumatera Selatan", "Asia/Jakarta"),
    ("17", "Bengkulu", "Asia/Jakarta"),
    ("18", "Lampung", "Asia/Jakarta"),
    ("19", "Kepulauan Bangka Belitung", "Asia/Jakarta"),
    ("21", "Kepulauan Riau", "Asia/Jakarta"),
    ("31", "DKI Jakarta", "Asia/Jakarta"),
    ("32", "Jawa Barat", "Asia/Jakarta"),
    ("33", "Jawa Tengah", "Asia/Jakarta"),
    ("34", "DI Yogyakarta", "Asia/Jakarta"),
    ("35", "Jawa Timur", "Asia/Jakarta"),
    ("36", "Banten", "Asia/Jakarta"),
    ("51", "Bali", "Asia/Makassar"),
    ("52", "Nusa Tenggara Barat", "Asia/Makassar"),
    ("53", "Nusa Tenggara Timur", "Asia/Makassar"),
    ("61", "Kalimantan Barat", "Asia/Jakarta"),
    ("62", "Kalimantan Tengah", "Asia/Jakarta"),
    ("63", "Kalimantan Selatan", "Asia/Makassar"),
    ("64", "Kalimantan Timur", "Asia/Makassar"),
    ("65", "Kalimantan Utara", "Asia/Makassar"),
    ("71", "Sulawesi Utara", "Asia/Makassar"),
    ("72", "Sulawesi Tengah", "Asia/Makassar"),
    ("73", "Sulawesi Selatan", "Asia/Makassar"),
    ("74", "Sulawesi Tenggara", "Asia/Makassar"),
    ("75", "Gorontalo", "Asia/Makassar"),
    ("76", "Sulawesi Barat", "Asia/Makassar"),
    ("81", "Maluku", "Asia/Jayapura"),
    ("82", "Maluku Utara", "Asia/Jayapura"),
    ("91", "Papua", "Asia/Jayapura"),
    ("92", "Papua Barat", "Asia/Jayapura"),
    ("93", "Papua Selatan", "Asia/Jayapura"),
    ("94", "Papua Tengah", "Asia/Jayapura"),
    ("95", "Papua Pegunungan", "Asia/Jayapura"),
    ("96", "Papua Barat Daya", "Asia/Jayapura"),
]

# The InaRISK hazard list, with local names that map onto each hazard.
HAZARDS = [
    ("banjir", "Banjir", "Flood", "banjir rob|genangan"),
    ("banjir-bandang", "Banjir Bandang", "Flash flood", "galodo"),
    (
        "cuaca-ekstrim",
        "Cuaca Ekstrim",
        "Extreme weather",
        "angin puting beliung|puting beliung|angin kencang|hujan lebat",
    ),
    (
        "gelombang-ekstrim-abrasi",
        "Gelombang Ekstrim dan Abrasi",
        "Extreme waves and abrasion",
        "abrasi|gelombang tinggi",
    ),
    ("gempa-bumi", "Gempa Bumi", "Earthquake", "gempa"),
    ("letusan-gunung-api", "Letusan Gunung Api", "Volcanic eruption", "erupsi|gunung meletus"),
    ("kekeringan", "Kekeringan", "Drought", ""),
    ("likuefaksi", "Likuefaksi", "Liquefaction", ""),
    (
        "karhutla",
        "Kebakaran Hutan dan Lahan",
        "Forest and land fire",
        "kebakaran hutan|kebakaran lahan|kebakaran lahan gambut",
    ),
    ("tanah-longsor", "Tanah Longsor", "Landslide", "longsor|gerakan tanah"),
    ("tsunami", "Tsunami", "Tsunami", ""),
    ("multi-bahaya", "Multi Bahaya", "Multi-hazard", ""),
]


def load_reference_data(province_model, hazard_model) -> None:
    """Create or refresh the provinces and hazards; takes the models so migrations can pass theirs."""
    for code, name, tz in PROVINCES:
        province_model.objects.update_or_create(code=code, defaults={"name": name, "timezone": tz})
    for order, (code, name_id, name_en, aliases) in enumerate(HAZARDS, start=1):
        hazard_model.objects.update_or_create(
            code=code, defaults={"name_id": name_id, "name_en": name_en, "aliases": aliases, "sort_order": order}
        )
