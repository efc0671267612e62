"""Changes in the library: publish, retire, branch a draft, adopt, pull the source's newer version."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core import events

from .models import LibraryTemplate, LibraryVersion, VersionState
from .selectors import adopter_refusal, library_templates, newer_source_version
from .spec import LibrarySpec


def _require_owner_admin(template: LibraryTemplate, user) -> None:
    require(
        permissions.may_edit_templates(user, template.district_id),
        gettext("Only a BPBD admin of the owning district may change this template."),
    )


def _lock_template(spec: LibrarySpec, template: LibraryTemplate) -> LibraryTemplate:
    return spec.template_model.objects.select_for_update().get(pk=template.pk)


def version_publish(*, spec: LibrarySpec, version: LibraryVersion, by, validate: Callable | None = None):
    """Publish a draft; the previously published version of the template is retired."""
    with transaction.atomic():
        template = _lock_template(spec, version.template)
        _require_owner_admin(template, by)
        version = spec.version_model.objects.select_for_update().get(pk=version.pk)
        if version.state != VersionState.DRAFT:
            raise ValidationError(gettext("Only a draft can be published."))
        if validate is not None:
            validate(version)
        template.versions.filter(state=VersionState.PUBLISHED).update(state=VersionState.RETIRED)
        version.state = VersionState.PUBLISHED
        version.published_at = timezone.now()
        version.published_by = by
        version.save(update_fields=["state", "published_at", "published_by"])
        events.templates_changed.announce(district_id=template.district_id)
    return version


def version_retire(*, spec: LibrarySpec, version: LibraryVersion, by):
    with transaction.atomic():
        template = _lock_template(spec, version.template)
        _require_owner_admin(template, by)
        updated = spec.version_model.objects.filter(pk=version.pk, state=VersionState.PUBLISHED).update(
            state=VersionState.RETIRED
        )
        if not updated:
            raise ValidationError(gettext("Only a published version can be retired."))
        events.templates_changed.announce(district_id=template.district_id)
    version.refresh_from_db()
    return version


def version_new_draft(*, spec: LibrarySpec, template: LibraryTemplate, by, base: LibraryVersion | None = None):
    """The draft to edit: the existing one, or a copy of ``base`` (default: the latest version)."""
    with transaction.atomic():
        template = _lock_template(spec, template)
        _require_owner_admin(template, by)
        existing = template.draft_version()
        if existing is not None:
            return existing
        base = base or template.latest_version()
        number = (template.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        draft = spec.version_model.objects.create(
            template=template,
            number=number,
            created_by=by,
            source_version=base.source_version if base is not None else None,
        )
        if base is not None:
            spec.copy_content(base, draft)
        events.templates_changed.announce(district_id=template.district_id)
    return draft


def template_adopt(*, spec: LibrarySpec, source: LibraryVersion, by, name: str = "") -> LibraryTemplate:
    """Copy a published, shared version into the adopter's district as a new draft template."""
    refusal = adopter_refusal(by)
    if refusal:
        raise PermissionDenied(refusal)
    visible = library_templates(spec=spec, user=by).filter(pk=source.template_id).exists()
    if not visible:
        raise PermissionDenied(gettext("This template is not shared with your district."))
    if source.state != VersionState.PUBLISHED:
        raise ValidationError(gettext("Only a published version can be adopted."))
    with transaction.atomic():
        template = spec.template_model.objects.create(
            district_id=by.district_id,
            name=(name or source.template.name).strip()[:200],
            description=source.template.description,
            source_template=source.template,
            created_by=by,
        )
        draft = spec.version_model.objects.create(template=template, number=1, created_by=by, source_version=source)
        spec.copy_content(source, draft)
        events.templates_changed.announce(district_id=template.district_id)
    return template


def template_pull_source(*, spec: LibrarySpec, template: LibraryTemplate, by) -> LibraryVersion:
    """A new draft holding the source's newer published version, to review and publish.

    Local edits are not merged: the draft starts from the source's content, and the
    admin compares it with their published version before publishing.
    """
    _require_owner_admin(template, by)  # a forbidden action is refused before anything is said about it
    newer = newer_source_version(template)
    if newer is None:
        raise ValidationError(gettext("There is no newer version of the source template."))
    with transaction.atomic():
        template = _lock_template(spec, template)
        _require_owner_admin(template, by)
        if template.draft_version() is not None:
            raise ValidationError(gettext("Publish or discard the current draft first."))
        number = (template.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        draft = spec.version_model.objects.create(template=template, number=number, created_by=by, source_version=newer)
        spec.copy_content(newer, draft)
        events.templates_changed.announce(district_id=template.district_id)
    return draft
