"""The figures in the browser: a quality manager opens the weekly team table, the
deadlines, the role table, the flow, before and after, and the handbook held against
practice with the waits drawn on its diagram. axe on every page."""

import pytest
from playwright.sync_api import expect

from porras.handbook.models import Process
from porras.people.models import Role, Worker
from porras.synth.generator import generate_county
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_figures_pages_work_and_are_accessible(page, transactional_db):
    generate_county(size="small", seed=3)
    quality = Worker.objects.filter(role=Role.QUALITY).order_by("username").first()
    log_in(page, quality.username)

    page.get_by_role("link", name="Luvut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tiimin viikkotaulukko")
    expect(page.get_by_role("table", name="Luvut viikoittain")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Lataa Excel-tiedostona (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    # A reversed period is refused with the typed values kept.
    page.get_by_label("Alkaen").fill("2026-11-20")
    page.get_by_label("Päättyen").fill("2026-11-01")
    page.get_by_role("button", name="Näytä").click()
    expect(page.locator("body")).to_contain_text("Jakson loppu on ennen sen alkua.")
    expect(page.get_by_label("Alkaen")).to_have_value("2026-11-20")
    assert_accessible(page)

    for link, heading in (
        ("Määräajat", "Määräajat"),
        ("Roolit", "Päätökset ja tapaamiset rooleittain"),
        ("Asioiden kulku", "Asioiden kulku"),
        ("Ennen ja jälkeen", "Ennen ja jälkeen"),
    ):
        page.get_by_role("navigation", name="Luvut").get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)

    page.get_by_role("navigation", name="Luvut").get_by_role(
        "link", name="Käsikirja ja käytäntö"
    ).click()
    process = Process.objects.get(title="Palveluohjaus: vireilletulo ja ensikontakti")
    page.get_by_label("Prosessi", exact=True).select_option(str(process.pk))
    page.get_by_role("button", name="Näytä").click()
    canvas = page.locator("#diagram-canvas")
    expect(canvas).to_have_attribute("data-rendered", "true", timeout=15000)
    assert page.locator(".diagram-badge").count() >= 3
    expect(page.get_by_role("table", name="Yleisimmät poikkeamat")).to_be_visible()
    assert_accessible(page, exclude_canvas=True)
    assert not page.console_errors, page.console_errors
