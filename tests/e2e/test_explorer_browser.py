"""The Explore MNIST page in headless Chromium: charts drawn, tabs switch, no errors."""

from __future__ import annotations

from playwright.sync_api import expect


def test_explorer_draws_its_charts(visit):
    page = visit("explorer")
    expect(page.get_by_role("heading", name="Explore MNIST")).to_be_visible()
    # Plotly draws its bars as SVG paths once the chart is rendered.
    expect(page.locator(".js-plotly-plot .barlayer path").first).to_be_visible(timeout=20_000)
    page.get_by_role("tab", name="Embedding map").click()
    expect(page.locator(".js-plotly-plot .scatterlayer, .js-plotly-plot canvas").first).to_be_attached()
    expect(page.get_by_text("from the cache")).to_be_visible()
