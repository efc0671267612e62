from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from kecamatan.models import District
from kecamatan.services import COLUMNS, risk_profiles_import


class Command(BaseCommand):
    help = (
        "Create or update a district's risk profiles from a CSV or XLSX file with the columns "
        + ", ".join(COLUMNS)
        + ". All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--district", required=True, help="Kemendagri code of the district, e.g. 63.11.")

    def handle(self, *args, file: Path, district: str, **options):
        target = District.objects.filter(code=district).first()
        if target is None:
            raise CommandError(f"No district with code {district!r}.")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        try:
            result = risk_profiles_import(district=target, data=data)
        except ValidationError as exc:
            lines = "\n".join(f"  {message}" for message in exc.messages)
            raise CommandError(f"{file.name}:\n{lines}\n" + gettext("Nothing was changed.")) from exc
        self.stdout.write(
            self.style.SUCCESS(f"{target.display_name}: {result.created} profiles created, {result.updated} updated.")
        )
