"""Demo risk profiles for Balangan's eight kecamatan and a few of Banjar's.

The hazards are each kecamatan's real dominant ones (floods along the Balangan
river, landslides in the hills, forest and land fires in the dry season,
whirlwinds); the index values are illustrative, labelled as demo in the source.
Profiles already present are left alone, so officials' edits survive a re-seed.
"""

from decimal import Decimal

from .models import Hazard, Kecamatan, RiskProfile

SOURCE = "Kajian Risiko Bencana (demo)"
YEAR = 2022
SEASONS = {
    "banjir": [11, 12, 1, 2, 3, 4],
    "banjir-bandang": [11, 12, 1, 2, 3],
    "tanah-longsor": [11, 12, 1, 2, 3],
    "karhutla": [5, 6, 7, 8, 9, 10],
    "cuaca-ekstrim": [3, 4, 5, 10, 11],
}

# kecamatan code: [(hazard code, hazard, vulnerability, capacity, share of population exposed)]
PROFILES = {
    # Balangan
    "63.11.01": [
        ("banjir", "0.78", "0.62", "0.35", "0.30"),
        ("cuaca-ekstrim", "0.55", "0.50", "0.40", "0.15"),
        ("karhutla", "0.52", "0.45", "0.42", "0.10"),
    ],
    "63.11.02": [
        ("banjir", "0.82", "0.66", "0.30", "0.35"),
        ("tanah-longsor", "0.70", "0.58", "0.35", "0.12"),
        ("karhutla", "0.50", "0.44", "0.40", "0.10"),
    ],
    "63.11.03": [
        ("banjir", "0.80", "0.64", "0.32", "0.32"),
        ("tanah-longsor", "0.74", "0.60", "0.30", "0.14"),
        ("karhutla", "0.55", "0.47", "0.40", "0.12"),
    ],
    "63.11.04": [
        ("cuaca-ekstrim", "0.62", "0.55", "0.38", "0.18"),
        ("karhutla", "0.58", "0.50", "0.40", "0.12"),
        ("banjir", "0.20", "0.35", "0.55", "0.05"),
    ],
    "63.11.05": [
        ("banjir", "0.72", "0.60", "0.36", "0.28"),
        ("cuaca-ekstrim", "0.60", "0.52", "0.40", "0.16"),
        ("karhutla", "0.56", "0.46", "0.42", "0.10"),
    ],
    "63.11.06": [("karhutla", "0.60", "0.48", "0.45", "0.10"), ("banjir", "0.20", "0.36", "0.55", "0.06")],
    "63.11.07": [("karhutla", "0.62", "0.50", "0.40", "0.12"), ("banjir", "0.18", "0.36", "0.55", "0.05")],
    "63.11.08": [
        ("banjir", "0.76", "0.63", "0.30", "0.30"),
        ("tanah-longsor", "0.78", "0.62", "0.28", "0.16"),
        ("karhutla", "0.54", "0.46", "0.38", "0.10"),
    ],
    # Banjar: tidal and river floods in the lowlands, peat fires, landslides in the hills
    "63.03.01": [("banjir", "0.85", "0.68", "0.30", "0.45"), ("karhutla", "0.66", "0.55", "0.35", "0.15")],
    "63.03.03": [("banjir", "0.80", "0.64", "0.34", "0.40"), ("karhutla", "0.72", "0.58", "0.32", "0.18")],
    "63.03.05": [("banjir", "0.74", "0.60", "0.42", "0.30"), ("cuaca-ekstrim", "0.50", "0.48", "0.45", "0.10")],
    "63.03.06": [("tanah-longsor", "0.70", "0.56", "0.36", "0.10"), ("banjir-bandang", "0.62", "0.52", "0.38", "0.08")],
    "63.03.13": [("banjir", "0.83", "0.66", "0.30", "0.42")],
}


def seed_risk_profiles() -> int:
    """Create the demo profiles that do not exist yet; returns how many were created."""
    hazards = {h.code: h for h in Hazard.objects.all()}
    kecamatan = {k.code: k for k in Kecamatan.objects.filter(code__in=PROFILES).only("pk", "code", "population")}
    existing = set(
        RiskProfile.objects.filter(kecamatan__in=kecamatan.values()).values_list("kecamatan__code", "hazard__code")
    )
    created = 0
    for code, rows in PROFILES.items():
        if code not in kecamatan:
            continue
        for hazard_code, hazard, vulnerability, capacity, share in rows:
            if (code, hazard_code) in existing:
                continue
            population = kecamatan[code].population
            RiskProfile(
                kecamatan=kecamatan[code],
                hazard=hazards[hazard_code],
                hazard_index=Decimal(hazard),
                vulnerability_index=Decimal(vulnerability),
                capacity_index=Decimal(capacity),
                exposed_population=round(population * float(share), -1) if population else None,
                season_months=SEASONS[hazard_code],
                source=SOURCE,
                year=YEAR,
            ).save()
            created += 1
    return created
