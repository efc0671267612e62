"""Revising the SPM catalogue: BNPB admins copy the newest version into a draft, edit the draft's
services, sub-activities and quality components, and publish it.

A published version never changes: reports keep the version they were opened with, and new
reports take the newest published one (``selectors.current_spm_version``). The weights of a
sub-activity's quality components add up to 100, checked before anything is written. Who made
and who published each version is kept on it, and every change in its history.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kencana.accounts import permissions
from kencana.accounts.permissions import require

from .models import Source, SpmQualityComponent, SpmService, SpmSubActivity, SpmVersion

FULL_WEIGHT = 100


@dataclass
class ComponentInput:
    code: str
    name: str
    weight: int


def _require_editor(by) -> None:
    require(permissions.may_edit_spm_catalogue(by), _("Only BNPB admins revise the SPM catalogue."))


def _lock_draft(version: SpmVersion) -> SpmVersion:
    version = SpmVersion.objects.select_for_update().get(pk=version.pk)
    if version.published:
        raise ValidationError(_("A published version never changes: make a new draft."))
    return version


def spm_version_new_draft(*, by) -> SpmVersion:
    """A draft copy of the newest version (its services, sub-activities and quality components)."""
    _require_editor(by)
    with transaction.atomic():
        newest = SpmVersion.objects.select_for_update().order_by("-number").first()
        if newest is None:
            raise ValidationError(_("There is no SPM catalogue to copy."))
        if not newest.published:
            raise ValidationError(_("Publish or discard the current draft first."))
        number = (SpmVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
        draft = SpmVersion(
            number=number, title=newest.title, source=newest.source, created_at=timezone.now(), created_by=by
        )
        draft._history_user = by
        draft.save()
        for service in newest.services.prefetch_related("sub_activities__components"):
            copy = SpmService.objects.create(version=draft, code=service.code, name=service.name, order=service.order)
            for sub in service.sub_activities.all():
                sub_copy = SpmSubActivity.objects.create(
                    service=copy,
                    code=sub.code,
                    name=sub.name,
                    unit=sub.unit,
                    source=sub.source,
                    target_note=sub.target_note,
                    order=sub.order,
                )
                SpmQualityComponent.objects.bulk_create(
                    SpmQualityComponent(sub_activity=sub_copy, code=c.code, name=c.name, weight=c.weight)
                    for c in sub.components.all()
                )
    return draft


def spm_version_update(*, version: SpmVersion, by, title: str, source: str) -> SpmVersion:
    """A draft's title and legal source."""
    _require_editor(by)
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the version a title.")})
    with transaction.atomic():
        version = _lock_draft(version)
        version.title, version.source = title.strip(), (source or "").strip()
        version._history_user = by
        version.save()
    return version


def spm_service_update(*, service: SpmService, by, name: str) -> SpmService:
    """The name of a service of a draft."""
    _require_editor(by)
    if not (name or "").strip():
        raise ValidationError({"name": _("Give the service a name.")})
    with transaction.atomic():
        _lock_draft(service.version)
        service.name = name.strip()
        service._history_user = by
        service.save(update_fields=["name"])
    return service


def _check_components(components: list[ComponentInput]) -> list[ComponentInput]:
    problems = []
    codes = [c.code.strip() for c in components]
    if not components:
        problems.append(_("A sub-activity needs at least one quality component."))
    if len(set(codes)) != len(codes) or not all(codes):
        problems.append(_("Each quality component needs its own code."))
    if any(not c.name.strip() for c in components):
        problems.append(_("Each quality component needs a name."))
    if any(not 1 <= c.weight <= FULL_WEIGHT for c in components):
        problems.append(_("A weight is between 1 and 100."))
    total = sum(c.weight for c in components)
    if components and total != FULL_WEIGHT:
        problems.append(
            _("The weights of the quality components add up to %(total)s, not 100: nothing was saved.")
            % {"total": total}
        )
    if problems:
        raise ValidationError({"components": problems})
    return components


def spm_sub_activity_update(
    *,
    sub_activity: SpmSubActivity,
    by,
    name: str,
    unit: str,
    source: str,
    target_note: str,
    components: list[ComponentInput],
) -> SpmSubActivity:
    """A draft's sub-activity and its quality components, all saved or none: the weights must add
    up to 100."""
    _require_editor(by)
    errors = {}
    if not (name or "").strip():
        errors["name"] = [_("Give the sub-activity a name.")]
    if not (unit or "").strip():
        errors["unit"] = [_("Give the unit its target and achievement count.")]
    if source not in Source.values:
        errors["source"] = [_("Choose where the figures come from.")]
    try:
        _check_components(components)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _lock_draft(sub_activity.service.version)
        sub_activity.name, sub_activity.unit = name.strip(), unit.strip()
        sub_activity.source, sub_activity.target_note = source, (target_note or "").strip()
        sub_activity._history_user = by
        sub_activity.save()
        sub_activity.components.all().delete()
        SpmQualityComponent.objects.bulk_create(
            SpmQualityComponent(sub_activity=sub_activity, code=c.code.strip(), name=c.name.strip(), weight=c.weight)
            for c in components
        )
    return sub_activity


def spm_version_publish(*, version: SpmVersion, by) -> SpmVersion:
    """Publish a draft: from now on new reports are opened with it; it never changes again."""
    _require_editor(by)
    with transaction.atomic():
        version = _lock_draft(version)
        subs = list(SpmSubActivity.objects.filter(service__version=version).prefetch_related("components"))
        if not subs:
            raise ValidationError(_("A version needs at least one sub-activity."))
        wrong = [s.code for s in subs if sum(c.weight for c in s.components.all()) != FULL_WEIGHT]
        if wrong:
            raise ValidationError(
                _("The quality component weights of %(codes)s do not add up to 100.") % {"codes": ", ".join(wrong)}
            )
        version.published, version.published_at, version.published_by = True, timezone.now(), by
        version._history_user = by
        version.save()
    return version


def spm_version_discard(*, version: SpmVersion, by) -> None:
    """Throw a draft away (no report was ever opened with it)."""
    _require_editor(by)
    with transaction.atomic():
        version = _lock_draft(version)
        version.delete()
