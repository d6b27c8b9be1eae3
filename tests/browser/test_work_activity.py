"""Rehabilitative work activity in the browser: the organiser records a week with one
absence, the counsellor sees the notice at once and marks the employment authority told.
axe on the organiser's pages and the plan's."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from porras.activation import services
from porras.activation.models import Attendance, Organiser, OrganiserStaff, Place
from porras.people.models import Role
from porras.synth.factories import WorkerFactory
from tests.activation.conftest import make_activation, plan_input
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_organiser_records_a_week_and_the_counsellor_sees_the_absence(page, org, case):
    organiser = Organiser.objects.create(county=org.county, name="Kierrätyskeskus ry", kind="ngo")
    place = Place.objects.create(organiser=organiser, name="Kierrätyspaja")
    staff = WorkerFactory(
        username="kierratys", role=Role.ORGANISER, county=org.county, teams=[], first_name="Jaana"
    )
    OrganiserStaff.objects.create(organiser=organiser, worker=staff)
    make_activation(case, org)
    services.work_plan_make(case=case, data=plan_input(place), acting_user=org.counsellor2)

    log_in(page, staff.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Osallistujat: Kierrätyskeskus ry")
    assert_accessible(page)
    page.get_by_role("link", name="Testinen Liisa").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("viikko 48")
    assert_accessible(page)
    page.get_by_label("maanantai 23.11.: Läsnäolo").select_option("present")
    page.get_by_label("tiistai 24.11.: Läsnäolo").select_option("absent")
    page.get_by_label("tiistai 24.11.: Poissaolon syy").select_option("illness")
    page.get_by_label("tiistai 24.11.: Huomautus").fill("Soitti aamulla")
    page.get_by_label("keskiviikko 25.11.: Läsnäolo").select_option("present")
    page.get_by_label("keskiviikko 25.11.: Tunnit").fill("5,5")
    page.get_by_role("button", name="Tallenna viikko").click()
    expect(page.get_by_role("status")).to_contain_text("Viikon läsnäolot tallennettiin.")
    assert Attendance.objects.count() == 3
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, org.counsellor2.username)
    notice = page.get_by_role(
        "link", name="Työtoimintapaikan Kierrätyspaja osallistuja oli poissa 24.11.2026 (sairaus)."
    )
    expect(notice).to_be_visible()
    notice.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Työtoimintasuunnitelma: Kierrätyspaja"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Merkitse ilmoitetuksi").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Merkitty ilmoitetuksi työvoimaviranomaiselle."
    )
    assert Attendance.objects.get(present=False).authority_informed_on == dt.date(2026, 11, 25)
    page.get_by_role("link", name="Työtoiminta", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kuntouttava työtoiminta")
    assert_accessible(page)
    assert not page.console_errors, page.console_errors
