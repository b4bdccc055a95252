"""Your digits in headless Chromium: draw, correct, keep; then the Explorer's tab, the map
and the Comparison's scores show them."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.e2e.app_server import wait_for_script_to_finish
from tests.e2e.drawing import ONE_SEVEN_ZERO, draw


def test_a_digit_drawn_corrected_and_kept_shows_in_explore_and_compare(visit):
    # A collection of its own (in the URL), so other tests' digits do not count here.
    collection = f"browser {uuid.uuid4().hex[:6]}"
    page = visit(f"predictor?collection={collection.replace(' ', '+')}")
    page.locator("canvas.upper-canvas").wait_for()
    draw(page, ONE_SEVEN_ZERO)
    expect(page.locator(".digitlab-reading")).to_have_text("170", timeout=20_000)
    wait_for_script_to_finish(page)

    # Say the 0 is a 6: the page names the correction and keeps the reading as read.
    page.locator('[data-testid="stSelectbox"]', has_text="True digit").nth(2).click()
    page.keyboard.type("6")  # the list shows a few options at a time: type, as a person may
    page.keyboard.press("Enter")
    wait_for_script_to_finish(page)
    expect(page.get_by_text("Corrected: #3 read as 0, you say 6")).to_be_visible()
    expect(page.locator(".digitlab-reading")).to_have_text("170")

    page.get_by_role("button", name="Keep these digits").click()
    expect(page.get_by_text(f"Kept 3 digits in “{collection}”")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("button", name="Kept")).to_be_disabled()

    page = visit(f"explorer?explorer_tab=Your+digits&collection={collection.replace(' ', '+')}")
    expect(page.get_by_text("3 digits shown, 1 of them corrected")).to_be_visible(timeout=60_000)
    map_chart = page.locator(".st-key-your_map_chart")
    expect(map_chart.locator(".legendtext", has_text="yours")).to_be_visible(timeout=60_000)
    expect(map_chart.get_by_text("Your 3 digits among 5,000 MNIST training images")).to_be_visible()

    # Tick the gallery's first row (the table is drawn on a canvas: click where its box is)
    # and delete it.
    table = page.locator('[data-testid="stDataFrame"]').first
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 36 + 32)  # the header, then half a 64-pixel row
    page.get_by_role("button", name="Delete 1 selected").click()
    expect(page.get_by_text("2 digits shown")).to_be_visible(timeout=30_000)

    page = visit(f"comparison?comparison_tab=Your+handwriting&collection={collection.replace(' ', '+')}")
    chart = page.locator(".st-key-your_accuracy_chart")  # the two digits left
    expect(chart.get_by_text(f"your digits (“{collection}”), 95% interval")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Only 2 digits")).to_be_visible()
