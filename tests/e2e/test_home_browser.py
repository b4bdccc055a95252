from __future__ import annotations

from tests.e2e.app_server import wait_for_script_to_finish


def test_home_page_renders_in_chromium(page, app_url):
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(error))
    page.goto(app_url)
    wait_for_script_to_finish(page)

    assert page.title() == "Digit Lab"
    assert page.get_by_role("heading", name="Digit Lab").is_visible()
    assert page.get_by_text("60,000").is_visible()
    assert page.locator('[data-testid="stImage"] img').count() == 1
    assert page.locator('[data-testid="stException"]').count() == 0
    assert not page_errors
