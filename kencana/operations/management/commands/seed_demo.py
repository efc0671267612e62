from django.core.management.base import BaseCommand
from django.db import transaction

from kecamatan.demo import seed_territory
from kecamatan.demo_risk import seed_risk_profiles
from kencana.accounts.demo import DEMO_PASSWORD, demo_usernames, seed_users
from kencana.alerts.demo import seed_alerts
from kencana.plans.demo import seed_plans_demo
from kencana.readiness.demo import seed_readiness
from kencana.response.demo import seed_response
from kencana.shelters.demo import seed_shelters
from kencana.upward.demo import seed_upward
from logistics.demo import seed_logistics


class Command(BaseCommand):
    help = "Load the demo districts (Balangan, Banjar), their kecamatan and one account per role. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when demo accounts already exist.")

    def handle(self, *args, if_empty: bool = False, **options):
        from kencana.accounts.models import User

        if if_empty and User.objects.filter(username__in=demo_usernames()).exists():
            self.stdout.write("Demo data already present.")
            return
        steps = [
            ("territory", seed_territory),
            ("accounts", seed_users),
            ("risk profiles", seed_risk_profiles),
            ("readiness", seed_readiness),
            ("plans and cards", seed_plans_demo),
            ("logistics", seed_logistics),
            ("alerts and escalation", seed_alerts),
            ("response", seed_response),
            ("shelters", seed_shelters),
            ("upward reports", seed_upward),
        ]
        with transaction.atomic():
            for number, (label, step) in enumerate(steps, start=1):
                self.stdout.write(f"[{number}/{len(steps)}] {label}…")
                step()
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD!r}): " + ", ".join(demo_usernames()))
