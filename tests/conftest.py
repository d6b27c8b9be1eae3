"""Shared fixtures: a frozen clock and a small organisation built with the synth factories."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from porras.clients.models import Client
from porras.core import clock
from porras.people.models import Municipality, Role
from porras.people.permissions import ClientRelation
from porras.synth.factories import (
    DEMO_PASSWORD,
    ClientFactory,
    ClientRelationshipFactory,
    CountyFactory,
    TeamAreaFactory,
    TeamFactory,
    WorkerFactory,
)

# Wednesday of ISO week 48, 2026.
FROZEN_NOW = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    """Porras asks the time only through porras.core.clock: freeze it there."""
    monkeypatch.setattr(clock, "_fixed", FROZEN_NOW)
    return FROZEN_NOW


@pytest.fixture(autouse=True)
def audit_checkpoints(settings, tmp_path):
    """Each test writes the access log's checkpoints to a file of its own."""
    settings.PORRAS_AUDIT_CHECKPOINT_FILE = tmp_path / "audit" / "checkpoints.jsonl"
    return settings.PORRAS_AUDIT_CHECKPOINT_FILE


@pytest.fixture(autouse=True)
def flushable_access_log(request):
    """Between transactional tests Django empties every table; on SQLite that is a row-by-row
    DELETE, which the access log's guard refuses (PostgreSQL truncates, which it allows).
    The guard is lifted only for that flush, and is in place for every test."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    transactional = bool({"transactional_db", "live_server"} & names) or bool(
        marker and marker.kwargs.get("transaction")
    )
    if not (transactional or marker or {"db", "django_db_setup"} & names):
        yield
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.db import connection

    from porras.audit import guards

    if connection.vendor == "sqlite":
        guards.create(connection)
    yield
    if transactional and connection.vendor == "sqlite":
        guards.drop(connection)


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits count in the cache; the frozen clock would carry them across tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def today(frozen_clock) -> dt.date:
    return timezone.localdate(frozen_clock)


@pytest.fixture
def this_monday(today) -> dt.date:
    return clock.week_start(today)


@dataclass
class Elsewhere:
    """Another county, working beside the test's: every list, search and export of the
    test county must leave its rows out."""

    county: object
    team: object
    manager: object
    counsellor: object
    guidance: object
    data_protection: object
    client: object
    protected_client: object
    item: object


@dataclass
class Org:
    county: object
    team: object
    other_team: object
    manager: object
    other_manager: object
    social_worker: object
    social_worker2: object
    counsellor: object
    counsellor2: object
    guidance: object
    other_counsellor: object
    other_social_worker: object
    data_protection: object
    admin: object
    elsewhere: Elsewhere
    benefit_handler: object = None
    benefit_handler2: object = None


def elsewhere_county() -> Elsewhere:
    from porras.audit import chain
    from porras.intake import services as intake_services
    from porras.synth.factories import AbsenceFactory, DutyPairFactory

    county = CountyFactory(name="Muun alueen hyvinvointialue")
    team = TeamFactory(county=county, name="Muun alueen tiimi")
    TeamAreaFactory(team=team)

    def worker(username, role, **extra):
        teams = [] if role == Role.DATA_PROTECTION else [team]
        return WorkerFactory(username=username, role=role, county=county, teams=teams, **extra)

    manager = worker("muualla-esihenkilo", Role.MANAGER)
    counsellor = worker("muualla-ohjaaja", Role.COUNSELLOR)
    social_worker = worker("muualla-sosiaalityontekija", Role.SOCIAL_WORKER, public_office=True)
    guidance = worker("muualla-palveluohjaaja", Role.GUIDANCE)
    officer = worker("muualla-tietosuoja", Role.DATA_PROTECTION)

    def their_client(**fields):
        client = ClientFactory(county=county, created_by=guidance, **fields)
        ClientRelationshipFactory(
            client=client, kind=ClientRelation.RESPONSIBLE, team=team, worker=counsellor
        )
        return client

    client = their_client(first_name="Muualla", last_name="Asuva")
    protected = their_client(
        first_name="Muualla",
        last_name="Suojattu",
        non_disclosure=True,
        street_address="Muualla-piilotie 9",
        phone="044 000 1111",
    )
    item, _created = intake_services.item_receive(
        county=county,
        acting_user=guidance,
        kind="contact",
        channel="phone",
        received_at=clock.now(),
        description="Muun alueen asia.",
        client=intake_services.ClientRef(hetu=client.hetu),
        team=team,
    )
    AbsenceFactory(
        worker=counsellor,
        starts_on=clock.today(),
        ends_on=clock.today() + dt.timedelta(days=3),
    )
    DutyPairFactory(
        team=team,
        week_start=clock.week_start(clock.today()),
        social_worker=social_worker,
        counsellor=counsellor,
        planned_by=manager,
    )
    # Its access log: its workers' reads, one of them flagged for its officer's review.
    chain.append(
        [
            {
                "user": counsellor,
                "username": counsellor.username,
                "user_name": counsellor.get_full_name(),
                "role": counsellor.role,
                "organisation": county.name,
                "county_id": county.pk,
                "client_id": c.pk,
                "record_type": "client.detail",
                "purpose": "stated_reason" if flagged else "responsible",
                "outcome": "granted",
                "reason": "Muun alueen peruste" if flagged else "",
                "flagged": flagged,
                "request_id": f"elsewhere-{n:04d}",
                "ip": "10.9.9.9",
                "path": f"/clients/{c.pk}/",
            }
            for n, (c, flagged) in enumerate([(client, False), (protected, True)])
        ]
    )
    chain.seal(wait=True)
    return Elsewhere(county, team, manager, counsellor, guidance, officer, client, protected, item)


@pytest.fixture
def org(db) -> Org:
    county = CountyFactory(name="Testin hyvinvointialue")
    team = TeamFactory(county=county, name="Kuopion tiimi")
    other_team = TeamFactory(county=county, name="Varkauden tiimi")
    TeamAreaFactory(team=team)
    TeamAreaFactory(team=other_team)

    def worker(username, role, teams, **extra):
        return WorkerFactory(username=username, role=role, county=county, teams=teams, **extra)

    return Org(
        county=county,
        team=team,
        other_team=other_team,
        manager=worker("esihenkilo", Role.MANAGER, [team], first_name="Eeva", last_name="Esi"),
        other_manager=worker("esihenkilo2", Role.MANAGER, [other_team]),
        social_worker=worker(
            "sosiaalityontekija",
            Role.SOCIAL_WORKER,
            [team],
            first_name="Sanna",
            last_name="Sosiaali",
        ),
        social_worker2=worker(
            "sosiaalityontekija2",
            Role.SOCIAL_WORKER,
            [team],
            first_name="Sami",
            last_name="Sosiaali",
        ),
        counsellor=worker(
            "sosiaaliohjaaja", Role.COUNSELLOR, [team], first_name="Olli", last_name="Ohjaaja"
        ),
        counsellor2=worker(
            "sosiaaliohjaaja2", Role.COUNSELLOR, [team], first_name="Outi", last_name="Ohjaaja"
        ),
        guidance=worker("palveluohjaaja", Role.GUIDANCE, [team]),
        other_counsellor=worker("ohjaaja-varkaus", Role.COUNSELLOR, [other_team]),
        other_social_worker=worker("sosiaalityontekija-varkaus", Role.SOCIAL_WORKER, [other_team]),
        data_protection=worker("tietosuoja", Role.DATA_PROTECTION, []),
        admin=worker("paakayttaja", Role.ADMIN, [], is_staff=True, is_superuser=True),
        elsewhere=elsewhere_county(),
        benefit_handler=worker(
            "etuus-kuopio", Role.BENEFIT_HANDLER, [team], first_name="Elli", last_name="Etuus"
        ),
        benefit_handler2=worker("etuus-varkaus", Role.BENEFIT_HANDLER, [other_team]),
    )


def password_login(client, username: str, password: str) -> bool:
    """Sign in with the password, as the login form does (django-axes needs the request)."""
    from django.http import HttpRequest

    request = HttpRequest()
    request.META["REMOTE_ADDR"] = "127.0.0.1"
    return client.login(request=request, username=username, password=password)


@pytest.fixture
def login(client):
    def _login(worker):
        assert password_login(client, worker.username, DEMO_PASSWORD)
        return client

    return _login


@pytest.fixture
def api_token_for(db):
    """A new API token of the worker, as `porras apitoken` prints it."""
    import io

    from django.core.management import call_command

    def _token(worker) -> str:
        out = io.StringIO()
        call_command("apitoken", worker.username, stdout=out)
        return out.getvalue().strip()

    return _token


@pytest.fixture
def api_client_for(api_token_for):
    """A REST client authenticated with the worker's API token, as integrations call."""
    from rest_framework.test import APIClient

    def _for(worker):
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(worker)}")
        return api

    return _for


@pytest.fixture
def make_client(org):
    """A client of the test county, related to `team` (and `worker`) as `kind`."""

    def _make(kind=ClientRelation.RESPONSIBLE, team=None, worker=None, **fields) -> Client:
        client = ClientFactory(county=org.county, created_by=org.guidance, **fields)
        if kind:
            ClientRelationshipFactory(
                client=client, kind=kind, team=team or org.team, worker=worker
            )
        return client

    return _make


@pytest.fixture
def kuopio_client(org, make_client):
    """A client whose responsible worker is the Kuopio team's counsellor."""
    return make_client(
        worker=org.counsellor,
        first_name="Matti",
        last_name="Meikäläinen",
        street_address="Salainenkatu 13 B 7",
        postal_code="70100",
        post_office="KUOPIO",
        phone="040 123 4567",
    )


@pytest.fixture
def kuopio(org):
    """The municipality the Kuopio team serves."""
    return Municipality.objects.get(team_areas__team=org.team)


@pytest.fixture
def duty(org, this_monday):
    """This week's duty pair of the test team: social_worker + counsellor."""
    from porras.synth.factories import DutyPairFactory

    return DutyPairFactory(
        team=org.team,
        week_start=this_monday,
        social_worker=org.social_worker,
        counsellor=org.counsellor,
        planned_by=org.manager,
    )


@pytest.fixture
def case(org, kuopio, duty):
    """A case of the test team: forwarded, assessed (B), given to counsellor2; this week's
    duty pair is social_worker + counsellor."""
    from porras.casework import services
    from porras.intake import services as intake_services
    from tests.intake.conftest import helsinki

    item, _ = intake_services.item_receive(
        county=org.county,
        acting_user=org.guidance,
        kind="contact",
        channel="phone",
        received_at=helsinki(2026, 11, 24, 9, 0),
        description="Tarvitsee tukea",
        client=intake_services.ClientRef(
            hetu="131052-308T",
            first_name="Liisa",
            last_name="Testinen",
            details={"municipality": kuopio},
        ),
    )
    intake_services.item_claim(item=item, acting_user=org.guidance)
    intake_services.urgency_assess(item=item, acting_user=org.guidance, urgency="not_urgent")
    intake_services.item_forward(item=item, acting_user=org.guidance)
    services.support_need_assess(
        item=item,
        acting_user=org.counsellor,
        special_difficulty=False,
        broad_need=True,
        reasons="Talous",
    )
    return services.case_assign(
        item=item, worker=org.counsellor2, acting_user=org.counsellor, reason="Tuttu asiakas"
    )


def body_bytes(response) -> bytes:
    """A response's body, whether it was streamed (CSV extracts) or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content
