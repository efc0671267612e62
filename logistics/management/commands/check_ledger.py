from django.core.management.base import BaseCommand, CommandError

from kecamatan.models import District
from kencana.core.forms import plain_number as fmt
from logistics.ledger_check import ledger_differences
from logistics.models import Lot, Warehouse
from logistics.services.ledger import negative_running_balances


class Command(BaseCommand):
    help = (
        "Recompute every stock balance from the ledger, and check that no stock card ever goes below zero "
        "at the end of any day (exit code 1 if either fails)."
    )

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
        negatives = negative_running_balances(district_ids=district_ids)
        warehouses = Warehouse.objects.in_bulk({d.warehouse_id for d in differences} | {n[0] for n in negatives})
        lots = Lot.objects.select_related("item").in_bulk({d.lot_id for d in differences} | {n[1] for n in negatives})

        def where(warehouse_id: int, lot_id: int) -> str:
            return f"{warehouses[warehouse_id].code} {warehouses[warehouse_id].name} · {lots[lot_id]}"

        for d in differences:
            self.stdout.write(f"{where(d.warehouse_id, d.lot_id)}: balance {fmt(d.stored)}, ledger {fmt(d.ledger)}")
        for warehouse_id, lot_id, day, balance in negatives:
            self.stdout.write(
                f"{where(warehouse_id, lot_id)}: the stock card is at {fmt(balance)} on {day.isoformat()}"
            )
        if differences or negatives:
            raise CommandError(
                f"{len(differences)} balance(s) differ from the ledger; "
                f"{len(negatives)} stock card(s) go below zero on some day."
            )
        self.stdout.write(self.style.SUCCESS("Ledger and balances agree, and no running balance is ever negative."))
