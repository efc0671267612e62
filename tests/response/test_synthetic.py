"""The response phase of the synthetic country: events in bulk, and the bench's flood over many desa."""

import pytest
from django.db.models import Count, Sum

from kecamatan.models import District
from kencana.response.models import Event, EventStatus, ImpactReport, ReportState, Sitrep
from logistics.services.common import next_number

from ..operations.test_seed_synthetic import seed


@pytest.mark.django_db
def test_events_impact_reports_and_the_bench_flood_are_seeded(tmp_path):
    manifest = seed(tmp_path, "--no-sweep")
    assert Event.objects.count() == 12
    assert ImpactReport.objects.count() >= 55
    bench = Event.objects.get(pk=manifest["event"])
    assert bench.status == EventStatus.EMERGENCY and bench.decrees.exists()
    assert bench.desa.count() == bench.impact_reports.count() == 12  # every desa of the first district
    sitrep = Sitrep.objects.get(pk=manifest["sitrep"])
    dead = bench.impact_reports.filter(state=ReportState.VERIFIED).aggregate(n=Sum("dead"))["n"]
    assert sitrep.event == bench and sitrep.data["totals"]["dead"] == dead
    # Every report is of a desa of its event, and no desa has two versions being worked on.
    links = set(Event.desa.through.objects.values_list("event_id", "desa_id"))
    assert set(ImpactReport.objects.values_list("event_id", "desa_id")) <= links
    open_versions = (
        ImpactReport.objects.exclude(state=ReportState.VERIFIED).values("event", "desa").annotate(n=Count("id"))
    )
    assert all(row["n"] == 1 for row in open_versions)


@pytest.mark.django_db
def test_the_next_real_event_takes_the_next_number(tmp_path):
    manifest = seed(tmp_path, "--no-sweep")
    district = District.objects.get(code=manifest["district"])
    year = Event.objects.filter(district=district).latest("started_at").started_at.year
    taken = set(Event.objects.values_list("number", flat=True))
    assert next_number(district=district, prefix="KB", year=year) not in taken
