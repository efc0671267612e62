"""How the generic template library (``kencana.library``) handles readiness templates."""

from decimal import Decimal

from kencana.library.spec import LibrarySpec

from .models import Indicator, Section, Template, TemplateVersion, TierThreshold


def choices_text(choices: list[dict]) -> str:
    """Choices as written in import files: ``label=points|label=points``."""
    return "|".join(f"{c['label']}={_number(c['points'])}" for c in choices)


def _number(value) -> str:
    """1, 2.5, 10 — never 1.00 or 1E+1."""
    text = f"{Decimal(str(value)).normalize():f}"
    return text


def copy_content(source: TemplateVersion, target: TemplateVersion) -> None:
    """Copy thresholds, sections and indicators (with hazards) of ``source`` into the empty ``target``."""
    target.weak_below = source.weak_below
    target.save(update_fields=["weak_below"])
    if target.template.unit_kind != source.template.unit_kind:  # an adopted desa template stays one
        target.template.unit_kind = source.template.unit_kind
        target.template.save(update_fields=["unit_kind"])
    TierThreshold.objects.bulk_create(
        TierThreshold(version=target, name=t.name, lower_bound=t.lower_bound) for t in source.thresholds.all()
    )
    for section in source.sections.prefetch_related("indicators__hazards"):
        copy = Section.objects.create(
            version=target, title=section.title, title_en=section.title_en, position=section.position
        )
        for indicator in section.indicators.all():
            hazards = list(indicator.hazards.all())
            indicator.pk = None
            indicator.id = None
            indicator._state.adding = True
            indicator._prefetched_objects_cache = {}  # else set() below sees the source's hazards as present
            indicator.version = target
            indicator.section = copy
            indicator.save()
            indicator.hazards.set(hazards)


def items(version: TemplateVersion) -> dict[str, dict[str, object]]:
    """Indicators by code and tiers by name, as comparable values, for version diffs."""
    content: dict[str, dict[str, object]] = {}
    indicators = Indicator.objects.filter(version=version).select_related("section").prefetch_related("hazards")
    for indicator in indicators:
        content[indicator.code] = {
            "section": indicator.section.title,
            "text_id": indicator.text_id,
            "text_en": indicator.text_en,
            "answer_type": indicator.answer_type,
            "choices": choices_text(indicator.choices),
            "target": "" if indicator.target is None else _number(indicator.target),
            "weight": _number(indicator.weight),
            "evidence_required": indicator.evidence_required,
            "hazards": "|".join(sorted(h.code for h in indicator.hazards.all())),
            "computed": indicator.computed,
        }
    for threshold in version.thresholds.all():
        content[f"tier:{threshold.name}"] = {"lower_bound": _number(threshold.lower_bound)}
    return content


SPEC = LibrarySpec(template_model=Template, version_model=TemplateVersion, copy_content=copy_content, items=items)
