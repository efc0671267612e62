from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from kecamatan.importers import LEVELS, ImportRefused, boundaries_import


class Command(BaseCommand):
    help = (
        "Import kabupaten, kecamatan or desa polygons from a GeoJSON FeatureCollection. "
        "All or nothing: a bad feature refuses the whole file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--level", choices=sorted(LEVELS), default="kecamatan")
        parser.add_argument("--code-field", help="Property holding the Kemendagri code (detected when omitted).")
        parser.add_argument("--name-field", help="Property holding the name (detected when omitted).")
        parser.add_argument("--district", help="Only this district (e.g. 63.11); used to match names.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; change nothing.")

    def handle(self, *args, file: Path, level: str, code_field, name_field, district, dry_run, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc

        def progress(done: int, total: int) -> None:
            if done == total or done % 25 == 0:
                self.stderr.write(f"\r  checked {done}/{total} features", ending="")
                if done == total:
                    self.stderr.write("")

        try:
            report = boundaries_import(
                data=data,
                level=level,
                code_field=code_field,
                name_field=name_field,
                district_code=district,
                source=file.name,
                dry_run=dry_run,
                progress=progress if options["verbosity"] > 0 else None,
            )
        except ImportRefused as exc:
            raise CommandError(f"{file.name}: {exc} " + gettext("Nothing was changed.")) from exc
        for code, note in report.repaired:
            self.stdout.write(self.style.WARNING(f"repaired {code}: {note}"))
        verb = "would create" if dry_run else "created"
        self.stdout.write(
            self.style.SUCCESS(
                f"{level}: {verb} {len(report.created)}, {'would update' if dry_run else 'updated'} "
                f"{len(report.updated)}, repaired {len(report.repaired)}"
                + (" (dry run, nothing changed)" if dry_run else "")
            )
        )
