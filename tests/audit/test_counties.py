"""One county never sees another's: two generated counties, every role of one crawls
its pages, exports and API, and tries the other's addresses directly."""

import re
from urllib.parse import urljoin, urlparse

from django.test import Client as Browser

from porras.activation.models import Organiser, WorkActivityPlan
from porras.audit.models import AccessLogEntry
from porras.casework.models import Case
from porras.clients.models import Client
from porras.handbook.models import Process
from porras.intake.models import IntakeItem
from porras.people.models import Role, Team, Worker
from porras.synth.generator import generate_county
from tests.conftest import body_bytes, password_login

LINK = re.compile(r'href="([^"#]+)"')
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
HETU = re.compile(r"\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]")
SKIP = ("/logout/", "/static/", "/api/v1/docs/", "mailto:", "/i18n/")
PAGES_PER_ROLE = 120


def signed_in(login) -> Browser:
    browser = Browser()
    assert password_login(browser, login.username, login.password)
    return browser


def secrets_of(county):
    """What of the other county must never show: its identity codes, ids and names."""
    ids = {str(pk) for pk in Client.objects.filter(county=county).values_list("pk", flat=True)}
    ids |= {str(pk) for pk in IntakeItem.objects.filter(county=county).values_list("pk", flat=True)}
    ids |= {str(pk) for pk in Case.objects.filter(county=county).values_list("pk", flat=True)}
    ids |= {str(pk) for pk in Team.objects.filter(county=county).values_list("pk", flat=True)}
    ids |= {str(pk) for pk in Process.objects.filter(county=county).values_list("pk", flat=True)}
    ids |= {
        str(pk)
        for pk in WorkActivityPlan.objects.filter(county=county).values_list("pk", flat=True)
    }
    ids |= {str(pk) for pk in Organiser.objects.filter(county=county).values_list("pk", flat=True)}
    hetus = set(
        Client.objects.filter(county=county, hetu__isnull=False).values_list("hetu", flat=True)
    )
    names = {county.name, *Team.objects.filter(county=county).values_list("name", flat=True)}
    return ids, hetus, names


def leaks(body: str, secrets, asked: str) -> set[str]:
    """The other county's facts in a response, beyond what the address itself named."""
    ids, hetus, names = secrets
    found = (set(UUID.findall(body)) & ids) | (set(HETU.findall(body)) & hetus)
    return {fact for fact in found if fact not in asked} | {n for n in names if n in body}


def direct_addresses(other):
    """The other county's records, asked for by address as an attacker would."""
    client = Client.objects.filter(county=other, hetu__isnull=False).first()
    item = IntakeItem.objects.filter(county=other).first()
    case = Case.objects.filter(county=other).first()
    team = Team.objects.filter(county=other).first()
    process = Process.objects.filter(county=other).first()
    worker = Worker.objects.filter(county=other, role=Role.COUNSELLOR).first()
    entry = AccessLogEntry.objects.filter(county_id=other.pk).first()
    plan = WorkActivityPlan.objects.filter(county=other).first()
    return [
        f"/activation/plans/{plan.pk}/",
        f"/activation/plans/{plan.pk}/week/2026-11-23/",
        f"/activation/cases/{plan.case_id}/",
        f"/activation/organisers/{plan.place.organiser_id}/",
        f"/activation/organisers/{plan.place.organiser_id}/report/2026-11/",
        f"/activation/places/{plan.place_id}/",
        f"/api/v1/activation/plans/{plan.pk}/",
        f"/clients/{client.pk}/",
        f"/clients/{client.pk}/edit/",
        f"/intake/items/{item.pk}/",
        f"/cases/{case.pk}/",
        f"/distribution/?team={team.pk}",
        f"/intake/?team={team.pk}",
        f"/teams/{team.pk}/rota/",
        f"/handbook/{process.pk}/",
        f"/audit/?client={client.pk}",
        f"/audit/?username={worker.username}",
        f"/audit/review/{entry.pk}/",
        f"/audit/extract/{client.pk}/?lang=fi&format=csv",
        f"/api/v1/clients/{client.pk}/",
        f"/api/v1/intake/items/{item.pk}/",
        f"/api/v1/cases/{case.pk}/",
        f"/api/v1/distribution/teams/{team.pk}/board/",
        f"/api/v1/audit/access-log/?client={client.pk}",
        "/api/v1/teams/",
        "/admin/people/worker/",
        "/admin/people/team/",
        "/admin/people/county/",
        f"/admin/people/team/{team.pk}/change/",
    ]


def use_the_other_county(other):
    """The other county works: its reads and a flagged access fill its access log."""
    counsellor = Worker.objects.filter(county=other, role=Role.COUNSELLOR).first()
    browser = Browser()
    browser.force_login(counsellor)
    for client in Client.objects.filter(county=other)[:5]:
        browser.get(f"/clients/{client.pk}/")
        browser.post(
            f"/clients/{client.pk}/reason/",
            {"kind": "other_task", "explanation": "Toisen hyvinvointialueen tarkistus."},
        )
    assert AccessLogEntry.objects.filter(county_id=other.pk, flagged=True).exists()


def test_no_role_of_one_county_sees_anything_of_another(db):
    home = generate_county(seed=5, region="pohjois-savo")
    other = generate_county(seed=6, region="etela-pohjanmaa").county
    use_the_other_county(other)
    secrets = secrets_of(other)
    direct = direct_addresses(other)
    for role in Role:
        login = next(entry for entry in home.logins if entry.role == role)
        browser = signed_in(login)
        seen, queue = set(), ["/", *direct]
        while queue and len(seen) < PAGES_PER_ROLE + len(direct):
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            response = browser.get(url)
            assert response.status_code < 500, (role, url)
            body = body_bytes(response).decode("utf-8", errors="replace")
            # An id the attacker typed may echo back (e.g. "no team with id …"): not a leak.
            asked = " ".join(seen)
            assert not leaks(body, secrets, asked), (role, url, leaks(body, secrets, asked))
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for href in LINK.findall(body):
                target = urljoin(url, href.replace("&amp;", "&"))
                if urlparse(target).netloc or target.startswith(SKIP):
                    continue
                queue.append(target)
