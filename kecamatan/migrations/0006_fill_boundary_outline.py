"""Fill the coarse outline of every area that already has a boundary."""

import shapely
from django.conf import settings
from django.db import migrations
from shapely.geometry import shape

from kecamatan.geometry import OUTLINE_GRID, simplify_for_web, to_geojson

BATCH = 500


def fill(apps, schema_editor):
    for name in ("Province", "District", "Kecamatan", "Desa"):
        model = apps.get_model("kecamatan", name)
        rows = model.objects.filter(boundary__isnull=False, boundary_outline__isnull=True).only("pk", "boundary")
        batch = []
        for area in rows.iterator(chunk_size=BATCH):
            try:
                geom = shape(area.boundary)
            except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.ShapelyError):
                continue  # left empty: the map falls back to no polygon, as for an area without one
            outline = simplify_for_web(geom, tolerance=settings.GEOMETRY_OUTLINE_TOLERANCE, grid=OUTLINE_GRID)
            area.boundary_outline = to_geojson(outline)
            batch.append(area)
            if len(batch) >= BATCH:
                model.objects.bulk_update(batch, ["boundary_outline"])
                batch = []
        model.objects.bulk_update(batch, ["boundary_outline"])


class Migration(migrations.Migration):
    dependencies = [("kecamatan", "0005_boundary_outline")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
