"""Playwright in Debian's Chromium against the live test server, with axe-core scans."""

import contextlib
import os
import shutil
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

CHROMIUM = os.environ.get("PORRAS_CHROMIUM", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
# the tests themselves are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run scripts/ensure-system-packages")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server, transactional_db):
    # Asking for the database here closes the browser before the database is flushed:
    # a request still in flight (a double click, a hint) never meets a flush.
    context = chromium.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    errors = []
    page.on(
        "console",
        lambda msg: (
            errors.append(f"{msg.text} {msg.location.get('url', '')}")
            if msg.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status == 404 else None)
    server_errors = []
    page.on(
        "response",
        lambda r: server_errors.append(f"{r.status} {r.url}") if r.status >= 500 else None,
    )
    page.console_errors = errors
    yield page
    # Let the server answer what the page still waits for before the database is flushed:
    # the live server shares the test's in-memory SQLite connection, and a flush under a
    # request in flight fails with "table is locked".
    with contextlib.suppress(PlaywrightError):
        page.wait_for_load_state("networkidle", timeout=5000)
    context.close()
    time.sleep(0.3)  # a request the closing browser cut short finishes on the server
    assert not server_errors, f"the server answered with an error: {server_errors}"


_axe = Axe()


def assert_accessible(page, *, exclude_canvas=False):
    """No serious or critical axe-core violation on the page as it is now."""
    context = {"exclude": [["#diagram-canvas"]]} if exclude_canvas else None
    options = {"resultTypes": ["violations"]}
    if page.url.startswith("file:"):
        # axe would fetch the stylesheets again, which a page opened from disk may not do.
        options["preload"] = False
    results = _axe.run(page, context=context, options=options)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} – "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in bad
    )
    assert not bad, f"axe-core violations on {page.url}:\n{report}"


def log_in(page, username, password="porras-demo"):
    page.goto("/login/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(password)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    page.wait_for_url("**/")
