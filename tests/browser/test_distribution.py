"""The duty pair works the distribution board in the browser: forwarded item → case."""

import pytest
from playwright.sync_api import expect

from porras.casework.models import Case
from porras.core import clock
from porras.intake.models import IntakeItem, Status
from porras.people.models import DutyPair
from porras.synth.generator import generate_county
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_duty_pair_distributes_a_forwarded_matter(page, transactional_db):
    county = generate_county(size="small", seed=1).county
    pair = DutyPair.objects.filter(
        team__county=county, week_start=clock.week_start(clock.today())
    ).first()
    item = IntakeItem.objects.filter(team=pair.team, status=Status.FORWARDED).first()
    assert item is not None
    log_in(page, pair.social_worker.username)
    page.get_by_role("link", name="Jakelu").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jakelu")
    assert_accessible(page)
    card = page.locator(f"#i{item.pk.hex[:12]}")
    card.locator("label", has_text="Erityisiä vaikeuksia hakea").click()
    card.locator("label", has_text="Useita tai pitkäkestoisia tarpeita").click()
    card.get_by_label("Perustelut").fill("Päihteet, asunnottomuus ja velat.")
    card.get_by_role("button", name="Tallenna arvio").click()
    card = page.locator(f"#i{item.pk.hex[:12]}")
    expect(card.get_by_text("Suositus:")).to_be_visible()
    assert_accessible(page)
    card.get_by_role("button", name="Avaa asiakkuus").click()
    expect(page.get_by_role("status")).to_contain_text("Asiakkuus avattu")
    case = Case.objects.get(origin_items=item)
    assert case.quadrant == "D" and case.responsible.public_office
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Asiakkuus")
    assert_accessible(page)


def test_manager_reads_the_workload(page, transactional_db):
    county = generate_county(size="small", seed=1).county
    manager = county.workers.filter(role="manager").order_by("username").first()
    log_in(page, manager.username)
    page.get_by_role("link", name="Tiimin kuormitus").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kuormitus")
    assert page.locator("tbody tr").count() >= 5
    assert_accessible(page)
