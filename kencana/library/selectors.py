"""Reads of the library: what a user may browse, what is newer at the source, who adopted, diffs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Max, Q, QuerySet
from django.utils.translation import gettext

from kencana.accounts import permissions
from kencana.accounts.models import Role, User
from kencana.accounts.scope import library_districts_for

from .models import LibraryTemplate, LibraryVersion, VersionState
from .spec import LibrarySpec


def library_templates(*, spec: LibrarySpec, user) -> QuerySet:
    """Templates the user may browse in the library: own district's, and partners' shared ones; an
    overseer every template of the districts they oversee."""
    districts = library_districts_for(user)
    own = user.district_id if not user.is_superuser else None
    visible = Q(district__in=districts) & (Q(shared_with_partners=True) | Q(district_id=own))
    if permissions.is_overseer(user):
        visible = Q(district__in=districts)
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


def adopters_of(template: LibraryTemplate) -> Iterable:
    """The districts that adopted this template, for the library listing."""
    return sorted({adoption.district for adoption in template.adoptions.select_related("district")}, key=str)


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
