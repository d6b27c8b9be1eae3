"""The staff UI as people use it: log in, switch language, plan the rota, enter absences."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from porras.people.models import DutyPair, Role, Team
from porras.synth.generator import generate_county
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    return generate_county(size="small", seed=1)


def first_login(demo, role):
    return next(login for login in demo.logins if login.role == role)


def test_login_page_is_finnish_and_accessible(page, demo):
    page.goto("/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu Porrakseen")
    assert_accessible(page)
    page.get_by_label("Käyttäjätunnus").fill("ei-ketaan")
    page.get_by_label("Salasana").fill("väärä")
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Käyttäjätunnus tai salasana on väärin")
    expect(page.get_by_label("Käyttäjätunnus")).to_have_value("ei-ketaan")
    assert_accessible(page)


@pytest.mark.parametrize("role", [r.value for r in Role if r != Role.ORGANISER])
def test_every_demo_login_reaches_its_front_page_in_finnish(page, demo, role):
    login = first_login(demo, role)
    log_in(page, login.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Oma työ")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.get_by_role("heading", name="Päivystysvuorossa tällä viikolla")).to_be_visible()
    assert_accessible(page)
    assert not page.console_errors


def test_an_organiser_login_lands_on_their_participants(page, demo):
    log_in(page, first_login(demo, Role.ORGANISER).username)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Osallistujat: ")
    menu = page.get_by_role("navigation", name="Päävalikko")
    expect(menu.get_by_role("link")).to_have_text(["Osallistujat"])
    assert_accessible(page)
    assert not page.console_errors


def test_switching_language_translates_the_whole_page(page, demo):
    log_in(page, first_login(demo, "manager").username)
    page.get_by_role("button", name="Svenska").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitt arbete")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    body = page.locator("main").inner_text() + page.locator("header").inner_text()
    for finnish in ("Oma työ", "Poissaolot", "Kirjaudu ulos", "Päivystysvuoro", "Tiimin jäsenet"):
        assert finnish not in body
    assert_accessible(page)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    expect(page.get_by_role("link", name="Absences")).to_be_visible()
    page.get_by_role("button", name="Suomi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Oma työ")


def test_manager_plans_eight_weeks_of_duty_pairs(page, demo, this_monday):
    manager = first_login(demo, "manager")
    team = Team.objects.get(pk=manager.team)
    DutyPair.objects.filter(team=team).delete()
    log_in(page, manager.username)
    page.get_by_role("link", name="Suunnittele päivystysvuorot").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Suunnittele päivystysvuorot")
    assert_accessible(page)
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(8)
    for n in range(8):
        week = (this_monday + dt.timedelta(weeks=n)).isocalendar().week
        for label in (f"Sosiaalityöntekijä, viikko {week}", f"Sosiaaliohjaaja, viikko {week}"):
            select = page.get_by_label(label, exact=True)
            # Pick the first member who is not absent that week: try options in turn.
            options = select.locator("option").all()
            select.select_option(options[1 + n % (len(options) - 1)].get_attribute("value"))
    page.get_by_role("button", name="Tallenna päivystysvuorot").click()
    # An absent member may have been picked: the page says which week and why.
    while page.get_by_text("Päivystysvuoroja ei tallennettu").is_visible():
        assert_accessible(page)
        invalid = page.locator("tr.rota__invalid").first
        for select in invalid.locator("select").all():
            values = [o.get_attribute("value") for o in select.locator("option").all()][1:]
            current = select.input_value()
            select.select_option(values[(values.index(current) + 1) % len(values)])
        page.get_by_role("button", name="Tallenna päivystysvuorot").click()
    expect(page.get_by_role("status")).to_contain_text("Päivystysvuorot tallennettiin.")
    assert DutyPair.objects.filter(team=team).count() == 8
    assert_accessible(page)


def test_counsellor_cannot_open_rota_planning(page, demo):
    counsellor = first_login(demo, "counsellor")
    log_in(page, counsellor.username)
    response = page.goto(f"/teams/{counsellor.team}/rota/plan/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Ei käyttöoikeutta")
    assert_accessible(page)


def test_absence_entry_with_a_mistake_then_corrected(page, demo):
    log_in(page, first_login(demo, "guidance").username)
    page.get_by_role("link", name="Poissaolot").click()
    assert_accessible(page)
    page.get_by_label("Ensimmäinen päivä").fill("2027-01-20")
    page.get_by_label("Viimeinen päivä").fill("2027-01-10")
    page.get_by_label("Huomautus").fill("Koulutusmatka")
    page.get_by_role("button", name="Tallenna poissaolo").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Viimeinen päivä ei voi olla ennen ensimmäistä päivää."
    )
    expect(page.get_by_label("Huomautus")).to_have_value("Koulutusmatka")
    assert_accessible(page)
    page.get_by_label("Viimeinen päivä").fill("2027-01-22")
    page.get_by_label("Laji").select_option("training")
    page.get_by_role("button", name="Tallenna poissaolo").click()
    expect(page.get_by_role("status")).to_contain_text("Poissaolo tallennettiin.")
    expect(page.get_by_role("cell", name="Koulutus: Koulutusmatka")).to_be_visible()
    assert_accessible(page)


def test_rota_page_is_accessible(page, demo):
    member = first_login(demo, "social_worker")
    log_in(page, member.username)
    page.goto(f"/teams/{member.team}/rota/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Päivystysvuorot")
    assert_accessible(page)


def test_keyboard_user_can_skip_to_content(page, demo):
    log_in(page, first_login(demo, "counsellor").username)
    page.keyboard.press("Tab")
    # (Playwright's to_be_focused needs a focused window, which headless lacks.)
    assert page.evaluate("document.activeElement.textContent") == "Siirry sisältöön"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_a_worker_creates_a_token_once_and_revokes_it(page, demo):
    log_in(page, first_login(demo, Role.COUNSELLOR).username)
    page.get_by_role("link", name="API-avaimet").click()
    assert_accessible(page)
    page.get_by_label("Nimi").fill("Sähköinen asiointi")
    page.get_by_role("button", name="Luo avain").click()
    secret = page.locator(".token-secret").inner_text()
    assert secret.startswith("porras_")
    assert_accessible(page)
    page.goto("/account/api-tokens/")
    expect(page.get_by_text(secret)).to_have_count(0)  # never shown again
    page.get_by_role("button", name="Mitätöi Sähköinen asiointi").click()
    expect(page.get_by_role("status")).to_contain_text("Avain mitätöitiin")
    expect(page.get_by_text("Sinulla ei ole API-avaimia.")).to_be_visible()


def test_repeated_wrong_passwords_lock_the_sign_in_with_a_finnish_page(page, demo):
    username = first_login(demo, Role.GUIDANCE).username
    for _ in range(5):
        page.goto("/login/")
        page.get_by_label("Käyttäjätunnus").fill(username)
        page.get_by_label("Salasana").fill("väärä salasana")
        page.get_by_role("button", name="Kirjaudu", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjautuminen on lukittu hetkeksi")
    expect(page.get_by_role("alert")).to_contain_text("15 minuutin kuluttua")
    assert_accessible(page)
