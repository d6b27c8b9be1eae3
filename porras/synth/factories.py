"""factory_boy factories with Finnish-locale Faker, shared by the tests and `porras synth`."""

from functools import cache

import factory
from django.contrib.auth.hashers import make_password
from factory.django import DjangoModelFactory

from porras.clients.hetu import parse_hetu
from porras.clients.models import Client, ClientRelationship
from porras.core import clock
from porras.people.models import (
    Absence,
    AbsenceKind,
    County,
    DutyPair,
    Membership,
    Municipality,
    Role,
    Team,
    TeamArea,
    Worker,
)

factory.Faker._DEFAULT_LOCALE = "fi_FI"
DEMO_PASSWORD = "porras-demo"


@cache
def demo_password_hash() -> str:
    # Hashed once: hashing per worker would make a county of hundreds take minutes.
    return make_password(DEMO_PASSWORD)


class CountyFactory(DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Testin hyvinvointialue {n}")


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality

    county = factory.SubFactory(CountyFactory)
    code = factory.Sequence(lambda n: f"{(n % 900) + 100:03d}")
    name_fi = factory.Faker("city")
    name_sv = ""


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    county = factory.SubFactory(CountyFactory)
    name = factory.Sequence(lambda n: f"Tiimi {n}")


class TeamAreaFactory(DjangoModelFactory):
    class Meta:
        model = TeamArea

    team = factory.SubFactory(TeamFactory)
    municipality = factory.SubFactory(
        MunicipalityFactory, county=factory.SelfAttribute("..team.county")
    )
    postal_code = ""


class WorkerFactory(DjangoModelFactory):
    class Meta:
        model = Worker
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    username = factory.Sequence(lambda n: f"worker{n}")
    email = factory.LazyAttribute(lambda w: f"{w.username}@porras.invalid")
    county = factory.SubFactory(CountyFactory)
    role = Role.COUNSELLOR
    public_office = factory.LazyAttribute(lambda w: w.role == Role.SOCIAL_WORKER)
    capacity = 1
    password = factory.LazyFunction(demo_password_hash)

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):
        if create and extracted:
            for team in extracted:
                Membership.objects.get_or_create(worker=self, team=team)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    worker = factory.SubFactory(WorkerFactory)
    team = factory.SubFactory(TeamFactory)


class AbsenceFactory(DjangoModelFactory):
    class Meta:
        model = Absence

    worker = factory.SubFactory(WorkerFactory)
    kind = AbsenceKind.VACATION
    created_by = factory.SelfAttribute("worker")


class DutyPairFactory(DjangoModelFactory):
    class Meta:
        model = DutyPair

    team = factory.SubFactory(TeamFactory)
    social_worker = factory.SubFactory(
        WorkerFactory, role=Role.SOCIAL_WORKER, county=factory.SelfAttribute("..team.county")
    )
    counsellor = factory.SubFactory(
        WorkerFactory, role=Role.COUNSELLOR, county=factory.SelfAttribute("..team.county")
    )
    planned_by = factory.SelfAttribute("social_worker")


class ClientFactory(DjangoModelFactory):
    """An identified working-age client with a valid henkilötunnus."""

    class Meta:
        model = Client

    county = factory.SubFactory(CountyFactory)
    hetu = factory.Faker("ssn", min_age=18, max_age=64)
    hetu_temporary = factory.LazyAttribute(lambda c: bool(c.hetu) and parse_hetu(c.hetu).temporary)
    birth_date = factory.LazyAttribute(lambda c: parse_hetu(c.hetu).birth_date if c.hetu else None)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    street_address = factory.Faker("street_address")
    postal_code = factory.Faker("postcode")
    post_office = factory.Faker("city")
    phone = factory.Faker("phone_number")
    email = factory.LazyAttribute(lambda c: f"{c.first_name}.{c.last_name}@example.fi".lower())
    created_by = factory.SubFactory(WorkerFactory, county=factory.SelfAttribute("..county"))


class ClientRelationshipFactory(DjangoModelFactory):
    class Meta:
        model = ClientRelationship

    client = factory.SubFactory(ClientFactory)
    kind = "responsible"
    opened_at = factory.LazyFunction(clock.now)
