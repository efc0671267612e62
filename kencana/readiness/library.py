"""A template library shared between districts: versions, publishing, adoption, provenance, diffs.

Readiness templates are the first user; plan and card templates can reuse the same
pieces. A concrete app subclasses the two abstract models (a *template* is the
lineage a district owns, a *version* is one numbered edition of its content) and
describes its content with a :class:`LibrarySpec` (how to copy a version's content,
how to list its items for a diff). The functions below then publish, retire,
branch, adopt and compare without knowing what the content is.

Rules the functions keep:
- a version is ``draft`` → ``published`` → ``retired``; only a draft is editable;
- a template has at most one draft at a time (editing a published version makes it);
- publishing a draft retires the previously published version of the same template;
- adopting copies a published version into another district as a draft, recording
  the source template and version (the provenance), and never touches the source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kencana.accounts import permissions
from kencana.accounts.models import Role, User
from kencana.accounts.permissions import require
from kencana.accounts.scope import library_districts_for
from kencana.core import events


class VersionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class LibraryTemplate(models.Model):
    """The lineage a district owns across versions, and where it came from if adopted."""

    district = models.ForeignKey(
        "kecamatan.District", on_delete=models.PROTECT, related_name="%(app_label)s_%(class)s_set"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    shared_with_partners = models.BooleanField(
        _("shared with partners"),
        default=False,
        help_text=_("Partner districts may browse and adopt its published version."),
    )
    source_template = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adoptions",
        verbose_name=_("adopted from"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        abstract = True
        ordering = ["district__code", "name"]

    def __str__(self) -> str:
        return self.name

    def published_version(self):
        return self.versions.filter(state=VersionState.PUBLISHED).first()

    def draft_version(self):
        return self.versions.filter(state=VersionState.DRAFT).first()

    def latest_version(self):
        return self.versions.order_by("-number").first()


class LibraryVersion(models.Model):
    """One numbered edition of a template. Concrete subclasses add ``template`` (FK, related_name="versions")."""

    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=10, choices=VersionState.choices, default=VersionState.DRAFT)
    notes = models.TextField(_("what changed"), blank=True)
    source_version = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="derived_versions",
        verbose_name=_("copied from version"),
        help_text=_("The partner's version this draft was adopted or pulled from."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["template", "-number"]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.state == VersionState.DRAFT


@dataclass(frozen=True)
class LibrarySpec:
    """How the generic library functions reach one app's models and content."""

    template_model: type[LibraryTemplate]
    version_model: type[LibraryVersion]
    copy_content: Callable[[LibraryVersion, LibraryVersion], None]
    """Copy every content row of the first version into the (empty) second one."""
    items: Callable[[LibraryVersion], dict[str, dict[str, object]]]
    """The version's content as {stable key: {field: comparable value}} for diffs."""


# --- Reads ------------------------------------------------------------------------


def library_templates(*, spec: LibrarySpec, user) -> QuerySet:
    """Templates the user may browse in the library: own district's, and partners' shared ones."""
    districts = library_districts_for(user)
    own = user.district_id if not user.is_superuser else None
    visible = Q(district__in=districts) & (Q(shared_with_partners=True) | Q(district_id=own))
    if user.is_superuser:
        visible = Q()
    return (
        spec.template_model.objects.filter(visible)
        .filter(versions__state=VersionState.PUBLISHED)
        .select_related("district", "source_template__district")
        .distinct()
    )


def newer_source_version(template: LibraryTemplate):
    """The source's published version if it is newer than anything this template copied from it."""
    source = template.source_template
    if source is None:
        return None
    published = source.published_version()
    if published is None:
        return None
    copied = (
        template.versions.filter(source_version__template=source).aggregate(n=Max("source_version__number"))["n"] or 0
    )
    return published if published.number > copied else None


@dataclass
class Diff:
    added: list[tuple[str, dict]] = field(default_factory=list)
    removed: list[tuple[str, dict]] = field(default_factory=list)
    changed: list[tuple[str, list[tuple[str, object, object]]]] = field(default_factory=list)
    """(key, [(field, old, new), …])"""

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def versions_diff(*, spec: LibrarySpec, old: LibraryVersion, new: LibraryVersion) -> Diff:
    """What ``new`` added, removed and changed compared with ``old``, item by item."""
    before, after = spec.items(old), spec.items(new)
    diff = Diff()
    for key, values in after.items():
        if key not in before:
            diff.added.append((key, values))
            continue
        changes = [
            (name, before[key].get(name), value) for name, value in values.items() if before[key].get(name) != value
        ]
        if changes:
            diff.changed.append((key, changes))
    diff.removed = [(key, values) for key, values in before.items() if key not in after]
    return diff


# --- Writes -----------------------------------------------------------------------


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


def adopter_refusal(user) -> str | None:
    """Why ``user`` may not adopt templates into their district, naming who may; None when they may."""
    if permissions.may_adopt_templates(user):
        return None
    admins = [
        f"{admin.get_full_name() or admin.username} ({admin.username})"
        for admin in User.objects.filter(district_id=user.district_id, role=Role.BPBD_ADMIN, is_active=True)
        .exclude(district_id=None)
        .order_by("username")
    ]
    if not admins:
        return gettext("Only a BPBD admin of your district may adopt a template, and your district has none yet.")
    return gettext("Only a BPBD admin of your district may adopt a template. Ask %(names)s.") % {
        "names": ", ".join(admins)
    }


def adoption_refusal(*, template: LibraryTemplate, user) -> str | None:
    """Why ``user`` may not adopt ``template``, in words for them (the library pages show it); None
    when they may."""
    if user.district_id is not None and template.district_id == user.district_id:
        return gettext("This is your own district's template: edit it in your templates instead of adopting it.")
    return adopter_refusal(user)


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


def adopters_of(template: LibraryTemplate) -> Iterable:
    """The districts that adopted this template, for the library listing."""
    return sorted({adoption.district for adoption in template.adoptions.select_related("district")}, key=str)
