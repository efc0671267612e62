from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kencana.operations.archive import ArchiveError, export_district


class Command(BaseCommand):
    help = "Write one district's data, history and uploaded files to a zip archive (see docs/operations.md)."

    def add_arguments(self, parser):
        parser.add_argument("district", help="Kemendagri code of the district, e.g. 63.11.")
        parser.add_argument("--output", required=True, type=Path, help="The zip file to write; must not exist.")

    def handle(self, *args, district: str, output: Path, **options):
        try:
            result = export_district(code=district, output=output, progress=self.stderr.write)
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"{manifest['district']['name']} ({district}) written to {result.path}: "
                f"{sum(manifest['counts'].values())} rows, {len(manifest['media'])} files."
            )
        )
        for entry in manifest["dropped"]:
            self.stdout.write(f"Left out: {entry['count']} × {entry['model']}.{entry['field']} → {entry['target']}")
        if manifest["missing_media"]:
            self.stdout.write(f"Files referred to but missing on disk: {', '.join(manifest['missing_media'])}")
