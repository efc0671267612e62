from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kecamatan.models import District
from kencana.readiness import transfer


class Command(BaseCommand):
    help = (
        "Import a readiness template (CSV, XLSX or JSON) into a district as a draft. "
        "Nothing is stored if any row has an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--district", required=True, help="Kemendagri district code, e.g. 63.11")
        parser.add_argument("--name", default="", help="Template name (JSON files carry their own name)")
        parser.add_argument(
            "--thresholds",
            default="",
            help="Tiers for CSV/XLSX files, e.g. 'Pratama=0|Madya=55|Utama=80' (JSON files carry their own)",
        )

    def handle(self, *args, file: Path, district: str, name: str, thresholds: str, **options):
        target = District.objects.filter(code=district).first()
        if target is None:
            raise CommandError(f"No district with code {district}.")
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        content = file.read_bytes()
        try:
            if file.suffix.lower() == ".json":
                doc = transfer.parse_json(content)
                template = transfer.template_import(
                    district=target,
                    name=name or doc["name"],
                    by=None,
                    indicators=doc["indicators"],
                    thresholds=doc["thresholds"],
                    description=doc["description"],
                    weak_below=doc["weak_below"],
                    unit_kind=doc["unit_kind"],
                )
            else:
                if not name:
                    raise CommandError("Give the template a name with --name.")
                indicators = transfer.parse_rows(transfer.read_rows(content, file.name))
                tiers = transfer.parse_thresholds(thresholds) if thresholds else []
                template = transfer.template_import(
                    district=target, name=name, by=None, indicators=indicators, thresholds=tiers
                )
        except ValidationError as error:
            raise CommandError("Nothing imported:\n" + "\n".join(f"  {m}" for m in error.messages)) from None
        count = template.versions.get().indicators.count()
        self.stdout.write(
            self.style.SUCCESS(f"Imported {template.name!r} into {target.name}: {count} indicators (draft).")
        )
