import datetime as dt
from decimal import Decimal

import pytest

from porras.activation import services
from porras.activation.models import Organiser, OrganiserStaff, Place
from porras.people.models import Role
from porras.synth.factories import WorkerFactory
from tests.handbook.conftest import keepers  # noqa: F401 (a fixture)


@pytest.fixture
def place(org):
    organiser = Organiser.objects.create(county=org.county, name="Kierrätyskeskus ry", kind="ngo")
    return Place.objects.create(
        organiser=organiser, name="Kierrätyspaja", address="Teollisuuskatu 5, Kuopio"
    )


@pytest.fixture
def other_place(org):
    organiser = Organiser.objects.create(county=org.county, name="Puutyö Oy", kind="company")
    return Place.objects.create(organiser=organiser, name="Puuverstas")


def _staff(org, place, username):
    worker = WorkerFactory(
        username=username, role=Role.ORGANISER, county=org.county, teams=[], first_name="Jaana"
    )
    OrganiserStaff.objects.create(organiser=place.organiser, worker=worker)
    return worker


@pytest.fixture
def organiser_staff(org, place):
    return _staff(org, place, "kierratys")


@pytest.fixture
def other_organiser_staff(org, other_place):
    return _staff(org, other_place, "puutyo")


def make_activation(case, org):
    return services.activation_plan_make(
        case=case,
        data=services.ActivationInput(
            kind="activation",
            employment_authority="Kuopion työllisyysalue",
            authority_person="Tiina Työllisyys",
            agreed_on=dt.date(2026, 11, 2),
        ),
        acting_user=org.counsellor2,
    )


@pytest.fixture
def activation(case, org):
    return make_activation(case, org)


def plan_input(place, **changes) -> services.WorkPlanInput:
    values = dict(
        place=place,
        starts_on=dt.date(2026, 11, 2),
        months=6,
        days_per_week=3,
        hours_per_day=Decimal(6),
        goal="Päivärytmi ja työelämätaidot",
        fare_per_day=Decimal("5.60"),
        monthly_ticket=Decimal("55.00"),
        iban="FI21 1234 5600 0007 85",
    )
    values.update(changes)
    return services.WorkPlanInput(**values)


@pytest.fixture
def work_plan(case, org, place, activation):
    return services.work_plan_make(case=case, data=plan_input(place), acting_user=org.counsellor2)
