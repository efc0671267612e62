"""What every back-office (Django admin) page of programme data shares."""

from kencana.core import events


class AnnouncesChanges:
    """A ModelAdmin mixin: an edit in the admin goes around the services, so it says that rows
    changed (every district's cached pages are dropped; admin edits are rare)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        events.records_changed.announce(district_ids=None)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        events.records_changed.announce(district_ids=None)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        events.records_changed.announce(district_ids=None)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        events.records_changed.announce(district_ids=None)
