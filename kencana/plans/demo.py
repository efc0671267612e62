"""Demo agencies, action plans and flood quick-response cards for Balangan (and a few agencies of Banjar).

Agency names follow the real pattern (Puskesmas, Polsek, Koramil per kecamatan);
contact people and phone numbers are invented and marked as demo. Dates are set
relative to the day the demo is seeded, so one item of every kecamatan plan is
overdue. Rows that already exist are left alone: seeding again changes nothing.
"""

import datetime
from decimal import Decimal

from kecamatan.demo import desa
from kecamatan.models import GEOMETRY_FIELDS, District, Hazard, Kecamatan
from kencana.accounts.models import User
from kencana.core.clock import local_today

from .models import ActionItem, Agency, CardStep, CardTemplate, PlanTemplate, QuickResponseCard
from .services import action_plan_ensure

DEMO_PHONE = "0811-5{:03d}-{:04d}"
DISTRICT_AGENCIES = {
    "63.11": [
        ("bpbd", "BPBD Kabupaten Balangan", "Rahmi", "Kepala Pelaksana"),
        ("bpbd", "Pusdalops BPBD Balangan", "Piket Pusdalops", "Operator 24 jam"),
        ("dinsos", "Dinas Sosial Kabupaten Balangan", "Hj. Noorlaila", "Kabid Perlindungan dan Jaminan Sosial"),
        ("pmi", "PMI Kabupaten Balangan", "M. Ridwan", "Kepala Markas"),
        ("tagana", "Tagana Kabupaten Balangan", "Akhmad Yani", "Koordinator"),
        ("damkar", "Damkar Kabupaten Balangan", "Supriadi", "Kepala Regu"),
    ],
    "63.03": [
        ("bpbd", "BPBD Kabupaten Banjar", "Azhar Alamsyah", "Sekretaris"),
        ("dinsos", "Dinas Sosial Kabupaten Banjar", "Rusdiana", "Kabid Linjamsos"),
        ("pmi", "PMI Kabupaten Banjar", "H. Fahmi", "Kepala Markas"),
    ],
}
# Per Balangan kecamatan: the kecamatan office, its Puskesmas, Polsek and Koramil.
KECAMATAN_AGENCIES = [
    ("kecamatan", "Kantor Kecamatan {name}", "Kasi Trantib"),
    ("puskesmas", "Puskesmas {name}", "Kepala Puskesmas"),
    ("polsek", "Polsek {name}", "Kapolsek"),
    ("koramil", "Koramil {name}", "Danramil"),
]
COMMUNITY_GROUPS = {
    "63.11.06": ("community", "Masyarakat Peduli Api (MPA) Paringin", "Ketua MPA"),
    "63.11.03": ("community", "Relawan Tangguh Bencana Awayan", "Koordinator relawan"),
}
# A desa government that owns actions in its kecamatan's plan, by desa code.
DESA_AGENCIES = {"63.11.08.2001": ("Pemerintah {desa}", "Pembakal (Kepala Desa)")}  # Desa Dayak Pitap
# The desa whose hall each Balangan kecamatan's flood card names as an assembly point.
CARD_SITES = {
    "63.11.01": "63.11.01.2003",  # Desa Juai
    "63.11.02": "63.11.02.2005",  # Desa Halong
    "63.11.03": "63.11.03.2007",  # Desa Awayan
    "63.11.04": "63.11.04.2005",  # Desa Batumandi
    "63.11.05": "63.11.05.2006",  # Desa Lampihong Selatan
    "63.11.06": "63.11.06.1023",  # Kelurahan Paringin Kota
    "63.11.07": "63.11.07.1001",  # Kelurahan Batu Piring
    "63.11.08": "63.11.08.2002",  # Desa Tebing Tinggi
}

FLOOD_TRIGGER = (
    "Peringatan dini BMKG hujan lebat, atau tinggi muka air Sungai Balangan di pos pantau mencapai status "
    "Siaga, atau laporan genangan dari kepala desa."
)
# (minutes after the trigger, what, who by role, agency name pattern)
FLOOD_STEPS = [
    (
        0,
        "Sebarkan peringatan ke semua kepala desa (grup WhatsApp, pengeras suara masjid)",
        "Kasi Trantib",
        "Kantor Kecamatan {name}",
    ),
    (30, "Aktifkan posko siaga kecamatan; pantau muka air tiap jam", "Camat", "Kantor Kecamatan {name}"),
    (
        60,
        "Evakuasi lansia, ibu hamil, anak dan penyandang disabilitas ke titik kumpul",
        "Kapolsek dan Danramil",
        "Polsek {name}",
    ),
    (120, "Buka layanan kesehatan di titik kumpul", "Kepala Puskesmas", "Puskesmas {name}"),
    (180, "Laporkan kaji cepat (warga terdampak, kebutuhan) ke Pusdalops", "Kasi Trantib", "Pusdalops BPBD Balangan"),
    (360, "Dirikan dapur umum dan salurkan logistik dari gudang", "Koordinator Tagana", "Tagana Kabupaten Balangan"),
    (
        1440,
        "Usulkan status siaga atau tanggap darurat kepada Bupati bila perlu",
        "Kepala Pelaksana",
        "BPBD Kabupaten Balangan",
    ),
]
EXTRA_CONTACTS = ["Dinas Sosial Kabupaten Balangan", "PMI Kabupaten Balangan"]


def _phone(district_number: int, n: int) -> str:
    return DEMO_PHONE.format(district_number, n)


def seed_agencies() -> None:
    for number, (code, rows) in enumerate(DISTRICT_AGENCIES.items(), start=1):
        district = District.objects.filter(code=code).first()
        if district is None:
            continue
        for n, (kind, name, person, role) in enumerate(rows, start=1):
            Agency.objects.get_or_create(
                district=district,
                name=name,
                defaults={
                    "kind": kind,
                    "contact_person": f"{person} (demo)",
                    "contact_role": role,
                    "phone": _phone(number, n),
                },
            )
    desa_agencies = {}
    for code, (pattern, role) in DESA_AGENCIES.items():
        place = desa(code)
        desa_agencies.setdefault(place.kecamatan.code, []).append(
            ("desa", pattern.format(desa=place.display_name), role)
        )
    kecamatan_rows = Kecamatan.objects.filter(district__code="63.11").defer(*GEOMETRY_FIELDS).order_by("code")
    for index, kecamatan in enumerate(kecamatan_rows, start=1):
        rows = [*KECAMATAN_AGENCIES, *desa_agencies.get(kecamatan.code, [])]
        if kecamatan.code in COMMUNITY_GROUPS:
            rows.append(COMMUNITY_GROUPS[kecamatan.code])
        for n, (kind, pattern, role) in enumerate(rows, start=1):
            Agency.objects.get_or_create(
                district=kecamatan.district,
                name=pattern.format(name=kecamatan.name),
                defaults={
                    "kind": kind,
                    "kecamatan": kecamatan,
                    "contact_person": f"{role} {kecamatan.name} (demo)",
                    "contact_role": role,
                    "phone": _phone(100 + index, n),
                },
            )


def _item_specs(kecamatan: Kecamatan, today: datetime.date, hazard_codes: set[str]) -> list[dict]:
    days = datetime.timedelta
    main_hazard = "banjir" if "banjir" in hazard_codes else "karhutla"
    name = kecamatan.name
    return [
        {
            "title": "Sosialisasi peta rawan bencana ke seluruh desa",
            "owner": f"Kantor Kecamatan {name}",
            "start_date": today - days(40),
            "due_date": today + days(30),
            "status": ActionItem.Status.IN_PROGRESS,
            "progress": 40,
            "budget_source": ActionItem.BudgetSource.APBD,
            "budget_amount": Decimal(15_000_000),
        },
        {
            "title": f"Simulasi evakuasi {'banjir' if main_hazard == 'banjir' else 'kebakaran lahan'} tingkat kecamatan",
            "hazard": main_hazard,
            "owner": "BPBD Kabupaten Balangan",
            "start_date": today - days(60),
            "due_date": today - days(10),  # overdue: shown on the kecamatan page and to the alerts
            "status": ActionItem.Status.PLANNED,
            "progress": 0,
            "budget_source": ActionItem.BudgetSource.APBD,
            "budget_amount": Decimal(25_000_000),
            "note": "Menunggu jadwal bersama Polsek dan Koramil.",
        },
        {
            "title": "Pembentukan regu Masyarakat Peduli Api di desa rawan karhutla",
            "hazard": "karhutla",
            "owner": f"Koramil {name}",
            "start_date": today - days(120),
            "due_date": today - days(20),
            "status": ActionItem.Status.DONE,
            "progress": 100,
            "budget_source": ActionItem.BudgetSource.APBDES,
            "budget_amount": Decimal(8_000_000),
        },
        {
            "title": "Pengadaan perahu karet dan pelampung untuk posko",
            "hazard": "banjir" if "banjir" in hazard_codes else None,
            "owner": "BPBD Kabupaten Balangan",
            "start_date": today - days(10),
            "due_date": today + days(75),
            "status": ActionItem.Status.BLOCKED,
            "progress": 10,
            "budget_source": ActionItem.BudgetSource.CSR,
            "budget_amount": Decimal(60_000_000),
            "note": "Menunggu kepastian dana CSR.",
        },
    ]


def _create_items(plan, specs, agencies, hazards, by) -> None:
    for spec in specs:
        spec = dict(spec)
        owner = agencies.get(spec.pop("owner"))
        hazard = hazards.get(spec.pop("hazard", None) or "")
        item = ActionItem(
            plan=plan, owner_agency=owner, hazard=hazard, owner_person=owner.contact_person if owner else "", **spec
        )
        item._history_user = by
        item.save()


def seed_plans() -> None:
    balangan = District.objects.filter(code="63.11").first()
    if balangan is None:
        return
    today = local_today(balangan.timezone)
    by = User.objects.filter(username="staff.balangan").first()
    agencies = {a.name: a for a in Agency.objects.filter(district=balangan)}
    hazards = {h.code: h for h in Hazard.objects.all()}
    for kecamatan in Kecamatan.objects.filter(district=balangan).order_by("code"):
        plan = action_plan_ensure(district=balangan, kecamatan=kecamatan)
        if plan.items.exists():
            continue
        hazard_codes = set(kecamatan.risk_profiles.values_list("hazard__code", flat=True))
        _create_items(plan, _item_specs(kecamatan, today, hazard_codes), agencies, hazards, by)
    district_plan = action_plan_ensure(district=balangan)
    if not district_plan.items.exists():
        specs = [
            {
                "title": "Pemutakhiran Kajian Risiko Bencana Kabupaten Balangan",
                "owner": "BPBD Kabupaten Balangan",
                "start_date": today - datetime.timedelta(days=30),
                "due_date": today + datetime.timedelta(days=150),
                "status": ActionItem.Status.IN_PROGRESS,
                "progress": 20,
                "budget_source": ActionItem.BudgetSource.APBD,
                "budget_amount": Decimal(150_000_000),
            },
            {
                "title": "Pelatihan dasar Tagana untuk relawan kecamatan",
                "owner": "Tagana Kabupaten Balangan",
                "start_date": today + datetime.timedelta(days=14),
                "due_date": today + datetime.timedelta(days=45),
                "status": ActionItem.Status.PLANNED,
                "progress": 0,
                "budget_source": ActionItem.BudgetSource.APBD,
                "budget_amount": Decimal(40_000_000),
            },
        ]
        _create_items(district_plan, specs, agencies, hazards, by)


def seed_cards() -> None:
    balangan = District.objects.filter(code="63.11").first()
    flood = Hazard.objects.filter(code="banjir").first()
    if balangan is None or flood is None:
        return
    today = local_today(balangan.timezone)
    by = User.objects.filter(username="staff.balangan").first()
    agencies = {a.name: a for a in Agency.objects.filter(district=balangan)}
    for index, kecamatan in enumerate(Kecamatan.objects.filter(district=balangan).order_by("code")):
        if QuickResponseCard.objects.filter(kecamatan=kecamatan, hazard=flood).exists():
            continue
        name = kecamatan.name
        site = desa(CARD_SITES[kecamatan.code])
        # Halong's card was last checked long ago, so the demo shows a card due for review.
        reviewed = today - datetime.timedelta(days=240 if kecamatan.code == "63.11.02" else 20 + index * 7)
        card = QuickResponseCard(
            kecamatan=kecamatan,
            hazard=flood,
            trigger=FLOOD_TRIGGER,
            assembly_points=f"Halaman Kantor Camat {name}\nBalai {site.display_name}\nSDN 1 {site.name} (lantai 2)",
            evacuation_routes=(
                f"Dari desa tepi sungai lewat jalan desa ke jalan poros kecamatan {name}, menjauhi sungai\n"
                "Jalan provinsi ke arah dataran tinggi; jembatan gantung tidak dipakai saat banjir"
            ),
            last_reviewed_on=reviewed,
            reviewed_by=by,
        )
        card._history_user = by
        card.save()
        card.extra_contacts.set([agencies[n] for n in EXTRA_CONTACTS if n in agencies])
        CardStep.objects.bulk_create(
            CardStep(
                card=card,
                order=order,
                within_minutes=minutes,
                action=action,
                role=role,
                agency=agencies.get(agency.format(name=name)),
            )
            for order, (minutes, action, role, agency) in enumerate(FLOOD_STEPS, start=1)
        )


CARD_TEMPLATE_NAME = "Kartu aksi cepat banjir (standar BPBD Balangan)"
# (minutes, what, who by role, agency kind, agency name part)
CARD_TEMPLATE_STEPS = [
    (
        0,
        "Sebarkan peringatan ke semua kepala desa (grup WhatsApp, pengeras suara masjid)",
        "Kasi Trantib",
        "kecamatan",
        "",
    ),
    (30, "Aktifkan posko siaga kecamatan; pantau muka air tiap jam", "Camat", "kecamatan", ""),
    (60, "Evakuasi warga rentan (lansia, ibu hamil, difabel) ke titik kumpul", "Kapolsek dan Danramil", "polsek", ""),
    (120, "Buka layanan kesehatan di titik kumpul", "Kepala Puskesmas", "puskesmas", ""),
    (180, "Laporkan kaji cepat (warga terdampak, kebutuhan) ke Pusdalops", "Kasi Trantib", "bpbd", "Pusdalops"),
    (360, "Dirikan dapur umum dan salurkan logistik dari gudang", "Koordinator Tagana", "tagana", ""),
    (
        1440,
        "Usulkan status siaga atau tanggap darurat kepada Bupati bila perlu",
        "Kepala Pelaksana",
        "bpbd",
        "BPBD Kabupaten",
    ),
]
PLAN_TEMPLATE_NAME = "Rencana aksi dasar Kecamatan Tangguh Bencana"
# (title, hazard code or "", owner agency kind, due after days, budget source)
PLAN_TEMPLATE_ITEMS = [
    ("Perbarui peta rawan dan jalur evakuasi kecamatan", "", "kecamatan", 60, "apbd"),
    ("Bentuk atau segarkan relawan desa tangguh bencana", "", "kecamatan", 90, "apbdes"),
    ("Pasang papan titik kumpul dan rambu jalur evakuasi", "banjir", "kecamatan", 120, "apbd"),
    ("Latih petugas Puskesmas untuk layanan kesehatan darurat", "", "puskesmas", 150, "apbd"),
    ("Simulasi evakuasi banjir bersama warga", "banjir", "bpbd", 180, "apbd"),
]


def seed_templates() -> None:
    """Balangan's standard flood card and basic plan templates, published and shared with partners."""
    from . import services

    balangan = District.objects.filter(code="63.11").first()
    admin = User.objects.filter(username="admin.balangan", district=balangan).first()
    if balangan is None or admin is None:
        return
    hazards = {h.code: h for h in Hazard.objects.all()}
    if "banjir" not in hazards:
        return
    if not CardTemplate.objects.filter(district=balangan, name=CARD_TEMPLATE_NAME).exists():
        template = services.template_create(
            by=admin,
            kind="cards",
            name=CARD_TEMPLATE_NAME,
            description="Langkah standar kecamatan di sepanjang Sungai Balangan saat banjir.",
            hazard=hazards["banjir"],
        )
        draft = services.card_template_save(
            by=admin,
            version=template.draft_version(),
            hazard=hazards["banjir"],
            trigger=FLOOD_TRIGGER,
            assembly_points=(
                "Bangunan kokoh di tempat tinggi, mudah dicapai dalam 15 menit berjalan kaki\n"
                "Halaman kantor camat, masjid, atau sekolah berlantai dua"
            ),
            evacuation_routes=(
                "Jalan menjauhi sungai ke jalan poros kecamatan\nHindari jembatan gantung dan jalan yang biasa tergenang"
            ),
            steps=[
                {"within_minutes": m, "action": a, "role": r, "agency_kind": k, "agency_name": n}
                for m, a, r, k, n in CARD_TEMPLATE_STEPS
            ],
        )
        services.template_version_publish(by=admin, version=draft)
        services.template_update(
            by=admin, template=template, name=template.name, description=template.description, shared_with_partners=True
        )
    if not PlanTemplate.objects.filter(district=balangan, name=PLAN_TEMPLATE_NAME).exists():
        template = services.template_create(
            by=admin,
            kind="plans",
            name=PLAN_TEMPLATE_NAME,
            description="Kegiatan pertama setiap kecamatan menuju Kecamatan Tangguh Bencana.",
        )
        draft = services.plan_template_save(
            by=admin,
            version=template.draft_version(),
            items=[
                {
                    "title": title,
                    "hazard": hazards.get(code),
                    "owner_kind": kind,
                    "due_offset_days": days,
                    "budget_source": source,
                }
                for title, code, kind, days, source in PLAN_TEMPLATE_ITEMS
            ],
        )
        services.template_version_publish(by=admin, version=draft)
        services.template_update(
            by=admin, template=template, name=template.name, description=template.description, shared_with_partners=True
        )


def seed_plans_demo() -> None:
    """The seed_demo step: agencies, then plans and items, then cards, then the card and plan templates."""
    seed_agencies()
    seed_plans()
    seed_cards()
    seed_templates()
