"""Generate a demo county deterministically from a seed.

Everything that has rules (absences, the duty rota) is created through the same
services the staff UI uses, so the demo obeys the rules the users see.
"""

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass

import factory.random
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from porras.clients import services as client_services
from porras.clients.models import Language
from porras.core import clock
from porras.core.errors import DomainError
from porras.handbook import seed as handbook_seed
from porras.people import selectors, services
from porras.people.models import AbsenceKind, County, Municipality, Role, Team, TeamArea, Worker
from porras.synth.activation import work_activity
from porras.synth.benefits import work_applications
from porras.synth.casefile import work_cases
from porras.synth.casework import distribute_quarter
from porras.synth.factories import DEMO_PASSWORD, ClientFactory, WorkerFactory
from porras.synth.intake import generate_quarter
from porras.synth.regions import REGIONS

# Workers of each role in one local team, by size.
TEAM_STAFF = {
    "small": {
        Role.MANAGER: 1,
        Role.GUIDANCE: 2,
        Role.COUNSELLOR: 3,
        Role.SOCIAL_WORKER: 2,
        Role.BENEFIT_HANDLER: 1,
    },
    "medium": {
        Role.MANAGER: 1,
        Role.GUIDANCE: 4,
        Role.COUNSELLOR: 7,
        Role.SOCIAL_WORKER: 5,
        Role.BENEFIT_HANDLER: 4,
    },
    "large": {
        Role.MANAGER: 2,
        Role.GUIDANCE: 8,
        Role.COUNSELLOR: 15,
        Role.SOCIAL_WORKER: 10,
        Role.BENEFIT_HANDLER: 8,
    },
}
COUNTY_STAFF = {Role.PROCESS_OWNER: 1, Role.QUALITY: 1, Role.DATA_PROTECTION: 1, Role.ADMIN: 1}
# Clients registered per local team, by size (intake and casework add their matters).
TEAM_CLIENTS = {"small": 30, "medium": 200, "large": 1500}
SIZES = tuple(TEAM_STAFF)


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    role: str
    team: str | None

    def as_json(self) -> dict:
        return {
            "username": self.username,
            "password": self.password,
            "role": self.role,
            "team": self.team,
        }


@dataclass
class GeneratedCounty:
    county: County
    logins: list[Login]
    created: bool


def _ascii(text: str) -> str:
    normalized = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in normalized if ch.isalnum() and ch.isascii())


def generate_county(
    *, size: str = "small", seed: int = 1, region: str = "pohjois-savo"
) -> GeneratedCounty:
    """Create the demo county, or reuse it when it already exists (idempotent)."""
    spec = REGIONS[region]
    existing = County.objects.filter(name=spec["county"]).first()
    if existing is not None:
        return GeneratedCounty(existing, collect_logins(existing), created=False)
    rng = random.Random(seed)
    factory.random.reseed_random(seed)
    with transaction.atomic():
        county = County.objects.create(name=spec["county"])
        teams = []
        for team_name, municipalities in spec["teams"]:
            team = Team.objects.create(county=county, name=team_name)
            for code, name_fi, name_sv, _postal in municipalities:
                municipality = Municipality.objects.create(
                    county=county, code=code, name_fi=name_fi, name_sv=name_sv
                )
                TeamArea.objects.create(team=team, municipality=municipality)
            teams.append(team)
        used_names: set[str] = set()
        for team in teams:
            for role, count in TEAM_STAFF[size].items():
                for _ in range(count):
                    _create_worker(county, role, [team], used_names, rng)
        for role, count in COUNTY_STAFF.items():
            for _ in range(count):
                _create_worker(county, role, [], used_names, rng)
        # The county's administrator configures this county only (not a superuser).
        services.county_administrators_group().user_set.add(*county.workers.filter(role=Role.ADMIN))
        _generate_absences(county, rng)
        for team in teams:
            _plan_rota(team)
            _register_clients(team, TEAM_CLIENTS[size], rng)
        for team in teams:
            generate_quarter(team, size, rng)
            distribute_quarter(team, rng)
        # The case work draws on its own stream, so that the quarter's matters and their
        # distribution stay what they were for a given seed.
        casework_rng = random.Random(seed + 1)
        for team in teams:
            work_cases(team, casework_rng)
        work_applications(county, random.Random(seed + 2))
        work_activity(county, random.Random(seed + 3))
        handbook_seed.load(
            county=county,
            owner=county.workers.get(role=Role.PROCESS_OWNER),
            checker=county.workers.get(role=Role.QUALITY),
        )
    return GeneratedCounty(county, collect_logins(county), created=True)


def _create_worker(county, role, teams, used_names, rng) -> Worker:
    while True:
        worker = WorkerFactory.build()
        username = f"{_ascii(worker.first_name)}.{_ascii(worker.last_name)}"
        if username not in used_names:
            used_names.add(username)
            break
    capacity = 1 if rng.random() < 0.8 else rng.choice([0.6, 0.8])
    # One in four social workers is not (yet) in public office: the four-field
    # must then route special-support clients past them.
    public_office = role == Role.SOCIAL_WORKER and rng.random() < 0.75
    return WorkerFactory(
        username=username,
        first_name=worker.first_name,
        last_name=worker.last_name,
        county=county,
        role=role,
        public_office=public_office,
        capacity=capacity,
        is_staff=role == Role.ADMIN,
        teams=teams,
    )


def _generate_absences(county: County, rng: random.Random) -> None:
    today = clock.today()
    for worker in Worker.objects.filter(county=county).order_by("username"):
        roll = rng.random()
        if roll < 0.1:
            first = today - dt.timedelta(days=rng.randint(0, 3))
            last = first + dt.timedelta(days=rng.randint(2, 9))
            kind = AbsenceKind.SICK
        elif roll < 0.4:
            first = today + dt.timedelta(days=rng.randint(5, 50))
            last = first + dt.timedelta(days=rng.randint(1, 14))
            kind = rng.choice([AbsenceKind.VACATION, AbsenceKind.TRAINING])
        else:
            continue
        services.absence_create(
            worker=worker, starts_on=first, ends_on=last, kind=kind, acting_user=worker
        )


# Weeks of rota history: the demo quarter's matters were distributed by those pairs.
PAST_ROTA_WEEKS = 13


def _plan_rota(team: Team) -> None:
    """The manager plans the weeks, rotating through members who are present.

    Past weeks are planned as they were: at their own Monday (clock.travel),
    since a week that has gone can no longer be changed.
    """
    manager = selectors.team_members(team, role=Role.MANAGER).first()
    social_workers = list(selectors.team_members(team, role=Role.SOCIAL_WORKER))
    counsellors = list(selectors.team_members(team, role=Role.COUNSELLOR))
    if manager is None or not social_workers or not counsellors:
        return
    monday = clock.week_start(clock.today())
    for week in range(-PAST_ROTA_WEEKS, settings.PORRAS_ROTA_WEEKS_AHEAD):
        week_start = monday + dt.timedelta(weeks=week)
        planned_at = timezone.make_aware(dt.datetime.combine(week_start, dt.time(7, 0)))
        for offset in range(len(social_workers) * len(counsellors)):
            social_worker = social_workers[(week + offset) % len(social_workers)]
            counsellor = counsellors[(week + offset // len(social_workers)) % len(counsellors)]
            try:
                with clock.travel(min(planned_at, clock.now())):
                    services.duty_pair_plan(
                        team=team,
                        week_start=week_start,
                        social_worker=social_worker,
                        counsellor=counsellor,
                        acting_user=manager,
                    )
                break
            except DomainError:
                continue  # someone absent that week: try the next combination


def _register_clients(team: Team, count: int, rng: random.Random) -> None:
    """Clients of the team's area, registered by its service guidance workers."""
    registrars = list(selectors.team_members(team, role=Role.GUIDANCE)) or list(
        selectors.team_members(team)
    )
    areas = list(team.areas.select_related("municipality"))
    for n in range(count):
        template = ClientFactory.build()
        area = areas[n % len(areas)]
        details = {
            "street_address": template.street_address,
            "postal_code": _postal_code_of(area.municipality.code),
            "post_office": area.municipality.name_fi.upper(),
            "municipality": area.municipality,
            "phone": template.phone,
            "email": template.email,
            "language": Language.SWEDISH if rng.random() < 0.05 else Language.FINNISH,
            "non_disclosure": rng.random() < 0.04,
        }
        registrar = registrars[n % len(registrars)]
        if rng.random() < 0.05:
            client_services.client_register(
                county=team.county,
                acting_user=registrar,
                unidentified_description=rng.choice(UNIDENTIFIED_DESCRIPTIONS),
                **details,
            )
            continue
        while True:
            try:
                client_services.client_register(
                    county=team.county,
                    acting_user=registrar,
                    hetu=template.hetu,
                    first_name=template.first_name,
                    last_name=template.last_name,
                    **details,
                )
                break
            except DomainError:  # the random hetu is taken: draw another
                template = ClientFactory.build()


UNIDENTIFIED_DESCRIPTIONS = [
    "Mies noin 40 v, linja-autoasemalla, poliisin ilmoitus",
    "Nainen noin 30 v, päivystyksen ilmoitus, ei henkilöpapereita",
    "Nuori mies, asui teltassa rantapuistossa",
]


def _postal_code_of(municipality_code: str) -> str:
    for region in REGIONS.values():
        for _name, municipalities in region["teams"]:
            for code, _fi, _sv, postal in municipalities:
                if code == municipality_code:
                    return postal
    return ""


def collect_logins(county: County) -> list[Login]:
    logins = []
    for worker in (
        Worker.objects.filter(county=county).prefetch_related("teams").order_by("role", "username")
    ):
        team = worker.teams.order_by("name").first()
        logins.append(
            Login(worker.username, DEMO_PASSWORD, worker.role, str(team.pk) if team else None)
        )
    return logins
