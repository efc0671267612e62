"""Factories for the standing cast of tests: districts, kecamatan and people."""

import datetime
from contextlib import contextmanager

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from kecamatan.models import Desa, District, Kecamatan, Province, School
from kencana.accounts.models import Role, User
from kencana.core.clock import local, local_today

TEST_PASSWORD = "correct-horse-battery"
DISTRICT_ZONE = "Asia/Makassar"  # every test district keeps WITA, as Balangan and Banjar do


def today() -> datetime.date:
    """Today in the test districts' own zone: the day their officials write on a document."""
    return local_today(DISTRICT_ZONE)


def local_input(moment: datetime.datetime | None = None) -> str:
    """A moment (now by default) as a phone in the test districts shows it in a date-and-time input:
    their own wall clock, whatever zone the test's thread has active."""
    return local(moment or timezone.now(), DISTRICT_ZONE).strftime("%Y-%m-%dT%H:%M")


def square(lon: float, lat: float, size: float = 0.05) -> dict:
    """A GeoJSON Polygon: a square with its south-west corner at (lon, lat)."""
    return {
        "type": "Polygon",
        "coordinates": [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]],
    }


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"63.{50 + n:02d}")
    name = factory.Sequence(lambda n: f"Kabupaten Uji {n}")
    province = factory.LazyFunction(lambda: Province.objects.get(code="63"))
    timezone = DISTRICT_ZONE


class KecamatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kecamatan
        django_get_or_create = ("code",)

    district = factory.SubFactory(DistrictFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.district.code}.{(n % 99) + 1:02d}")
    name = factory.Sequence(lambda n: f"Kecamatan {n}")
    population = 10_000


class DesaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Desa
        django_get_or_create = ("code",)

    kecamatan = factory.SubFactory(KecamatanFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.kecamatan.code}.{2001 + n % 999}")
    name = factory.Sequence(lambda n: f"Desa {n}")
    kind = Desa.Kind.DESA


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ("npsn",)

    desa = factory.SubFactory(DesaFactory)
    npsn = factory.Sequence(lambda n: f"{30300000 + n}")
    name = factory.Sequence(lambda n: f"SD Negeri Uji {n}")
    level = School.Level.SD
    pupils = 120


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.LazyFunction(lambda: make_password(TEST_PASSWORD))
    district = factory.SubFactory(DistrictFactory)
    role = Role.BPBD_STAFF

    @factory.post_generation
    def kecamatan(self, create, extracted, **kwargs):
        if create and extracted:
            self.kecamatan.set(extracted)


@contextmanager
def rows_unchanged(models):
    """``with rows_unchanged(models):`` fails unless every row of ``models`` is exactly as before:
    a refusal saves nothing, not even a row it writes and takes back."""

    def rows():
        return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}

    before = rows()
    yield
    assert rows() == before
