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


CARD_STEPS = [
    {"action": "Sebarkan peringatan", "role": "Kasi Trantib", "agency_kind": "kecamatan", "within_minutes": 0},
    {"action": "Buka layanan kesehatan", "role": "Kepala Puskesmas", "agency_kind": "puskesmas", "within_minutes": 120},
    {
        "action": "Laporkan kaji cepat",
        "role": "Kasi Trantib",
        "agency_kind": "bpbd",
        "agency_name": "Pusdalops",
        "within_minutes": 180,
    },
]
PLAN_ITEMS = [
    {"title": "Perbarui peta rawan", "owner_kind": "kecamatan", "due_offset_days": 60, "budget_source": "apbd"},
    {"title": "Simulasi evakuasi", "owner_kind": "puskesmas", "due_offset_days": 0, "budget_source": ""},
]


def published_card_template(admin, hazard, *, name="Kartu banjir standar", steps=CARD_STEPS, shared=True):
    from kencana.plans import services

    template = services.template_create(by=admin, kind="cards", name=name, hazard=hazard)
    draft = services.card_template_save(
        by=admin,
        version=template.draft_version(),
        hazard=hazard,
        trigger="Peringatan dini BMKG",
        assembly_points="Bangunan tinggi dan kokoh",
        evacuation_routes="Menjauhi sungai",
        steps=steps,
    )
    services.template_version_publish(by=admin, version=draft)
    return services.template_update(by=admin, template=template, name=name, shared_with_partners=shared)


def published_plan_template(admin, hazard, *, name="Rencana aksi dasar", items=PLAN_ITEMS, shared=True):
    from kencana.plans import services

    template = services.template_create(by=admin, kind="plans", name=name)
    version = services.plan_template_save(
        by=admin, version=template.draft_version(), items=[dict(i, hazard=hazard) for i in items]
    )
    services.template_version_publish(by=admin, version=version)
    return services.template_update(by=admin, template=template, name=name, shared_with_partners=shared)
