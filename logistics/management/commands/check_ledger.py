from django.core.management.base import BaseCommand, CommandError

from kecamatan.models import District
from kencana.core.forms import plain_number as fmt
from logistics.ledger_check import ledger_differences
from logistics.models import Lot, Warehouse


class Command(BaseCommand):
    help = "Recompute every stock balance from the ledger and report differences (exit code 1 if any)."

    def add_arguments(self, parser):
        parser.add_argument("--district", help="Only this district (Kemendagri code, e.g. 63.11).")

    def handle(self, *args, district: str | None = None, **options):
        district_ids = None
        if district:
            found = District.objects.filter(code=district).values_list("pk", flat=True)
            if not found:
                raise CommandError(f"No district with code {district}.")
            district_ids = list(found)
        differences = ledger_differences(district_ids=district_ids)
        if not differences:
            self.stdout.write(self.style.SUCCESS("Ledger and balances agree."))
            return
        warehouses = Warehouse.objects.in_bulk({d.warehouse_id for d in differences})
        lots = Lot.objects.select_related("item").in_bulk({d.lot_id for d in differences})
        for d in differences:
            self.stdout.write(
                f"{warehouses[d.warehouse_id].code} {warehouses[d.warehouse_id].name} · {lots[d.lot_id]}: "
                f"balance {fmt(d.stored)}, ledger {fmt(d.ledger)}"
            )
        raise CommandError(f"{len(differences)} balance(s) differ from the ledger.")
