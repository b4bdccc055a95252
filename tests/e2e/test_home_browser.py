from __future__ import annotations

from playwright.sync_api import expect


def test_home_page_renders_in_chromium(visit):
    page = visit()

    assert page.title() == "Digit Lab"
    # expect() waits for the element to render; is_visible() would only look once.
    expect(page.get_by_role("heading", name="Digit Lab")).to_be_visible()
    expect(page.get_by_text("60,000", exact=True)).to_be_visible()
    expect(page.locator('[data-testid="stImage"] img')).to_have_count(1)
    # The pages the home page points to.
    for title in ("Explore MNIST", "Compare models", "Read a number"):
        expect(page.locator('[data-testid="stPageLink"]', has_text=title)).to_be_visible()
