"""The first edition of the SPM catalogue of the disaster sub-affair, as the data migration loads it.

Three basic services (PP 2/2018, Permendagri 101/2018), split into twelve sub-activities after
Kemendagri's 2020 technical guide. Units, quality components and their weights are a starting
point that national admins revise as data (a new version); reports keep the version they were
opened with.
"""

TITLE = "SPM sub-urusan bencana"
SOURCE = "PP 2/2018; Permendagri 101/2018; Kemendagri, petunjuk teknis 2020; Permendagri 59/2021"

# service code, name, [(sub-activity code, name, unit, source, [(component code, name, weight)])]
STANDARD_COMPONENTS = [
    ("M1", "Dilaksanakan sesuai standar teknis", 40),
    ("M2", "Didukung dokumen/SK yang sah", 30),
    ("M3", "Hasil diinformasikan kepada masyarakat", 30),
]

SERVICES = [
    (
        "L1",
        "Pelayanan informasi rawan bencana",
        [
            ("1.1", "Penyusunan kajian risiko bencana", "kecamatan", "risk_profiles"),
            ("1.2", "Komunikasi, informasi dan edukasi rawan bencana per jenis ancaman", "jiwa", ""),
        ],
    ),
    (
        "L2",
        "Pelayanan pencegahan dan kesiapsiagaan terhadap bencana",
        [
            ("2.1", "Penyusunan rencana penanggulangan kedaruratan bencana", "dokumen", "cards_reviewed"),
            ("2.2", "Pelatihan pencegahan dan mitigasi", "jiwa", ""),
            ("2.3", "Gladi kesiapsiagaan terhadap bencana", "jiwa", ""),
            ("2.4", "Pengendalian operasi dan penyediaan sarana prasarana kesiapsiagaan", "unit", ""),
            ("2.5", "Kesiapsiagaan kecamatan (Kencana) terverifikasi", "kecamatan", "verified_readiness"),
        ],
    ),
    (
        "L3",
        "Pelayanan penyelamatan dan evakuasi korban bencana",
        [
            ("3.1", "Respon cepat darurat bencana", "kejadian", ""),
            ("3.2", "Pencarian, pertolongan dan evakuasi korban bencana", "jiwa", ""),
            ("3.3", "Aktivasi sistem komando penanganan darurat bencana", "kejadian", ""),
            ("3.4", "Pemenuhan kebutuhan dasar korban bencana", "jiwa", ""),
            ("3.5", "Pelayanan kesehatan dan dukungan psikososial korban bencana", "jiwa", ""),
        ],
    ),
]


def load(*, version_model, service_model, sub_activity_model, component_model) -> None:
    """Write version 1 of the catalogue, published, unless a version 1 exists."""
    if version_model.objects.filter(number=1).exists():
        return
    version = version_model.objects.create(number=1, title=TITLE, source=SOURCE, published=True)
    for service_order, (code, name, sub_activities) in enumerate(SERVICES, start=1):
        service = service_model.objects.create(version=version, code=code, name=name, order=service_order)
        for order, (sub_code, sub_name, unit, source) in enumerate(sub_activities, start=1):
            sub = sub_activity_model.objects.create(
                service=service, code=sub_code, name=sub_name, unit=unit, source=source, order=order
            )
            component_model.objects.bulk_create(
                component_model(sub_activity=sub, code=c, name=n, weight=w) for c, n, w in STANDARD_COMPONENTS
            )
