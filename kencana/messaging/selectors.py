"""Reads of field reports, scoped: BPBD staff see their district's, overseers those of the districts
they oversee; nobody else sees any."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kencana.accounts import permissions
from kencana.accounts.scope import districts_for

from .models import FieldReport


def field_report_list(*, user) -> QuerySet[FieldReport]:
    # Senders' numbers and unchecked claims are BPBD's to handle: officers and partners see none.
    if not permissions.reads_like_bpbd(user):
        return FieldReport.objects.none()
    return FieldReport.objects.filter(district__in=districts_for(user)).select_related(
        "hazard", "kecamatan", "desa", "event", "sender_user"
    )


def field_report_get(*, user, pk: int) -> FieldReport:
    return get_object_or_404(field_report_list(user=user), pk=pk)
