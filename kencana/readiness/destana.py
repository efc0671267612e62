"""The two village instruments, as desa templates: Destana (Perka BNPB 1/2012) and the 0–100 village index.

**Destana**: the 60 yes/no self-assessment questions of Perka BNPB 1/2012, one point each,
read from ``data/destana_kuesioner_perka_bnpb_1_2012.csv`` (see ``data/SOURCE.md``). The file
groups them into 20 blocks of 3 (each block's first "no" skips the rest); it names the aspect of
only two blocks, so sections are the blocks, titled with the aspect where the file gives one.
Tiers on the 60-point scale (Pratama 20–35, Madya 36–50, Utama 51–60; Madya by elimination)
become 0–100 bounds, since a report's score is the share of points × 100: 20/60 → 33.33,
36/60 → 60, 51/60 → 85, with "Belum Pratama" below.

**Village index** (Penilaian Ketangguhan Desa, BNPB 2019/2021): five components, each entered
as its 0–100 index from the PKD instrument, weighted equally (the official weighting was not
found: a project default an admin may change); Pratama < 58.33, Madya 58.33–83.33, Utama > 83.33.
"""

import csv
from decimal import Decimal
from pathlib import Path

from kecamatan.models import District

from .models import AnswerType, Template, UnitKind
from .services import IndicatorInput
from .transfer import ParsedIndicator, template_import

DATA = Path(__file__).resolve().parent / "data" / "destana_kuesioner_perka_bnpb_1_2012.csv"

DESTANA_NAME = "Destana (Perka BNPB 1/2012)"
DESTANA_THRESHOLDS = [
    ("Belum Pratama", Decimal(0)),
    ("Pratama", Decimal("33.33")),
    ("Madya", Decimal(60)),
    ("Utama", Decimal(85)),
]

INDEX_NAME = "Indeks Ketangguhan Desa (PKD BNPB)"
INDEX_THRESHOLDS = [("Pratama", Decimal(0)), ("Madya", Decimal("58.33")), ("Utama", Decimal("83.34"))]
INDEX_COMPONENTS = [
    ("PKD-1", "Kualitas dan akses layanan dasar", "Quality of and access to basic services"),
    ("PKD-2", "Peraturan dan kebijakan penanggulangan bencana", "Disaster management rules and policies"),
    ("PKD-3", "Pencegahan dan mitigasi (pengelolaan risiko bencana)", "Prevention and mitigation"),
    ("PKD-4", "Kesiapsiagaan darurat", "Emergency preparedness"),
    ("PKD-5", "Kesiapsiagaan pemulihan", "Recovery preparedness"),
]


def destana_indicators(path: Path = DATA) -> list[ParsedIndicator]:
    """The questionnaire's 60 questions as yes/no indicators ``DST-01`` … ``DST-60``, by block."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    aspects = {row["kelompok"]: row["aspek_sumber"] for row in rows if row["aspek_sumber"]}
    parsed = []
    for row in rows:
        block = row["kelompok"]
        aspect = aspects.get(block, "")
        parsed.append(
            ParsedIndicator(
                section=f"Kelompok {int(block):02d}" + (f" · {aspect}" if aspect else ""),
                section_en=f"Block {int(block):02d}",
                data=IndicatorInput(
                    code=f"DST-{int(row['no']):02d}",
                    text_id=row["pertanyaan"],
                    answer_type=AnswerType.YES_NO,
                    guidance=row["petunjuk_lanjut"],
                ),
            )
        )
    return parsed


def index_indicators() -> list[ParsedIndicator]:
    return [
        ParsedIndicator(
            section="Komponen ketangguhan desa",
            section_en="Village resilience components",
            data=IndicatorInput(
                code=code, text_id=text_id, text_en=text_en, answer_type=AnswerType.NUMBER, target=Decimal(100)
            ),
        )
        for code, text_id, text_en in INDEX_COMPONENTS
    ]


def village_templates_import(*, district: District, by) -> list[Template]:
    """Both village instruments as draft desa templates of the district (publish them from the editor)."""
    return [
        template_import(
            district=district,
            name=DESTANA_NAME,
            by=by,
            indicators=destana_indicators(),
            thresholds=DESTANA_THRESHOLDS,
            description="60 pertanyaan ya/tidak Perka BNPB 1/2012; tingkat pada skala 60 poin (20/36/51).",
            unit_kind=UnitKind.DESA,
        ),
        template_import(
            district=district,
            name=INDEX_NAME,
            by=by,
            indicators=index_indicators(),
            thresholds=INDEX_THRESHOLDS,
            description="Indeks 0–100 dari lima komponen PKD; bobot komponen sama (bawaan proyek).",
            unit_kind=UnitKind.DESA,
        ),
    ]
