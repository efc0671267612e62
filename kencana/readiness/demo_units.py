"""Demo desa, schools and Katana counts beneath Paringin and Awayan (part of ``seed_readiness``).

Balangan gets both village instruments (Destana and the 0–100 index), published and assigned
yearly to Paringin and Awayan; last year's and this year's Destana assessments of their desa are
generated from a fixed seed (verified at every tier, some waiting for verification). Lasung Batu
(Paringin) has none this year: it is the one the walkthrough files. The schools, their NPSN
numbers and the SPAB instrument's tiers are **invented for the demo** (SPAB, Permendikbud
33/2019, names three pillars but no scores); Katana counts too.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from kecamatan.models import Desa, District, Kecamatan, School
from kencana.accounts.demo import seed_users
from kencana.accounts.models import User
from kencana.core.clock import local_today
from kencana.library.models import VersionState

from .destana import DESTANA_NAME, village_templates_import
from .models import (
    Answer,
    AnswerType,
    Assignment,
    Indicator,
    KatanaCount,
    PeriodType,
    Report,
    ReportState,
    Section,
    Template,
    TemplateVersion,
    TierThreshold,
    UnitKind,
    Verdict,
)
from .periods import period_bounds, previous_period_start
from .scoring import answer_points, score
from .selectors import applicable_indicators

UNIT_KECAMATAN = ("63.11.06", "63.11.03")  # Paringin, Awayan
WALKTHROUGH_DESA = "63.11.06.2007"  # Lasung Batu: no assessment this year, for the officer to file

SPAB_NAME = "Satuan Pendidikan Aman Bencana (SPAB)"
SPAB_THRESHOLDS = [("Rintisan", Decimal(0)), ("SPAB", Decimal(67))]  # invented for the demo
SPAB_PILLARS = [
    (
        "Pilar 1 · Fasilitas sekolah aman",
        [
            ("SPAB-1.1", "Bangunan sekolah telah dinilai keamanannya terhadap ancaman setempat?"),
            ("SPAB-1.2", "Jalur dan titik kumpul evakuasi tersedia dan bertanda?"),
        ],
    ),
    (
        "Pilar 2 · Manajemen bencana di sekolah",
        [
            ("SPAB-2.1", "Tim siaga bencana sekolah telah dibentuk dengan SK kepala sekolah?"),
            ("SPAB-2.2", "Simulasi evakuasi dilaksanakan paling sedikit sekali setahun?"),
        ],
    ),
    (
        "Pilar 3 · Pendidikan pencegahan dan pengurangan risiko bencana",
        [
            ("SPAB-3.1", "Materi pengurangan risiko bencana diintegrasikan ke dalam pembelajaran?"),
            ("SPAB-3.2", "Warga sekolah mengenal ancaman bencana di sekitar sekolah?"),
        ],
    ),
]
# npsn (invented), name, level, pupils, desa code, SPAB outcome this year (None: not assessed)
SCHOOLS = [
    ("99110601", "SD Negeri Lasung Batu", School.Level.SD, 142, "63.11.06.2007", "verified"),
    ("99110602", "SMP Negeri 1 Paringin", School.Level.SMP, 386, "63.11.06.1023", "submitted"),
    ("99110603", "SD Negeri Balang", School.Level.SD, 98, "63.11.06.2005", None),
    ("99110301", "SD Negeri Awayan", School.Level.SD, 175, "63.11.03.2007", "verified"),
    ("99110302", "SMA Negeri 1 Awayan", School.Level.SMA, 412, "63.11.03.2007", None),
]


def _publish(template: Template, admin: User | None) -> TemplateVersion:
    version = template.versions.get()
    version.state, version.published_at, version.published_by = VersionState.PUBLISHED, timezone.now(), admin
    version.save(update_fields=["state", "published_at", "published_by"])
    template.shared_with_partners = True
    template.save(update_fields=["shared_with_partners"])
    return version


def _spab_version(district: District, admin: User | None) -> TemplateVersion:
    template = Template.objects.create(
        district=district,
        name=SPAB_NAME,
        description="Tiga pilar SPAB (Permendikbud 33/2019); pertanyaan dan ambang dibuat untuk demo.",
        unit_kind=UnitKind.SCHOOL,
        created_by=admin,
    )
    version = TemplateVersion.objects.create(template=template, number=1, created_by=admin)
    TierThreshold.objects.bulk_create(TierThreshold(version=version, name=n, lower_bound=b) for n, b in SPAB_THRESHOLDS)
    for s_pos, (title, questions) in enumerate(SPAB_PILLARS, start=1):
        section = Section.objects.create(version=version, title=title, position=s_pos)
        for i_pos, (code, text) in enumerate(questions, start=1):
            Indicator.objects.create(
                version=version, section=section, code=code, text_id=text, answer_type=AnswerType.YES_NO, position=i_pos
            )
    return _publish(template, admin)


def _assign(version: TemplateVersion, kecamatan: list[Kecamatan], starts_on: datetime.date, admin) -> Assignment:
    assignment = Assignment.objects.create(
        district=version.template.district,
        version=version,
        period_type=PeriodType.YEAR,
        starts_on=starts_on,
        due_days=30,
        close_days=60,
        created_by=admin,
    )
    assignment.kecamatan.set(kecamatan)
    return assignment


def _filled(
    assignment: Assignment, start: datetime.date, *, desa=None, school=None, share: float, final: str, by, reviewer, rng
):
    """A report of a unit answered at about ``share`` yes, submitted and (when final says so) verified."""
    kecamatan = desa.kecamatan if desa else school.desa.kecamatan
    _start, end = period_bounds(assignment.period_type, start)
    report = Report.objects.create(
        assignment=assignment,
        version=assignment.version,
        kecamatan=kecamatan,
        desa=desa,
        school=school,
        period_type=assignment.period_type,
        period_start=start,
        period_end=end,
        due_on=end + datetime.timedelta(days=assignment.due_days),
        closes_on=end + datetime.timedelta(days=assignment.close_days),
    )
    indicators = applicable_indicators(version=report.version, kecamatan=kecamatan)
    answers = []
    for indicator in indicators:
        yes = rng.random() < share
        answers.append(
            Answer(
                report=report,
                indicator=indicator,
                yes=yes,
                points=answer_points(indicator, yes=yes, number=None, choice=""),
                updated_by=by,
            )
        )
    Answer.objects.bulk_create(answers)
    total, sections = score(indicators, answers)
    now = timezone.now()
    submitted = min(
        now - datetime.timedelta(days=3), timezone.make_aware(datetime.datetime.combine(end, datetime.time(10)))
    )
    report.first_submitted_at = report.submitted_at = submitted
    report.submitted_by = by
    report.score, report.tier = total, report.version.tier_for(total)
    report.section_scores = [s.as_json() for s in sections]
    report.state = final
    if final == ReportState.VERIFIED:
        report.verified_at, report.verified_by = submitted + datetime.timedelta(days=2), reviewer
        report.answers.update(verdict=Verdict.ACCEPTED, reviewed_by=reviewer, reviewed_at=report.verified_at)
    report.save()
    return report


def seed_units(balangan: District, admin: User | None) -> None:
    """Schools, village and school instruments, desa and school assessments, Katana counts. Idempotent."""
    if Template.objects.filter(district=balangan, name=DESTANA_NAME).exists():
        return
    kecamatan = list(Kecamatan.objects.filter(code__in=UNIT_KECAMATAN).order_by("code"))
    desa_by_code = {d.code: d for d in Desa.objects.filter(kecamatan__in=kecamatan).defer("boundary")}
    for npsn, name, level, pupils, desa_code, _outcome in SCHOOLS:
        desa = desa_by_code.get(desa_code)
        if desa is not None:
            School.objects.get_or_create(
                npsn=npsn,
                defaults={
                    "name": name,
                    "level": level,
                    "pupils": pupils,
                    "desa": desa,
                    "latitude": desa.centroid_lat,
                    "longitude": desa.centroid_lon,
                },
            )
    seed_users()  # the school focal person's account, now that their school is registered
    destana_template, _index = village_templates_import(district=balangan, by=None)
    for template in (destana_template, _index):
        _publish(template, admin)
    this_year = period_bounds(PeriodType.YEAR, local_today(balangan.timezone))[0]
    last_year = previous_period_start(PeriodType.YEAR, this_year)
    destana = _assign(destana_template.versions.get(), kecamatan, last_year, admin)
    spab = _assign(_spab_version(balangan, admin), kecamatan, this_year, admin)

    rng = random.Random(6311)  # noqa: S311 - a fixed seed, so the demo is the same every time
    reviewer = User.objects.filter(username="staff.balangan").first()
    officers = {k.pk: k.officers.first() for k in kecamatan}
    for n, desa in enumerate(sorted(desa_by_code.values(), key=lambda d: d.code)):
        by = officers.get(desa.kecamatan_id)
        # Last year: two desa in three assessed and verified, most at Pratama (Lasung Batu among them).
        if n % 3 != 2 or desa.code == WALKTHROUGH_DESA:
            _filled(
                destana,
                last_year,
                desa=desa,
                share=0.3 if desa.code == WALKTHROUGH_DESA else 0.35 + 0.1 * (n % 4),
                final=ReportState.VERIFIED,
                by=by,
                reviewer=reviewer,
                rng=rng,
            )
        # This year: every fourth desa verified (one a Utama), every fifth waiting; Lasung Batu untouched.
        if desa.code == WALKTHROUGH_DESA:
            continue
        if n % 4 == 0:
            share = 0.9 if n % 8 == 0 else 0.65
            _filled(
                destana,
                this_year,
                desa=desa,
                share=share,
                final=ReportState.VERIFIED,
                by=by,
                reviewer=reviewer,
                rng=rng,
            )
        elif n % 5 == 0:
            _filled(
                destana,
                this_year,
                desa=desa,
                share=0.55,
                final=ReportState.SUBMITTED,
                by=by,
                reviewer=reviewer,
                rng=rng,
            )
    for npsn, _name, _level, _pupils, _desa, outcome in SCHOOLS:
        school = School.objects.filter(npsn=npsn).select_related("desa__kecamatan").first()
        if school is not None and outcome:
            by = officers.get(school.desa.kecamatan_id)
            _filled(spab, this_year, school=school, share=0.8, final=outcome, by=by, reviewer=reviewer, rng=rng)
    # Katana: two counts for every third desa, households growing (dated from today: never in the future).
    today = local_today(balangan.timezone)
    for n, desa in enumerate(sorted(desa_by_code.values(), key=lambda d: d.code)):
        if n % 3 == 0:
            for days_ago, households in ((300, 20 + 3 * n), (120, 35 + 4 * n)):
                KatanaCount.objects.get_or_create(
                    desa=desa, counted_on=today - datetime.timedelta(days=days_ago), defaults={"households": households}
                )
