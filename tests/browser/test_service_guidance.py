"""Service guidance in the browser: from the queue to resolved and to forwarded."""

import pytest
from playwright.sync_api import expect

from porras.eventlog.models import Event
from porras.intake.models import IntakeItem
from porras.people.models import Role, Worker
from porras.synth.generator import generate_county
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def guidance(transactional_db):
    generate_county(size="small", seed=1)
    worker = Worker.objects.filter(role=Role.GUIDANCE).order_by("username").first()
    return worker


def click_label(page, text):
    # HDS draws radio buttons and checkboxes on their labels.
    page.locator("label", has_text=text).first.click()


def receive_new_matter(page, description):
    page.get_by_role("link", name="Kirjaa vireille tullut asia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaa vireille tullut asia")
    page.get_by_label("Asian laji").select_option("notification")
    with page.expect_response("**/intake/hint/**", timeout=15000) as hint:
        page.get_by_label("Henkilötunnus").fill("131052-308T")
    assert hint.value.status == 200
    expect(page.locator("#hetu-hint")).to_contain_text("ei ole vielä asiakasta", timeout=15000)
    page.get_by_label("Etunimet").fill("Liisa")
    page.get_by_label("Sukunimi").fill("Testinen")
    page.get_by_label("Asian kuvaus").fill(description)
    page.get_by_role("button", name="Kirjaa jonoon").click()
    # A notification needs the notifier: the form says so and keeps the rest.
    expect(page.get_by_role("alert")).to_contain_text("ilmoittajan organisaatio")
    expect(page.get_by_label("Asian kuvaus")).to_have_value(description)
    assert_accessible(page)
    page.get_by_label("Ilmoittajan organisaatio (ilmoitukset)").select_option("police")
    page.get_by_role("button", name="Kirjaa jonoon").click()
    expect(page.get_by_role("status")).to_contain_text("Asia kirjattiin tiimin")


def test_guidance_worker_resolves_a_matter(page, guidance):
    log_in(page, guidance.username)
    page.get_by_role("link", name="Palveluohjaus").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Palveluohjauksen jono")
    assert_accessible(page)
    receive_new_matter(page, "Poliisin ilmoitus: asiakas ilman asuntoa.")
    assert_accessible(page)
    page.get_by_role("button", name="Ota käsittelyyn").click()
    expect(page.get_by_role("heading", name="Ensikontakti")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Yhteydenottoyritys").select_option("phone")
    click_label(page, "Tavoitettiin")
    click_label(page, "Ei kiireellinen")
    click_label(page, "Haluaa ottaa palvelun vastaan")
    click_label(page, "Asuminen")
    page.get_by_label("Annettu ohjaus").fill("Ohjattu asumisneuvontaan ja Kelaan.")
    click_label(page, "Ratkaistu ohjauksella")
    page.get_by_role("button", name="Tallenna ja päätä asia").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Palveluohjauksen jono")
    item = IntakeItem.objects.get(description="Poliisin ilmoitus: asiakas ilman asuntoa.")
    assert (item.status, item.outcome) == ("closed", "resolved")
    assert list(
        Event.objects.filter(item_id=item.pk).order_by("id").values_list("activity", flat=True)
    )[-6:] == [
        "intake.claimed",
        "intake.contact_attempted",
        "intake.urgency_assessed",
        "intake.motivation_assessed",
        "intake.guidance_given",
        "intake.closed",
    ]


def test_a_refusal_loses_nothing_and_its_summary_gets_the_focus(page, guidance):
    log_in(page, guidance.username)
    page.get_by_role("link", name="Palveluohjaus").click()
    receive_new_matter(page, "Terveydenhuollon huoli: tarvitsee sosiaalityötä.")
    page.get_by_role("button", name="Ota käsittelyyn").click()
    click_label(page, "Haluaa ottaa palvelun vastaan")
    click_label(page, "Asuminen")
    page.get_by_label("Annettu ohjaus").fill("Ohjattu asumisneuvontaan.")
    page.get_by_label("Huomiot päivystysparille tai päättämisestä").fill("Monta tuen tarvetta.")
    page.get_by_role("button", name="Tallenna ja siirrä päivystysparille").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("Arvioi ensin kiireellisyys")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    box, height = summary.bounding_box(), page.viewport_size["height"]
    assert -1 <= box["y"] < height  # in view, not 2,000 px down
    expect(page.get_by_label("Annettu ohjaus")).to_have_value("Ohjattu asumisneuvontaan.")
    expect(page.get_by_label("Huomiot päivystysparille tai päättämisestä")).to_have_value(
        "Monta tuen tarvetta."
    )
    assert_accessible(page)
    # Leaving with the unsaved input asks first; staying keeps it.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("link", name="Asiakkaat").click()
    expect(page.get_by_label("Annettu ohjaus")).to_have_value("Ohjattu asumisneuvontaan.")
    click_label(page, "Kiireellinen")
    page.get_by_role("button", name="Tallenna ja siirrä päivystysparille").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Palveluohjauksen jono")
    item = IntakeItem.objects.get(description="Terveydenhuollon huoli: tarvitsee sosiaalityötä.")
    assert (item.status, item.outcome_note) == ("forwarded", "Monta tuen tarvetta.")
    assert item.guidance.get().text == "Ohjattu asumisneuvontaan."
    # The action's address, reopened, leads to the matter's page, not to an HTTP error
    # page; the matter has left guidance, so the page says in Finnish that access ended.
    response = page.goto(f"/intake/items/{item.pk}/first_contact/")
    assert response.status == 403 and response.request.redirected_from is not None
    expect(page.get_by_role("heading", level=1)).to_have_text("Ei käyttöoikeutta")


def test_a_double_click_records_one_matter(page, guidance):
    log_in(page, guidance.username)
    page.goto("/intake/new/")
    page.get_by_label("Henkilötunnus").fill("131052-308T")
    page.get_by_label("Etunimet").fill("Liisa")
    page.get_by_label("Sukunimi").fill("Testinen")
    page.get_by_label("Asian kuvaus").fill("Kaksoisnapsautus")
    page.get_by_role("button", name="Kirjaa jonoon").dblclick()
    expect(page.get_by_role("status")).to_contain_text("Asia kirjattiin")
    assert IntakeItem.objects.filter(description="Kaksoisnapsautus").count() == 1
    # Back, and the form sent again: the spent token (page from the cache) or the likely
    # duplicate (page loaded anew) stops it, and says so.
    page.go_back()
    page.get_by_role("button", name="Kirjaa jonoon").click()
    expect(
        page.get_by_text("Lomake oli jo lähetetty").or_(page.get_by_text("Onko asia jo kirjattu?"))
    ).to_be_visible()
    assert IntakeItem.objects.filter(description="Kaksoisnapsautus").count() == 1
