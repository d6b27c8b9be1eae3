"""Every address of Porras, as every role, with a generated county's data: each client a
response shows has its access-log entry with the right purpose, and a non-disclosure
client's address, phone and e-mail appear only for their own workers.

The addresses come from the URL configuration itself, so a new page or endpoint is
crawled without anyone adding it here; an address whose parameters this test cannot
fill fails it, naming the parameter.
"""

import datetime as dt
import io
import itertools
import re
from dataclasses import dataclass, field
from urllib.parse import unquote_plus, urljoin, urlparse

import pytest
from django.test import Client as Browser
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pypdf import PdfReader

from porras.activation.models import Attendance, Organiser, WorkActivityPlan
from porras.audit.models import AccessLogEntry
from porras.benefits.models import Payment
from porras.casework.models import Case, CaseStatus, PlanStatus
from porras.clients import selectors as client_selectors
from porras.clients.models import Client
from porras.core import clock
from porras.decisions.models import Decision
from porras.handbook.models import Document, Process
from porras.intake import services as intake_services
from porras.intake.models import IntakeItem, Status
from porras.people.models import Absence, DutyPair, Role, Worker
from porras.people.permissions import PROTECTED_CONTACT_PURPOSES, AccessPurpose
from porras.synth.generator import generate_county
from tests.conftest import body_bytes

PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
HETU = re.compile(r"\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]")
LINK = re.compile(r'href="([^"#]+)"')
ADMIN_PAGES = 150  # the admin is crawled by its links, as its routes are generated
LINKED_PAGES = 80  # then the links the pages offer (query variants, other records)
NOT_FOLLOWED = ("/admin/", "/static/", "/logout/", "/i18n/", "mailto:")


@dataclass
class County:
    """The generated county and the records each parameter is filled with."""

    workers: dict  # role → the worker who crawls as that role
    values: dict  # parameter name → values
    queries: dict  # route name → extra query strings
    protected: Client  # a non-disclosure client other teams' roles see by a ground
    clients: list = field(default_factory=list)
    posts: dict = field(default_factory=dict)  # searches that are posted: route name → data


def _generated() -> County:
    county = generate_county(size="small", seed=11).county
    home, other = list(county.teams.order_by("name")[:2])
    pair = DutyPair.objects.get(team=home, week_start=clock.week_start(clock.today()))
    guidance = Worker.objects.filter(role=Role.GUIDANCE, memberships__team=home).first()
    staff = {
        role: Worker.objects.filter(county=county, role=role).order_by("username").first()
        for role in Role
    }
    staff |= {
        Role.SOCIAL_WORKER: pair.social_worker,
        Role.COUNSELLOR: pair.counsellor,
        Role.GUIDANCE: guidance,
        Role.MANAGER: Worker.objects.get(role=Role.MANAGER, memberships__team=home),
        Role.BENEFIT_HANDLER: Worker.objects.filter(
            role=Role.BENEFIT_HANDLER, memberships__team=home
        ).first(),
    }
    # A non-disclosure client whose case has gone through the case file (appointments,
    # assessment, plan, packages, narrative) and with a new matter in the home team's
    # queue: the team sees them, nobody but their workers may see where they live.
    case_home = (
        Case.objects.filter(
            team=home,
            status=CaseStatus.OPEN,
            plans__status=PlanStatus.IN_FORCE,
            narrative__isnull=False,
            packages__isnull=False,
            client__hetu__isnull=False,
        )
        .distinct()
        .first()
    )
    protected = case_home.client
    protected.non_disclosure = True
    protected.street_address, protected.phone = "Salaisenpolku 77 B 5", "044 765 4321"
    protected.email = "salainen.osoite@example.fi"
    protected.save()
    item, _created = intake_services.item_receive(
        county=county,
        acting_user=guidance,
        kind="contact",
        channel="phone",
        received_at=clock.now(),
        description="Yhteydenotto.",
        client=intake_services.ClientRef(hetu=protected.hetu),
        team=home,
    )
    # An income support application of theirs in the benefit handlers' queue, and one
    # decided and paid earlier in the quarter.
    application, _created = intake_services.item_receive(
        county=county,
        acting_user=guidance,
        kind="application_supplementary",
        channel="e_service",
        received_at=clock.now(),
        description="Hakemus: lääkkeet.",
        client=intake_services.ClientRef(hetu=protected.hetu),
        team=home,
    )
    paid = Payment.objects.filter(county=county, batch__isnull=False).select_related("decision")
    commitment = paid.filter(payee_kind="pharmacy").first() or paid.first()
    decided = IntakeItem.objects.get(pk=commitment.decision.item_id)
    # A service decision in the protected client's case, as its worker made it.
    case_decision = Decision.objects.create(
        county=county,
        client=protected,
        case_id=case_home.pk,
        decision_type="service",
        outcome="granted",
        legal_bases=["shl_45"],
        reasoning="Kuntouttava työtoiminta myönnetään suunnitelman mukaan.",
        pending_since=clock.today(),
        implementation_due=clock.today() + dt.timedelta(days=90),
        decided_on=clock.today(),
        decided_by=case_home.responsible,
        decided_by_role=case_home.responsible.role,
        created_at=clock.now(),
    )
    another_home = Case.objects.filter(team=home, status=CaseStatus.OPEN).exclude(pk=case_home.pk)
    closed = Case.objects.filter(status=CaseStatus.CLOSED).first()
    case_other = Case.objects.filter(team=other, status=CaseStatus.OPEN).first()
    forwarded = IntakeItem.objects.filter(team=home, status=Status.FORWARDED).first()
    other_item = IntakeItem.objects.filter(team=other).first()
    process = Process.objects.filter(county=county, status="published").first()
    # Flagged entries for the officer's review pages: a stated reason from another team.
    outsider = Worker.objects.filter(role=Role.COUNSELLOR, memberships__team=other).first()
    browser = Browser()
    browser.force_login(outsider)
    browser.post(
        f"/clients/{case_home.client_id}/reason/",
        {"kind": "other_task", "explanation": "Selvitän asiakkaan aiempaa asiaa."},
    )
    flagged = AccessLogEntry.objects.filter(flagged=True).first()
    # Work activity: a period of the home team (absences recorded), and another's.
    plans = list(WorkActivityPlan.objects.filter(county=county).order_by("starts_on"))
    absence = Attendance.objects.filter(plan__county=county, present=False).first()
    return County(
        workers=staff,
        values={
            "client_id": [protected.pk, another_home.first().client_id, case_other.client_id],
            "item_id": [
                item.pk,
                application.pk,
                decided.pk,
                forwarded.pk if forwarded else item.pk,
                other_item.pk,
            ],
            "payment_id": [commitment.pk],
            "decision_id": [case_decision.pk],
            "batch_id": [commitment.batch_id],
            "file_format": ["pain001", "csv"],
            "case_id": [case_home.pk, case_other.pk, closed.pk],
            "appointment_id": list(case_home.appointments.values_list("pk", flat=True)[:2]),
            "assessment_id": [case_home.service_need_assessments.first().pk],
            "number": [case_home.plans.first().number],
            "language": ["fi", "sv"],
            "package_id": [case_home.packages.first().pk],
            "uuid:entry_id": [case_home.narrative.first().pk],
            "team_id": [home.pk, other.pk],
            "worker_id": [pair.counsellor.pk],
            "absence_id": [Absence.objects.filter(worker__county=county).first().pk],
            "entry_id": [flagged.pk],
            "obj_id": [process.pk],
            "document_id": [Document.objects.filter(county=county).first().pk],
            "note_id": [1],
            "plan_id": [p.pk for p in plans[:3]],
            "activation_id": [plans[0].activation_plan_id],
            "attendance_id": [absence.pk],
            "organiser_id": list(
                Organiser.objects.filter(county=county).values_list("pk", flat=True)[:2]
            ),
            "place_id": [plans[0].place_id],
            "monday": [clock.week_start(clock.today()).isoformat(), "2026-11-02"],
            "month": ["2026-11", "2026-10"],
            "action": ["claim", "assign", "reassess"],
        },
        queries={
            "audit:search": [
                f"client={protected.pk}",
                f"username={outsider.username}",
            ],
            "audit:extract": ["format=csv&lang=fi", "format=pdf&lang=sv", "format=html&lang=fi"],
            "intake:queue": [f"team={home.pk}", f"team={other.pk}", "status=forwarded"],
            "benefits:queue": ["show=late", "show=mine"],
            "casework:board": [f"team={home.pk}"],
            "handbook:index": ["q=palvelu"],
            "api-access-log": [f"client={protected.pk}"],
            "activation:plan": ["month=2026-11", "month=2026-10"],
            "activation:allowances": ["month=2026-11"],
        },
        protected=protected,
        clients=list(Client.objects.filter(county=county)),
        posts={
            "clients:search": [{"q": protected.last_name}, {"q": another_home.first().client.hetu}],
            "audit:search": [{"hetu": protected.hetu}],
        },
    )


def routes():
    """(route, name) of every address outside the admin, from the URL configuration."""

    def walk(resolver, prefix="", namespace=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin":
                    continue
                space = entry.namespace or namespace
                yield from walk(entry, prefix + str(entry.pattern), space)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                yield prefix + str(entry.pattern), name

    return list(walk(get_resolver()))


def addresses(county: County):
    """Every route with its parameters filled (a few combinations) and its query variants."""
    for route, name in routes():
        names = PARAMETER.findall(route)
        choices = []
        for converter, parameter in names:
            key = "document_id" if route.startswith("handbook/documents/") else parameter
            if f"{converter}:{parameter}" in county.values:
                key = f"{converter}:{parameter}"
            assert key in county.values, f"no test value for <{parameter}> in {route}: add one"
            choices.append(county.values[key])
        for combination in itertools.islice(itertools.product(*choices), 5):
            values = iter(combination)
            path = "/" + PARAMETER.sub(lambda _m, v=values: str(next(v)), route)
            yield name, path
            for query in county.queries.get(name, []):
                yield name, f"{path}?{query}"


def text_of(response) -> str:
    if response.get("Content-Type", "").startswith("application/pdf"):
        return "\n".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        )
    return body_bytes(response).decode("utf-8", errors="replace")


@dataclass
class Findings:
    unlogged: list = field(default_factory=list)
    leaks: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    protected_seen_ok: int = 0


def check(response, url, worker, county, names, findings) -> str:
    if response.status_code >= 500:
        findings.errors.append((worker.role, url, response.status_code))
        return ""
    body = text_of(response)
    asked = unquote_plus(url)  # what the user typed (a search term) echoes: not shown data
    shown = {
        client.pk
        for client in county.clients
        if client.hetu and client.hetu in body and client.hetu not in asked
    }
    shown |= {pk for name, pk in names.items() if name in body and name not in asked}
    if shown:
        entries = list(
            AccessLogEntry.objects.filter(request_id=response["X-Request-ID"], outcome="granted")
        )
    for client_id in shown:
        client = next(c for c in county.clients if c.pk == client_id)
        history = set(client_selectors.client_history_ids(client))
        purposes = {e.purpose for e in entries if e.client_id in history}
        expected = (
            {AccessPurpose.SUPERVISION}
            if worker.role == Role.DATA_PROTECTION
            else {AccessPurpose.WORK_ACTIVITY}
            if worker.role == Role.ORGANISER
            else {AccessPurpose.PAYMENT_RUN}
            if "/benefits/payments/" in url
            else {client_selectors.decide_access(worker, client).purpose}
        )
        if not purposes & expected:
            findings.unlogged.append((worker.role, url, client.display_name, purposes, expected))
    protected = county.protected
    own = client_selectors.decide_access(worker, protected).purpose in PROTECTED_CONTACT_PURPOSES
    contact = (protected.street_address, protected.phone, protected.email)
    if not own and any(value in body for value in contact):
        findings.leaks.append((worker.role, url, response.status_code))
    if response.status_code == 200 and protected.hetu in body:
        findings.protected_seen_ok += 1
    return body


def unique_names(county: County) -> dict:
    """Client names that identify one client and no worker (names may repeat)."""
    counts = {}
    for client in county.clients:
        if client.first_name and client.last_name:
            counts.setdefault(client.display_name, []).append(client.pk)
    workers = set()
    for worker in Worker.objects.all():
        workers |= {
            f"{worker.last_name} {worker.first_name}",
            f"{worker.first_name} {worker.last_name}",
        }
    return {name: ids[0] for name, ids in counts.items() if len(ids) == 1 and name not in workers}


def links(body: str, url: str) -> list[str]:
    found = []
    for href in LINK.findall(body):
        target = urljoin(url, href.replace("&amp;", "&"))
        if not urlparse(target).netloc:
            found.append(target)
    return found


@pytest.fixture
def county(db) -> County:
    return _generated()


def test_every_page_logs_the_clients_it_shows_and_hides_protected_contact(county):
    names = unique_names(county)
    findings = Findings()
    crawled = set()
    every = list(addresses(county))
    for role, worker in county.workers.items():
        browser = Browser()
        browser.force_login(worker)
        seen_protected_before = findings.protected_seen_ok
        offered, visited = [], set()
        for name, url in every:
            crawled.add(name)
            visited.add(url)
            offered += links(check(browser.get(url), url, worker, county, names, findings), url)
        for name, forms in county.posts.items():
            for data in forms:
                url = reverse(name)
                posted = browser.post(url, data, follow=True)
                check(posted, f"POST {url} {data}", worker, county, names, findings)
        followed = 0
        for url in offered:
            if url in visited or url.startswith(NOT_FOLLOWED) or followed >= LINKED_PAGES:
                continue
            visited.add(url)
            followed += 1
            check(browser.get(url), url, worker, county, names, findings)
        if role == Role.ADMIN:
            queue, visited = ["/admin/"], set()
            while queue and len(visited) < ADMIN_PAGES:
                url = queue.pop(0)
                if url in visited or "/logout/" in url:
                    continue
                visited.add(url)
                body = check(browser.get(url), url, worker, county, names, findings)
                queue += [link for link in links(body, url) if link.startswith("/admin/")]
            assert len(visited) > 40, "the admin crawl reached too few pages"
        if client_selectors.decide_access(worker, county.protected).allowed:
            # The no-leak check means something only where the client is really shown.
            assert findings.protected_seen_ok > seen_protected_before, role
    assert not findings.errors, findings.errors
    assert not findings.unlogged, findings.unlogged[:10]
    assert not findings.leaks, findings.leaks
    assert crawled == {name for _route, name in routes()}
    undeclared = AccessLogEntry.objects.filter(purpose=AccessPurpose.UNDECLARED)
    assert not undeclared.exists(), list(undeclared.values_list("record_type", "path")[:10])
