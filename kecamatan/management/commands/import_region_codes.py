from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from kecamatan.importers import ImportRefused, region_codes_import


class Command(BaseCommand):
    help = "Create or rename districts, kecamatan and desa from a Kemendagri region-code CSV (columns kode,nama)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; change nothing.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc

        def progress(done: int, total: int) -> None:
            if done == total or done % 100 == 0:
                self.stderr.write(f"\r  written {done}/{total} rows", ending="")
                if done == total:
                    self.stderr.write("")

        try:
            report = region_codes_import(data=data, dry_run=dry_run, progress=progress)
        except ImportRefused as exc:
            raise CommandError(f"{file.name}: {exc} " + gettext("Nothing was changed.")) from exc
        created = ", ".join(f"{n} {level}" for level, n in report.created.items()) or "nothing"
        updated = ", ".join(f"{n} {level}" for level, n in report.updated.items()) or "nothing"
        prefix = "would " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}create {created}; {prefix}update {updated}."))
