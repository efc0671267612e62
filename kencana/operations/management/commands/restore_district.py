from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kencana.operations.archive import ArchiveError, restore_district


class Command(BaseCommand):
    help = "Load a district archive written by export_district into this database, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The zip file written by export_district.")

    def handle(self, *args, archive: Path, **options):
        try:
            result = restore_district(path=archive, progress=self.stderr.write)
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"District {result.district_code} restored: {sum(result.counts.values())} rows, "
                f"{result.media_files} files."
            )
        )
        if result.partners_linked:
            self.stdout.write(f"Partnerships restored with: {', '.join(result.partners_linked)}")
        if result.partners_missing:
            self.stdout.write(
                f"Partner districts not in this database (links skipped): {', '.join(result.partners_missing)}"
            )
        if result.users_unlinked:
            self.stdout.write(
                f"Accounts of other districts not here (references cleared): {', '.join(result.users_unlinked)}"
            )
