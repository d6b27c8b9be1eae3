"""Every MIWG model imported into the handbook draws in Chromium without console errors."""

import pytest
from playwright.sync_api import expect

from porras.handbook import services
from porras.people.models import Role
from porras.synth.generator import generate_county
from tests.browser.conftest import assert_accessible, log_in
from tests.handbook.test_bpmn_import_export import MODELS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(not MODELS, reason="../shared/data/bpmn-miwg is not beside the project")
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
