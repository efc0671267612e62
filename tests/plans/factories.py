"""Factories for agencies, plans, items and cards."""

import factory

from kecamatan.models import Hazard
from kencana.plans.models import ActionItem, ActionPlan, Agency, CardStep, QuickResponseCard


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    district = factory.SelfAttribute("kecamatan.district")
    kecamatan = None
    kind = Agency.Kind.PUSKESMAS
    name = factory.Sequence(lambda n: f"Puskesmas Uji {n}")
    contact_person = "dr. Rina"
    phone = factory.Sequence(lambda n: f"0811-0000-{n:04d}")


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan
        django_get_or_create = ("district", "kecamatan")

    district = factory.SelfAttribute("kecamatan.district")
    title = factory.LazyAttribute(lambda o: f"Rencana aksi {o.kecamatan.name if o.kecamatan else o.district.name}")


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    plan = factory.SubFactory(ActionPlanFactory)
    title = factory.Sequence(lambda n: f"Kegiatan {n}")
    status = ActionItem.Status.PLANNED


class CardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuickResponseCard
        skip_postgeneration_save = True

    hazard = factory.LazyFunction(lambda: Hazard.objects.get(code="banjir"))
    trigger = "Peringatan dini BMKG"

    @factory.post_generation
    def steps(self, create, extracted, **kwargs):
        if create:
            for order, step in enumerate(extracted or [("Sebarkan peringatan", "Camat", 0)], start=1):
                CardStep.objects.create(card=self, order=order, action=step[0], role=step[1], within_minutes=step[2])
