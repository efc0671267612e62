"""What the library keeps of a template, whatever its content: the abstract lineage and versions.

A concrete app subclasses the two (a *template* is the lineage a district owns, a *version* is
one numbered edition of its content); readiness templates, plan templates and card templates do.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
