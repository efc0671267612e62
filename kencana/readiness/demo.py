"""Demo readiness data: the Kencana readiness template, its assignment in Balangan, past reports.

The template was written for this project around the three SPM disaster services and
the Destana aspects. Official Kencana tier criteria were not found in public material,
so the thresholds (Pratama ≥ 0, Madya ≥ 55, Utama ≥ 80) are *project defaults*, kept as
data on the version like any other thresholds. Past reports are generated from a fixed
seed so the dashboards show something honest: tiers that differ, a returned report, one
waiting for verification, some missing.
"""

import datetime
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from kecamatan.models import District, Hazard, Kecamatan
from kencana.accounts.models import User
from kencana.core.clock import local_today
from kencana.library.models import VersionState

from .demo_units import seed_units
from .models import (
    Answer,
    AnswerType,
    Assignment,
    Computed,
    Evidence,
    Indicator,
    PeriodType,
    Report,
    ReportState,
    Section,
    Template,
    TemplateVersion,
    TierThreshold,
    Verdict,
)
from .periods import deadline_end, period_bounds, previous_period_start
from .rollup import FIGURES
from .scoring import answer_points, score
from .selectors import applicable_indicators

TEMPLATE_NAME = "Instrumen Kesiapsiagaan Kencana"
THRESHOLDS = [("Pratama", Decimal(0)), ("Madya", Decimal(55)), ("Utama", Decimal(80))]  # project defaults

YES_NO = (AnswerType.YES_NO, None)
DOC_LEVELS = (
    AnswerType.SCALE,
    [
        {"label": "Belum ada", "points": 0},
        {"label": "Draf / sedang disusun", "points": 1},
        {"label": "Ditetapkan", "points": 2},
        {"label": "Ditetapkan dan dijalankan", "points": 3},
    ],
)
FREQUENCY = (
    AnswerType.CHOICE,
    [
        {"label": "Tidak pernah", "points": 0},
        {"label": "Sekali setahun", "points": 1},
        {"label": "Tiap semester", "points": 2},
        {"label": "Tiap triwulan atau lebih sering", "points": 3},
    ],
)


def _number(target: int, unit: str):
    return (AnswerType.NUMBER, (Decimal(target), unit))


# (section id, section en, [(code, text_id, text_en, (type, choices|target), weight, evidence, hazards)])
SECTIONS = [
    (
        "Kebijakan dan Legislasi",
        "Policy and legislation",
        [
            (
                "KL-01",
                "Ada keputusan camat tentang pembentukan Kecamatan Tangguh Bencana.",
                "There is a camat decree establishing the Disaster-Resilient Kecamatan.",
                YES_NO,
                2,
                True,
                [],
            ),
            (
                "KL-02",
                "Status peraturan/keputusan kecamatan tentang penanggulangan bencana.",
                "Status of the kecamatan's regulation or decree on disaster management.",
                DOC_LEVELS,
                2,
                True,
                [],
            ),
            (
                "KL-03",
                "Desa di kecamatan ini yang memiliki peraturan desa tentang penanggulangan bencana.",
                "Desa in this kecamatan with a village regulation on disaster management.",
                _number(5, "desa"),
                1,
                False,
                [],
            ),
        ],
    ),
    (
        "Perencanaan",
        "Planning",
        [
            (
                "PR-01",
                "Status rencana aksi cepat kecamatan.",
                "Status of the kecamatan's quick action plan.",
                DOC_LEVELS,
                3,
                True,
                [],
            ),
            (
                "PR-02",
                "Rencana kontinjensi untuk ancaman utama kecamatan.",
                "Contingency plan for the kecamatan's main hazard.",
                DOC_LEVELS,
                2,
                True,
                [],
            ),
            (
                "PR-03",
                "Kegiatan pengurangan risiko bencana masuk dalam Musrenbang kecamatan tahun ini.",
                "Disaster risk reduction activities are in this year's kecamatan Musrenbang.",
                YES_NO,
                2,
                False,
                [],
            ),
            (
                "PR-04",
                "Rencana penanggulangan longsor di lereng rawan (pemantauan retakan, jalur aman).",
                "Landslide plan for unstable slopes (crack monitoring, safe routes).",
                DOC_LEVELS,
                2,
                False,
                ["tanah-longsor"],
            ),
        ],
    ),
    (
        "Kelembagaan",
        "Institutions",
        [
            (
                "KB-01",
                "Forum Pengurangan Risiko Bencana (FPRB) kecamatan telah dibentuk.",
                "A kecamatan disaster risk reduction forum (FPRB) has been set up.",
                YES_NO,
                2,
                True,
                [],
            ),
            (
                "KB-02",
                "Seberapa sering forum lintas instansi (TNI, Polri, puskesmas, desa) bertemu.",
                "How often the cross-agency forum (army, police, health centre, desa) meets.",
                FREQUENCY,
                2,
                False,
                [],
            ),
            (
                "KB-03",
                "Posko kecamatan punya penanggung jawab dan daftar kontak yang diperbarui triwulan ini.",
                "The kecamatan command post has a person in charge and a contact list updated this quarter.",
                YES_NO,
                2,
                False,
                [],
            ),
            (
                "KB-04",
                "Desa yang memiliki relawan atau Tim Siaga Bencana Desa aktif.",
                "Desa with active volunteers or a village disaster team.",
                _number(10, "desa"),
                1,
                False,
                [],
            ),
        ],
    ),
    (
        "Pendanaan",
        "Funding",
        [
            (
                "PD-01",
                "Anggaran kecamatan tahun ini memuat kegiatan kesiapsiagaan bencana.",
                "This year's kecamatan budget includes preparedness activities.",
                YES_NO,
                2,
                True,
                [],
            ),
            (
                "PD-02",
                "Desa yang mengalokasikan Dana Desa untuk pengurangan risiko bencana.",
                "Desa allocating village funds to disaster risk reduction.",
                _number(10, "desa"),
                1,
                False,
                [],
            ),
            (
                "PD-03",
                "Ada mekanisme dana siap pakai atau dukungan dunia usaha (CSR) untuk tanggap darurat.",
                "There is a ready-to-use fund or business (CSR) support for emergency response.",
                YES_NO,
                1,
                False,
                [],
            ),
        ],
    ),
    (
        "Peningkatan Kapasitas",
        "Capacity building",
        [
            (
                "PK-01",
                "Aparatur kecamatan yang mengikuti pelatihan penanggulangan bencana tahun ini.",
                "Kecamatan staff trained in disaster management this year.",
                _number(10, "orang"),
                1,
                True,
                [],
            ),
            (
                "PK-02",
                "Sosialisasi risiko bencana kepada warga dan sekolah.",
                "Risk awareness sessions for residents and schools.",
                FREQUENCY,
                2,
                False,
                [],
            ),
            (
                "PK-03",
                "Satuan pendidikan yang sudah menjalankan program sekolah aman bencana.",
                "Schools running the safe-school programme.",
                _number(5, "sekolah"),
                1,
                False,
                [],
            ),
            (
                "PK-04",
                "Masyarakat peduli api dilatih dan dilengkapi untuk pemadaman awal karhutla.",
                "Fire-care community groups trained and equipped for first response to land fires.",
                YES_NO,
                2,
                True,
                ["karhutla"],
            ),
        ],
    ),
    (
        "SPM 1 · Informasi Rawan Bencana",
        "SPM 1 · Information on disaster-prone areas",
        [
            (
                "IR-01",
                "Peta rawan bencana kecamatan dipasang di kantor kecamatan dan desa.",
                "The kecamatan hazard map is posted at the kecamatan and desa offices.",
                YES_NO,
                2,
                True,
                [],
            ),
            (
                "IR-02",
                "Kajian risiko kecamatan (ancaman, kerentanan, kapasitas) tersedia dan diperbarui.",
                "The kecamatan risk assessment (hazard, vulnerability, capacity) exists and is current.",
                DOC_LEVELS,
                3,
                True,
                [],
            ),
            (
                "IR-03",
                "Warga di kawasan rawan yang telah menerima informasi risiko (persen).",
                "Residents of hazard-prone areas who received risk information (percent).",
                _number(80, "%"),
                2,
                False,
                [],
            ),
            (
                "IR-04",
                "Titik pantau tinggi muka air sungai dipantau dan dilaporkan saat musim hujan.",
                "River water-level points are watched and reported in the rainy season.",
                YES_NO,
                2,
                False,
                ["banjir"],
            ),
        ],
    ),
    (
        "SPM 2 · Pencegahan dan Kesiapsiagaan",
        "SPM 2 · Prevention and preparedness",
        [
            (
                "PS-01",
                "Sistem peringatan dini (sirene, kentongan, grup pesan) diuji dan berfungsi.",
                "The early warning system (siren, kentongan, message group) is tested and works.",
                DOC_LEVELS,
                3,
                True,
                [],
            ),
            (
                "PS-02",
                "Simulasi atau gladi evakuasi diadakan bersama warga.",
                "Evacuation drills are held with residents.",
                FREQUENCY,
                3,
                True,
                [],
            ),
            (
                "PS-03",
                "Jalur evakuasi dan titik kumpul ditandai di desa rawan.",
                "Evacuation routes and assembly points are signposted in hazard-prone desa.",
                YES_NO,
                2,
                False,
                [],
            ),
            (
                "PS-04",
                "Patroli dan pemantauan titik panas dilakukan pada musim kemarau.",
                "Patrols and hotspot monitoring run in the dry season.",
                YES_NO,
                2,
                False,
                ["karhutla"],
            ),
            (
                "PS-05",
                "Pemantauan retakan tanah dan tanda longsor oleh warga di lereng rawan.",
                "Residents watch for ground cracks and landslide signs on unstable slopes.",
                YES_NO,
                2,
                False,
                ["tanah-longsor"],
            ),
        ],
    ),
    (
        "SPM 3 · Penyelamatan dan Evakuasi",
        "SPM 3 · Rescue and evacuation",
        [
            (
                "PE-01",
                "Tempat evakuasi sementara ditetapkan dan layak (air, sanitasi, penerangan).",
                "Temporary shelters are designated and fit for use (water, sanitation, lighting).",
                DOC_LEVELS,
                3,
                True,
                [],
            ),
            (
                "PE-02",
                "Tim reaksi cepat kecamatan dapat digerakkan dalam 2 jam.",
                "The kecamatan rapid response team can be mobilised within 2 hours.",
                YES_NO,
                3,
                False,
                [],
            ),
            (
                "PE-03",
                "Data kelompok rentan (lansia, disabilitas, ibu hamil, balita) per desa tersedia.",
                "Data on vulnerable groups (elderly, disabled, pregnant women, toddlers) per desa is available.",
                DOC_LEVELS,
                2,
                False,
                [],
            ),
            (
                "PE-04",
                "Perahu dan peralatan penyelamatan air siap pakai.",
                "Boats and water-rescue equipment are ready for use.",
                YES_NO,
                2,
                False,
                ["banjir"],
            ),
        ],
    ),
    (
        "Logistik",
        "Logistics",
        [
            (
                "LG-01",
                "Gudang atau lumbung logistik kecamatan tersedia dan tercatat.",
                "A kecamatan logistics store exists and is recorded.",
                YES_NO,
                2,
                True,
                [],
            ),
            (
                "LG-02",
                "Stok logistik dasar untuk 3 hari bagi 100 pengungsi (persen terpenuhi).",
                "Basic supplies for 3 days for 100 displaced people (percent met).",
                _number(100, "%"),
                2,
                False,
                [],
            ),
            (
                "LG-03",
                "Kartu stok dan masa kedaluwarsa diperiksa.",
                "Stock cards and expiry dates are checked.",
                FREQUENCY,
                1,
                False,
                [],
            ),
            (
                "LG-04",
                "Peralatan pemadaman awal (pompa, selang, alat semprot punggung) tersedia.",
                "First-response firefighting equipment (pump, hoses, backpack sprayers) is available.",
                YES_NO,
                1,
                False,
                ["karhutla"],
            ),
        ],
    ),
]

# How each demo kecamatan fares, oldest period first: (target share, final state). None = missing.
HISTORY = {
    "63.11.06": [(0.45, "verified"), (0.62, "verified"), (0.72, "verified")],  # Paringin, improving
    "63.11.03": [(0.35, "verified"), (0.42, "verified"), (0.5, "submitted")],  # Awayan, awaiting verification
    "63.11.01": [(0.5, "verified"), None, (0.58, "returned")],  # Juai
    "63.11.02": [None, (0.4, "verified"), None],  # Halong
    "63.11.04": [(0.55, "verified"), (0.6, "verified"), (0.66, "verified")],  # Batu Mandi
    "63.11.05": [(0.3, "verified"), (0.38, "returned"), None],  # Lampihong
    "63.11.07": [None, None, (0.48, "submitted")],  # Paringin Selatan
    "63.11.08": [(0.78, "verified"), (0.84, "verified"), (0.88, "verified")],  # Tebing Tinggi, Utama
}
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _create_template(district: District, admin: User | None) -> TemplateVersion:
    hazards = {h.code: h for h in Hazard.objects.all()}
    template = Template.objects.create(
        district=district,
        name=TEMPLATE_NAME,
        description=(
            "Instrumen penilaian kesiapsiagaan kecamatan, disusun untuk Kencana dari tiga layanan SPM sub-urusan "
            "bencana dan aspek Destana. Ambang tingkat (Pratama ≥ 0, Madya ≥ 55, Utama ≥ 80) adalah bawaan proyek, "
            "bukan kriteria resmi."
        ),
        shared_with_partners=True,
        created_by=admin,
    )
    version = TemplateVersion.objects.create(
        template=template,
        number=1,
        state=VersionState.PUBLISHED,
        notes="Versi pertama.",
        created_by=admin,
        published_by=admin,
        published_at=timezone.now(),
    )
    TierThreshold.objects.bulk_create(TierThreshold(version=version, name=n, lower_bound=b) for n, b in THRESHOLDS)
    for s_pos, (title, title_en, rows) in enumerate(SECTIONS, start=1):
        section = Section.objects.create(version=version, title=title, title_en=title_en, position=s_pos)
        for i_pos, (code, text_id, text_en, (kind, spec), weight, evidence, hazard_codes) in enumerate(rows, start=1):
            target, unit = spec if kind == AnswerType.NUMBER else (None, "")
            indicator = Indicator.objects.create(
                version=version,
                section=section,
                code=code,
                text_id=text_id,
                text_en=text_en,
                answer_type=kind,
                choices=spec if kind in (AnswerType.SCALE, AnswerType.CHOICE) else [],
                target=target,
                unit=unit,
                weight=Decimal(weight),
                evidence_required=evidence,
                position=i_pos,
            )
            indicator.hazards.set(hazards[c] for c in hazard_codes if c in hazards)
    # The one answer the kecamatan does not type: it comes from its desa's verified Destana assessments.
    units = Section.objects.create(
        version=version, title="Desa dan sekolah", title_en="Desa and schools", position=len(SECTIONS) + 1
    )
    Indicator.objects.create(
        version=version,
        section=units,
        code="DS-01",
        text_id="Persentase desa/kelurahan yang mencapai Destana Madya atau lebih",
        text_en="Share of desa/kelurahan at Destana Madya or above",
        answer_type=AnswerType.NUMBER,
        target=Decimal(50),
        unit="%",
        computed=Computed.DESTANA_MADYA_SHARE,
        guidance="Dihitung dari penilaian Destana desa yang telah diverifikasi BPBD.",
        position=1,
    )
    return version


def answer_values(indicator: Indicator, share: float, rng: random.Random) -> dict:
    """A plausible answer around ``share`` of the indicator's points."""
    level = min(1.0, max(0.0, share + rng.uniform(-0.3, 0.3)))
    if indicator.answer_type == AnswerType.YES_NO:
        return {"yes": rng.random() < share, "number": None, "choice": ""}
    if indicator.answer_type == AnswerType.NUMBER:
        return {
            "yes": None,
            "number": (indicator.target * Decimal(str(round(level, 2)))).quantize(Decimal(1)),
            "choice": "",
        }
    ordered = sorted(indicator.choices, key=lambda c: c["points"])
    return {"yes": None, "number": None, "choice": ordered[round(level * (len(ordered) - 1))]["label"]}


def _fill_report(report: Report, share: float, final: str, officer: User | None, reviewer: User | None, rng) -> None:
    tz = report.kecamatan.district.timezone
    indicators = applicable_indicators(version=report.version, kecamatan=report.kecamatan)
    answers = []
    for indicator in indicators:
        figures = {}
        if indicator.computed:  # as the units beneath stand today (the demo has no older figures)
            figure = FIGURES[indicator.computed](report.kecamatan)
            values = {"yes": None, "number": figure.value, "choice": ""}
            figures = figure.as_json(indicator.computed)
        else:
            values = answer_values(indicator, share, rng)
        answer = Answer.objects.create(
            report=report,
            indicator=indicator,
            points=answer_points(indicator, **values),
            comment="",
            updated_by=officer,
            source_figures=figures,
            **values,
        )
        if indicator.evidence_required:
            evidence = Evidence(
                answer=answer,
                original_name=f"{indicator.code.lower()}-bukti.pdf",
                content_type="application/pdf",
                size=len(DEMO_PDF),
                uploaded_by=officer,
            )
            evidence.file.save("evidence.pdf", ContentFile(DEMO_PDF), save=False)
            evidence.save()
        answers.append(answer)
    total, sections = score(indicators, answers)
    late = rng.random() < 0.25
    submitted = deadline_end(report.due_on, tz) + datetime.timedelta(days=3 if late else -5, hours=-7)
    # Early in a quarter the last period's deadline is still ahead: never date anything in the future.
    submitted = min(submitted, timezone.now() - datetime.timedelta(days=2))
    report.first_submitted_at = report.submitted_at = submitted
    report.submitted_by = officer
    report.score, report.tier = total, report.version.tier_for(total)
    report.section_scores = [s.as_json() for s in sections]
    report.state = final
    if final == ReportState.VERIFIED:
        report.verified_at = min(submitted + datetime.timedelta(days=4), timezone.now() - datetime.timedelta(hours=1))
        report.verified_by = reviewer
        report.answers.update(verdict=Verdict.ACCEPTED, reviewed_by=reviewer, reviewed_at=report.verified_at)
    elif final == ReportState.RETURNED:
        report.returned_at = min(submitted + datetime.timedelta(days=3), timezone.now() - datetime.timedelta(hours=1))
        report.return_note = "Lampirkan foto papan peta rawan dan daftar hadir gladi evakuasi."
        weakest = report.answers.order_by("points").first()
        weakest.verdict, weakest.review_note, weakest.reviewed_by = (
            Verdict.NEEDS_REVISION,
            "Bukti belum sesuai dengan jawaban.",
            reviewer,
        )
        weakest.save()
    report.save()


@transaction.atomic
def seed_readiness() -> None:
    """Balangan's published, shared template, its quarterly assignment and three past quarters of reports."""
    balangan = District.objects.get(code="63.11")
    admin = User.objects.filter(username="admin.balangan").first()
    seed_units(balangan, admin)  # first: the Kencana template computes one answer from them
    template = Template.objects.filter(district=balangan, name=TEMPLATE_NAME).first()
    version = template.published_version() if template else _create_template(balangan, admin)
    today = local_today(balangan.timezone)
    current, _end = period_bounds(PeriodType.QUARTER, today)
    starts = [current]
    for _n in range(3):
        starts.insert(0, previous_period_start(PeriodType.QUARTER, starts[0]))
    assignment = Assignment.objects.filter(district=balangan, version__template=version.template).first()
    if assignment is None:
        assignment = Assignment.objects.create(
            district=balangan,
            version=version,
            period_type=PeriodType.QUARTER,
            starts_on=starts[0],
            due_days=15,
            close_days=45,
            created_by=admin,
        )
        assignment.kecamatan.set(Kecamatan.objects.filter(district=balangan))
    if assignment.reports.exists():
        return
    rng = random.Random(6311)  # noqa: S311 - a fixed seed, so the demo is the same every time
    reviewer = User.objects.filter(username="staff.balangan").first()
    officers = {k.code: k.officers.first() for k in assignment.kecamatan.prefetch_related("officers")}
    for kecamatan in assignment.kecamatan.order_by("code"):
        for start, outcome in zip(starts[:3], HISTORY.get(kecamatan.code, []), strict=False):
            if outcome is None:
                continue
            share, final = outcome
            _start, end = period_bounds(PeriodType.QUARTER, start)
            report = Report.objects.create(
                assignment=assignment,
                version=version,
                kecamatan=kecamatan,
                period_type=PeriodType.QUARTER,
                period_start=start,
                period_end=end,
                due_on=end + datetime.timedelta(days=assignment.due_days),
                closes_on=end + datetime.timedelta(days=assignment.close_days),
            )
            _fill_report(report, share, final, officers.get(kecamatan.code), reviewer, rng)
