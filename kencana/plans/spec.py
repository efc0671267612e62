"""How the template library (``kencana.library``) handles card and plan templates."""

from kencana.library.spec import LibrarySpec

from .models import (
    CardTemplate,
    CardTemplateStep,
    CardTemplateVersion,
    PlanTemplate,
    PlanTemplateItem,
    PlanTemplateVersion,
)


def copy_card_content(source: CardTemplateVersion, target: CardTemplateVersion) -> None:
    """Copy the hazard, trigger, guidance and steps of ``source`` into the empty ``target``."""
    target.hazard_id = source.hazard_id
    target.trigger = source.trigger
    target.assembly_points = source.assembly_points
    target.evacuation_routes = source.evacuation_routes
    target.save(update_fields=["hazard", "trigger", "assembly_points", "evacuation_routes"])
    CardTemplateStep.objects.bulk_create(
        CardTemplateStep(
            version=target,
            order=step.order,
            action=step.action,
            role=step.role,
            agency_kind=step.agency_kind,
            agency_name=step.agency_name,
            within_minutes=step.within_minutes,
        )
        for step in source.steps.all()
    )


def card_items(version: CardTemplateVersion) -> dict[str, dict[str, object]]:
    """The card's text as one item and each step by its position, for version diffs."""
    content: dict[str, dict[str, object]] = {
        "card": {
            "hazard": version.hazard.code if version.hazard_id else "",
            "trigger": version.trigger,
            "assembly_points": version.assembly_points,
            "evacuation_routes": version.evacuation_routes,
        }
    }
    for step in version.steps.all():
        content[f"step {step.order}"] = {
            "action": step.action,
            "role": step.role,
            "agency_kind": step.agency_kind,
            "agency_name": step.agency_name,
            "within_minutes": step.within_minutes,
        }
    return content


def copy_plan_content(source: PlanTemplateVersion, target: PlanTemplateVersion) -> None:
    PlanTemplateItem.objects.bulk_create(
        PlanTemplateItem(
            version=target,
            order=item.order,
            title=item.title,
            hazard_id=item.hazard_id,
            owner_kind=item.owner_kind,
            due_offset_days=item.due_offset_days,
            budget_source=item.budget_source,
        )
        for item in source.items.all()
    )


def plan_items(version: PlanTemplateVersion) -> dict[str, dict[str, object]]:
    """Standard items by title (unique within a version), for version diffs."""
    return {
        item.title: {
            "hazard": item.hazard.code if item.hazard_id else "",
            "owner_kind": item.owner_kind,
            "due_offset_days": item.due_offset_days,
            "budget_source": item.budget_source,
        }
        for item in version.items.select_related("hazard")
    }


CARD_SPEC = LibrarySpec(
    template_model=CardTemplate, version_model=CardTemplateVersion, copy_content=copy_card_content, items=card_items
)
PLAN_SPEC = LibrarySpec(
    template_model=PlanTemplate, version_model=PlanTemplateVersion, copy_content=copy_plan_content, items=plan_items
)
SPECS = {"cards": CARD_SPEC, "plans": PLAN_SPEC}
"""The two kinds of template by the word used in their URLs."""


def spec_for(obj) -> LibrarySpec:
    """The spec of a template or a version of either kind."""
    for spec in SPECS.values():
        if isinstance(obj, spec.template_model | spec.version_model):
            return spec
    raise TypeError(f"not a plans library object: {obj!r}")
