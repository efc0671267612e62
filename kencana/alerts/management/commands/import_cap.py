from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kencana.alerts.models import CapMessage
from kencana.alerts.services import cap_import


class Command(BaseCommand):
    help = "Import CAP 1.2 XML files: match them to kecamatan and raise, update or resolve alerts."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files: list[Path], **options):
        for path in files:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"{path}: {exc}") from exc
            try:
                result = cap_import(data=data, source=CapMessage.Source.COMMAND)
            except ValidationError as exc:
                raise CommandError(f"{path}: {' '.join(exc.messages)}") from exc
            self.stdout.write(f"{path}: {result.note}")
            if result.opened or result.resolved:
                self.stdout.write(f"  alerts opened: {result.opened}, resolved: {result.resolved}")
