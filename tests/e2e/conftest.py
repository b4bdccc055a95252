from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from tests.e2e.app_server import launch_chromium, running_app, wait_for_script_to_finish


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in item.nodeid:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def app_url():
    with running_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def visit(page, app_url):
    """visit(path) opens a page of the app and waits for its script; afterwards the test
    fails if the page showed an exception box or the browser saw a JavaScript error."""
    errors = []
    page.on("pageerror", lambda error: errors.append(error))

    def open_path(path: str = ""):
        page.goto(f"{app_url}/{path}")
        wait_for_script_to_finish(page)
        return page

    yield open_path
    assert page.locator('[data-testid="stException"]').count() == 0
    assert not errors
