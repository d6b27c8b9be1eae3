"""Every MIWG model imported into the handbook draws in Chromium without console errors."""

import re

import pytest
from playwright.sync_api import expect

from porras.handbook import selectors, services, site
from porras.handbook.models import Process
from porras.people.models import Role
from porras.synth.generator import generate_county
from tests.browser.conftest import assert_accessible, log_in
from tests.handbook.test_bpmn_import_export import MODELS, REQUIRE_SHARED

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    not MODELS and not REQUIRE_SHARED, reason="../shared/data/bpmn-miwg is not beside the project"
)
def test_miwg_models_render_without_console_errors(page, transactional_db):
    county = generate_county(size="small", seed=1).county
    owner = county.workers.get(role=Role.PROCESS_OWNER)
    processes = [
        services.process_import(
            county=county, content=path.read_bytes(), file_name=f"{path.parent.name}/{path.name}"
        )
        for path in MODELS
    ]
    log_in(page, owner.username)
    for process in processes:
        page.goto(f"/handbook/{process.pk}/")
        canvas = page.locator("#diagram-canvas")
        expect(canvas).not_to_have_attribute("data-rendered", "false", timeout=15000)
        assert canvas.get_attribute("data-rendered") == "true", process.diagram.file_name
        assert page.locator("#diagram-canvas svg").count() >= 1
    assert not page.console_errors, page.console_errors
    # The canvas is excluded from the scan; its text alternative (the step list) is not.
    page.goto(f"/handbook/{processes[0].pk}/")
    expect(page.locator("#diagram-canvas")).to_have_attribute("data-rendered", "true")
    assert_accessible(page, exclude_canvas=True)
    page.goto("/handbook/")
    assert_accessible(page)


def test_staff_see_only_published_processes(page, transactional_db):
    county = generate_county(size="small", seed=1).county
    draft = services.process_import(
        county=county,
        content=(
            b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" '
            b'name="Luonnos"><process id="p"/></definitions>'
        ),
    )
    counsellor = county.workers.filter(role=Role.COUNSELLOR).first()
    log_in(page, counsellor.username)
    assert page.goto(f"/handbook/{draft.pk}/").status == 404


def _wait_drawn(page):
    canvas = page.locator("#diagram-canvas")
    expect(canvas).not_to_have_attribute("data-rendered", "false", timeout=15000)
    assert canvas.get_attribute("data-rendered") == "true"


def test_keepers_draw_check_approve_and_every_handbook_page_is_accessible(page, transactional_db):
    county = generate_county(size="small", seed=1).county
    owner = county.workers.get(role=Role.PROCESS_OWNER)
    quality = county.workers.get(role=Role.QUALITY)
    main = Process.objects.get(
        county=county, title="Työikäisten sosiaalipalvelujen porrastettu asiakasprosessi"
    )
    log_in(page, quality.username)
    page.goto("/handbook/")
    assert_accessible(page)
    page.get_by_role("link", name=main.title).click()
    _wait_drawn(page)
    assert_accessible(page, exclude_canvas=True)
    expect(page.locator("#diagram-text")).to_contain_text("intake.claimed")

    # A new version, drawn in the modeler: one more task on the canvas, then save.
    page.get_by_role("button", name="Aloita uusi versio").click()
    expect(page.locator("h1")).to_have_text(main.title)
    draft = Process.objects.get(lineage=main.lineage, version=2)
    page.get_by_role("link", name="Muokkaa kaaviota").click()
    _wait_drawn(page)
    assert_accessible(page, exclude_canvas=True)
    page.locator(".djs-palette .entry.bpmn-icon-task").click()
    lane = page.locator('[data-element-id="Lane_tyopari"]').bounding_box()
    page.mouse.click(lane["x"] + lane["width"] * 0.8, lane["y"] + lane["height"] / 2)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Tallenna kaavio").click()
    expect(page.locator("#modeler-status")).to_have_text("Kaavio tallennettiin.")
    draft.refresh_from_db()
    assert len(selectors.diagram_summary(draft).tasks) == 6

    page.get_by_role("link", name="Kytke vaiheet").click()
    assert_accessible(page)
    page.goto(f"/handbook/{draft.pk}/edit/")
    page.get_by_label("Tavoite").fill("Uusi tavoite työikäisille.")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("status")).to_contain_text("Kuvaus tallennettiin.")
    page.get_by_role("button", name="Merkitse tarkastetuksi").click()
    expect(page.get_by_role("status")).to_contain_text("tarkastettu")
    page.get_by_role("link", name="vertaa versioon 1").click()
    expect(page.locator("ins").first).to_contain_text("Uusi tavoite")
    assert_accessible(page)

    page.goto("/handbook/documents/")
    assert_accessible(page)
    page.get_by_role("link", name="Tuen tarpeen nelikenttä").click()
    assert_accessible(page)
    page.goto("/handbook/new/")
    assert_accessible(page)
    page.get_by_role("button", name="Luo").click()
    expect(page.get_by_role("alert")).to_contain_text("Anna prosessille nimi")
    assert_accessible(page)  # the error summary too
    page.console_errors.remove(
        next(e for e in page.console_errors if "400 (Bad Request)" in e)
    )  # the refused form answers 400 on purpose

    page.context.clear_cookies()
    log_in(page, owner.username)
    page.goto(f"/handbook/{draft.pk}/")
    page.get_by_role("button", name="Hyväksy").click()
    page.get_by_role("button", name="Julkaise").click()
    expect(page.get_by_role("status")).to_contain_text("julkaistu")
    main.refresh_from_db()
    assert main.status == "retired"
    assert not page.console_errors, page.console_errors


def test_static_site_opens_from_disk_without_network(chromium, transactional_db, tmp_path):
    county = generate_county(size="small", seed=1).county
    site.build(county=county, out=tmp_path)
    context = chromium.new_context()
    requests = []
    context.route(
        re.compile(r"^(https?|wss?)://"),
        lambda route: (requests.append(route.request.url), route.abort()),
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((tmp_path / "index.html").as_uri())
    assert_accessible(page)
    links = page.locator("main a[href^='process-']")
    assert links.count() == 6
    for index in range(links.count()):
        page.goto((tmp_path / "index.html").as_uri())
        page.locator("main a[href^='process-']").nth(index).click()
        _wait_drawn(page)
        assert page.locator("#diagram-canvas svg").count() >= 1
        assert_accessible(page, exclude_canvas=True)
    page.goto((tmp_path / "index.html").as_uri())
    page.locator("main a[href^='document-']").first.click()
    assert_accessible(page)
    context.close()
    assert not requests, requests
    assert not errors, errors
