from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kecamatan.models import District
from kencana.readiness.destana import village_templates_import


class Command(BaseCommand):
    help = (
        "Import the Destana questionnaire (Perka BNPB 1/2012, 60 yes/no questions) and the 0-100 village "
        "index into a district as two draft desa templates."
    )

    def add_arguments(self, parser):
        parser.add_argument("--district", required=True, help="Kemendagri district code, e.g. 63.11")

    def handle(self, *args, district: str, **options):
        target = District.objects.filter(code=district).first()
        if target is None:
            raise CommandError(f"No district with code {district}.")
        try:
            templates = village_templates_import(district=target, by=None)
        except ValidationError as error:
            raise CommandError("Nothing imported:\n" + "\n".join(f"  {m}" for m in error.messages)) from None
        for template in templates:
            count = template.versions.get().indicators.count()
            self.stdout.write(
                self.style.SUCCESS(f"Imported {template.name!r} into {target.name}: {count} indicators (draft).")
            )
