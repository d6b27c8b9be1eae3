"""The worker's desk in the browser: own list, client overview, the reader's language, a
manager's table that fits the screen, and axe-clean diagrams and configuration pages."""

import pytest
from playwright.sync_api import expect

from porras.casework.models import Case, CaseStatus
from porras.handbook.models import Process
from porras.intake.models import IntakeItem, Status
from porras.people.models import Notification, Role, Worker
from porras.synth.generator import generate_county
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    return generate_county(size="small", seed=1).county


def test_the_guidance_worker_finds_their_matter_and_the_client_overview(page, demo):
    held = IntakeItem.objects.filter(
        county=demo, status=Status.IN_GUIDANCE, track="guidance"
    ).first()
    log_in(page, held.claimed_by.username)
    own = page.get_by_role("heading", name="Omat asiat ja asiakkuudet")
    expect(own).to_be_visible()
    link = page.locator(f'a[href="/intake/items/{held.pk}/"]').first
    expect(link).to_be_visible()
    assert_accessible(page)
    link.click()
    page.get_by_role("link", name="Asiakkaan perustiedot").first.click()
    page.get_by_role("link", name="Kaikki asiakkaan asiat ja asiakkuudet").click()
    expect(page.get_by_role("heading", name="Asiat", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Historia")).to_be_visible()
    assert_accessible(page)


def test_a_notification_and_a_reason_read_in_swedish(page, demo):
    note = Notification.objects.filter(recipient__county=demo, kind="case_assigned").first()
    log_in(page, note.recipient.username)
    expect(page.get_by_text("Olet uuden asiakkuuden vastuutyöntekijä").first).to_be_visible()
    page.get_by_role("button", name="Svenska").click()
    expect(page.get_by_text("Du är ansvarig arbetstagare").first).to_be_visible()
    case = Case.objects.filter(responsible=note.recipient, status=CaseStatus.OPEN).first()
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_text("Lägsta belastning per årsverke").first).to_be_visible()
    assert_accessible(page)


def test_the_workload_table_fits_a_laptop_screen(page, demo):
    page.set_viewport_size({"width": 1366, "height": 768})
    manager = Worker.objects.filter(county=demo, role=Role.MANAGER).first()
    log_in(page, manager.username)
    page.goto("/workload/")
    table = page.locator("table.workload")
    box = page.locator(".table-scroll")
    width, room = table.evaluate("t => t.scrollWidth"), box.evaluate("b => b.clientWidth")
    assert width <= room, (width, room)
    for button in page.get_by_role("button", name="Siirrä asiakkuudet").all():
        assert button.bounding_box()["height"] < 60  # one or two lines, not a letter a line
    assert_accessible(page)


def test_the_handbook_diagram_and_the_configuration_are_axe_clean(page, demo):
    owner = Worker.objects.get(county=demo, role=Role.PROCESS_OWNER)
    process = Process.objects.filter(county=demo, status="published").first()
    log_in(page, owner.username)
    page.goto(f"/handbook/{process.pk}/")
    expect(page.locator("#diagram-canvas")).to_have_attribute("data-rendered", "true")
    assert_accessible(page)  # the diagram included
    page.get_by_role("button", name="Kirjaudu ulos").click()
    admin = Worker.objects.get(county=demo, role=Role.ADMIN)
    log_in(page, admin.username)
    page.goto("/admin/")
    assert_accessible(page)
    # Every list and add form the configuration offers, and a team's own page.
    pages = {
        link.get_attribute("href")
        for link in page.locator("#content-main a").all()
        if link.get_attribute("href").startswith("/admin/")
    }
    team = Worker.objects.filter(county=demo, role=Role.MANAGER).first().teams.first()
    pages.add(f"/admin/people/team/{team.pk}/change/")
    assert len(pages) > 20
    for address in sorted(pages):
        page.goto(address)
        assert_accessible(page)


def test_the_officers_search_and_downloads_never_carry_an_identity_code(page, demo):
    from porras.clients.models import Client

    client = Client.objects.filter(county=demo, hetu__isnull=False).first()
    addresses = []
    page.on("request", lambda request: addresses.append(request.url))
    officer = Worker.objects.get(county=demo, role=Role.DATA_PROTECTION)
    log_in(page, officer.username)
    page.get_by_role("link", name="Käyttöloki").click()
    page.get_by_label("Asiakkaan henkilötunnus").fill(client.hetu)
    page.get_by_role("button", name="Hae", exact=True).click()
    expect(page.get_by_role("heading", name="Asiakkaan lokiote")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF suomeksi").click()
    assert client.hetu not in download.value.suggested_filename
    assert not [address for address in addresses if client.hetu in address]
