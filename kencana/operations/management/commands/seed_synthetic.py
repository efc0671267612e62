"""Seed a synthetic Indonesia for scale work: ``manage.py seed_synthetic --districts 514 ...``.

All parts run in one transaction with bulk writes; the same options and ``--seed``
give the same country. A manifest (sizes, timings, row counts, accounts to log in
with, objects to benchmark) is written for ``manage.py bench``.
"""

import datetime
import json
import time
from dataclasses import asdict, fields
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from kecamatan import synthetic as territory
from kencana.accounts import synthetic as accounts
from kencana.alerts import synthetic as alerts
from kencana.alerts.engine import rules_run
from kencana.core.synthetic import PASSWORD, Context, Sizes
from kencana.plans import synthetic as plans
from kencana.readiness import synthetic as readiness
from kencana.response import synthetic as response
from kencana.shelters import synthetic as shelters
from logistics import synthetic as logistics

PARTS = [
    ("territory", territory.seed_territory),
    ("risk", territory.seed_risk),
    ("users", accounts.seed_users),
    ("readiness", readiness.seed_readiness),
    ("plans", plans.seed_plans),
    ("logistics", logistics.seed_logistics),
    ("alerts", alerts.seed_alerts),
    ("response", response.seed_response),
    ("shelters", shelters.seed_shelters),
    ("response sitrep", response.issue_bench_sitrep),
]


class Command(BaseCommand):
    help = "Create a synthetic country (districts, kecamatan, reports, stock, alerts, events) for benchmarks."

    def add_arguments(self, parser):
        defaults = Sizes()
        for f in fields(Sizes):
            parser.add_argument(f"--{f.name.replace('_', '-')}", type=int, default=getattr(defaults, f.name))
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed gives the same country.")
        parser.add_argument("--manifest", type=Path, default=None, help="Where to write the manifest (JSON).")
        parser.add_argument(
            "--no-sweep", action="store_true", help="Skip the alert rule sweep that opens the current alerts."
        )

    def handle(self, *args, **options):
        sizes = Sizes(**{f.name: options[f.name] for f in fields(Sizes)})
        if min(sizes.districts, sizes.kecamatan_per_district, sizes.periods, sizes.items) < 1:
            raise CommandError("Sizes must be at least 1.")
        if sizes.warehouses_per_district < 1 or sizes.indicators < 1:
            raise CommandError("Each district needs a warehouse and the template an indicator.")
        manifest_path = options["manifest"] or Path(settings.VAR_DIR) / "synthetic.json"
        now = timezone.now()
        ctx = Context(sizes=sizes, seed=options["seed"], out=self.stdout, today=now.date(), now=now)
        started = time.monotonic()
        self.stdout.write(f"Seeding a synthetic country on {connection.vendor}: {asdict(sizes)}")
        try:
            with transaction.atomic():
                for label, part in PARTS:
                    self.stdout.write(f"  {label}")
                    part_started = time.monotonic()
                    part(ctx)
                    ctx.finish(label, part_started)
                ctx.reset_sequences()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if not options["no_sweep"]:
            self.stdout.write("  alert rule sweep (opens what the rules find)")
            sweep_started = time.monotonic()
            result = rules_run()
            ctx.finish("sweep", sweep_started)
            ctx.counts["alerts opened by the sweep"] = len(result.opened)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        ctx.seconds["total"] = round(time.monotonic() - started, 1)
        manifest = self._manifest(ctx)
        manifest_path.parent.mkdir(parents=True, exist_ok=True)
        manifest_path.write_text(json.dumps(manifest, indent=2, default=str))
        self.stdout.write(self.style.SUCCESS(f"Done in {ctx.seconds['total']} s; manifest: {manifest_path}"))

    def _manifest(self, ctx: Context) -> dict:
        district = ctx.districts[0]
        kecamatan = district["kecamatan"][0]
        return {
            "seed": ctx.seed,
            "created": datetime.datetime.now(tz=datetime.UTC).isoformat(),
            "database": connection.vendor,
            "sizes": asdict(ctx.sizes),
            "seconds": ctx.seconds,
            "counts": ctx.counts,
            "password": PASSWORD,
            "users": {
                "national": accounts.NATIONAL,
                "admin": f"synth.admin.{district['code']}",
                "staff": f"synth.staff.{district['code']}",
                "officer": f"synth.camat.{kecamatan['code']}",
            },
            "district": district["code"],
            "kecamatan": kecamatan["code"],
            "report": ctx.manifest.get("report"),
            "warehouse": district["warehouses"][0],
            "warehouses": [d["warehouses"][0] for d in ctx.districts[:8]],
            "event": ctx.manifest.get("event"),
            "sitrep": ctx.manifest.get("sitrep"),
        }
