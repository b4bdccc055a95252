"""The Compare models page in headless Chromium: charts drawn, tabs switch, no errors."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.app_server import wait_for_script_to_finish


def test_comparison_draws_its_charts(visit):
    page = visit("comparison")
    expect(page.get_by_role("heading", name="Compare models")).to_be_visible()
    expect(page.locator(".js-plotly-plot .barlayer path").first).to_be_visible(timeout=20_000)
    page.get_by_role("tab", name="Confusion").click()
    wait_for_script_to_finish(page)
    expect(page.locator(".js-plotly-plot .heatmaplayer, .js-plotly-plot .hm").first).to_be_attached(
        timeout=20_000
    )
    expect(page.get_by_text("Most confused pairs")).to_be_visible()
