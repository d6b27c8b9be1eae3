"""Clients and lawful access in the browser: search, refusal, stated reason, review."""

import pytest
from playwright.sync_api import expect

from porras.clients.models import Client, ClientRelationship
from porras.people.models import Role, Worker
from porras.synth.generator import generate_county
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    return generate_county(size="small", seed=1)


def registered_by(worker):
    """A client the worker registered today (the relationship lasts the day)."""
    live = ClientRelationship.objects.live().filter(worker=worker, kind="registered")
    return Client.objects.filter(relationships__in=live, hetu__isnull=False).first()


def test_guidance_worker_finds_and_opens_a_client(page, demo):
    guidance = Worker.objects.filter(role=Role.GUIDANCE).order_by("username").first()
    client = registered_by(guidance)
    log_in(page, guidance.username)
    page.get_by_role("link", name="Asiakkaat").click()
    assert_accessible(page)
    page.get_by_label("Henkilötunnus tai nimi").fill(client.last_name)
    page.get_by_role("button", name="Hae", exact=True).click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("löytyi")
    assert_accessible(page)
    page.get_by_role("link", name=client.display_name).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(client.display_name)
    expect(page.get_by_text(client.hetu)).to_be_visible()
    assert_accessible(page)


def test_register_with_a_mistyped_hetu(page, demo):
    guidance = Worker.objects.filter(role=Role.GUIDANCE).order_by("username").first()
    log_in(page, guidance.username)
    page.goto("/clients/new/")
    page.get_by_label("Henkilötunnus").fill("131052-308U")
    page.get_by_label("Etunimet").fill("Liisa")
    page.get_by_label("Sukunimi").fill("Testinen")
    page.get_by_role("button", name="Rekisteröi").click()
    expect(page.get_by_role("alert")).to_contain_text("Tarkistusmerkki U ei täsmää")
    expect(page.get_by_label("Sukunimi")).to_have_value("Testinen")
    assert_accessible(page)
    page.get_by_label("Henkilötunnus").fill("131052-308T")
    page.get_by_role("button", name="Rekisteröi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Testinen Liisa")


def test_refusal_then_stated_reason_then_review(page, demo):
    guidance = Worker.objects.filter(role=Role.GUIDANCE).order_by("username").first()
    client = registered_by(guidance)
    outsider = (
        Worker.objects.filter(role=Role.COUNSELLOR)
        .exclude(teams__in=guidance.teams.all())
        .order_by("username")
        .first()
    )
    log_in(page, outsider.username)
    response = page.goto(f"/clients/{client.pk}/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Ei käyttöoikeutta")
    assert_accessible(page)
    page.get_by_role("link", name="Ilmoita käyttöperuste").click()
    # HDS draws the radio button on its label, so people (and the test) click the label.
    page.locator("label", has_text="Kiireellinen tilanne: asiakas tarvitsee apua nyt").click()
    page.get_by_label("Selvitys").fill("lyhyt")
    page.get_by_role("button", name="Avaa asiakkaan tiedot").click()
    expect(page.get_by_role("alert")).to_contain_text("vähintään 10 merkkiä")
    assert_accessible(page)
    page.get_by_label("Selvitys").fill("Asiakas soitti kriisissä, oma tiimi ei tavoitettavissa.")
    page.get_by_role("button", name="Avaa asiakkaan tiedot").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(client.display_name)
    expect(page.get_by_role("status")).to_contain_text("ilmoittamasi perusteen")
    assert_accessible(page)

    page.get_by_role("button", name="Kirjaudu ulos").click()
    officer = Worker.objects.get(role=Role.DATA_PROTECTION)
    log_in(page, officer.username)
    page.get_by_role("link", name="Käyttöloki").click()
    assert_accessible(page)
    page.get_by_label("Asiakkaan henkilötunnus").fill(client.hetu)
    page.get_by_role("button", name="Hae", exact=True).click()
    expect(page.get_by_role("link", name="PDF suomeksi")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Tarkastusjono").click()
    expect(page.get_by_text("oma tiimi ei tavoitettavissa").first).to_be_visible()
    assert_accessible(page)
    page.locator("tbody").get_by_role("link", name="Tarkastus").first.click()
    assert_accessible(page)
    page.locator("label", has_text="Perusteltu").click()
    page.get_by_role("button", name="Tallenna tarkastus").click()
    expect(page.get_by_role("status")).to_contain_text("Tarkastus tallennettiin.")


def test_swedish_client_pages(page, demo):
    guidance = Worker.objects.filter(role=Role.GUIDANCE).order_by("username").first()
    client = registered_by(guidance)
    log_in(page, guidance.username)
    page.get_by_role("button", name="Svenska").click()
    page.goto(f"/clients/{client.pk}/")
    expect(page.get_by_text("Personbeteckning")).to_be_visible()
    body = page.locator("main").inner_text()
    for finnish in ("Henkilötunnus", "Kieli", "Asiakkuussuhteesi"):
        assert finnish not in body
    assert_accessible(page)
