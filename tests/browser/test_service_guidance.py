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
    click_label(page, "Tavoitettiin")
    page.get_by_role("button", name="Kirjaa yritys").click()
    click_label(page, "Ei kiireellinen")
    page.get_by_role("button", name="Tallenna kiireellisyys").click()
    click_label(page, "Haluaa ottaa palvelun vastaan")
    page.get_by_role("button", name="Tallenna arvio").click()
    click_label(page, "Asuminen")
    page.get_by_label("Annettu ohjaus").fill("Ohjattu asumisneuvontaan ja Kelaan.")
    page.get_by_role("button", name="Kirjaa ohjaus", exact=True).click()
    click_label(page, "Ratkaistu ohjauksella")
    page.get_by_role("button", name="Päätä asia").click()
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


def test_guidance_worker_forwards_a_matter(page, guidance):
    log_in(page, guidance.username)
    page.get_by_role("link", name="Palveluohjaus").click()
    receive_new_matter(page, "Terveydenhuollon huoli: tarvitsee sosiaalityötä.")
    page.get_by_role("button", name="Ota käsittelyyn").click()
    page.get_by_role("button", name="Siirrä päivystysparille").click()
    expect(page.get_by_text("Arvioi ensin kiireellisyys")).to_be_visible()
    assert_accessible(page)
    click_label(page, "Kiireellinen")
    page.get_by_role("button", name="Tallenna kiireellisyys").click()
    page.get_by_label("Huomiot päivystysparille").fill("Monta tuen tarvetta.")
    page.get_by_role("button", name="Siirrä päivystysparille").click()
    item = IntakeItem.objects.get(description="Terveydenhuollon huoli: tarvitsee sosiaalityötä.")
    assert item.status == "forwarded"
    assert Event.objects.filter(item_id=item.pk, activity="intake.forwarded").exists()
