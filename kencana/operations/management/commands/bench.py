import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kencana.operations.bench import report, runner
from kencana.operations.bench.server import BenchError


class Command(BaseCommand):
    help = "Measure pages, queries, alert sweeps and stock throughput against gunicorn (docs/performance.md)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--manifest",
            default=str(settings.VAR_DIR / "synthetic.json"),
            help="The JSON manifest seed_synthetic wrote.",
        )
        parser.add_argument("--size", choices=sorted(runner.PROFILES), default="national")
        parser.add_argument("--output", default=str(settings.VAR_DIR / "bench"), help="Directory for the results.")
        parser.add_argument(
            "--docs",
            default=str(settings.BASE_DIR / "docs" / "performance.md"),
            help="Rewritten between its bench markers after a national run.",
        )

    def handle(self, *args, manifest: str, size: str, output: str, docs: str, **options):
        try:
            data = json.loads(Path(manifest).read_text())
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read the manifest {manifest}: {error}") from error
        output_dir = Path(output)
        output_dir.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        try:
            results = runner.run(manifest=data, size=size, log_dir=output_dir, say=self._say)
        except BenchError as error:
            raise CommandError(str(error)) from error
        json_path, md_path = report.write(results, output_dir)
        self.stdout.write("\n" + report.render_markdown(results))
        self._say(f"Results: {json_path} and {md_path} ({time.monotonic() - started:.0f} s).")
        if size == "national":
            report.update_docs(Path(docs), results)
            self._say(f"Rewrote the results in {docs}.")

    def _say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
