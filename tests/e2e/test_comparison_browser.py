"""The Compare models page in headless Chromium: charts drawn, tabs switch, no errors."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.app_server import wait_for_script_to_finish


def test_comparison_draws_its_charts(visit):
    page = visit("comparison")
    expect(page.get_by_role("heading", name="Compare models")).to_be_visible()
    expect(page.locator(".js-plotly-plot .scatterlayer .point").first).to_be_visible(timeout=20_000)
    page.get_by_role("tab", name="Confusion").click()
    wait_for_script_to_finish(page)
    expect(page.locator(".js-plotly-plot .heatmaplayer, .js-plotly-plot .hm").first).to_be_attached(
        timeout=20_000
    )
    expect(page.get_by_text("Most confused pairs")).to_be_visible()


CONTRAST = """(element) => {
    const parse = (colour) => colour.match(/[\\d.]+/g).map(Number);
    const [r, g, b, a = 1] = parse(getComputedStyle(element).color || getComputedStyle(element).fill);
    // The colour as drawn on the white page.
    const drawn = [r, g, b].map((channel) => a * channel + (1 - a) * 255);
    const luminance = (channels) => {
        const [lr, lg, lb] = channels.map((c) => {
            c /= 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
    };
    return 1.05 / (luminance(drawn) + 0.05);
}"""


def test_captions_and_chart_labels_are_dark_enough_and_the_table_fits_at_1400_pixels(visit):
    """Captions carry most explanations: they were 3.8:1 on white, axis labels 3.7:1."""
    page = visit("comparison")
    page.set_viewport_size({"width": 1400, "height": 1000})
    caption = page.get_by_test_id("stCaptionContainer").first
    expect(caption).to_be_visible(timeout=20_000)
    assert caption.evaluate(CONTRAST) >= 4.5
    tick = page.locator(".js-plotly-plot .xtick text").first
    expect(tick).to_be_attached(timeout=20_000)
    # Plotly gives a tick its colour a moment after adding it: on a busy machine the
    # test read it before then (no fill at all). And the new window width redraws the
    # chart, replacing its ticks, so the tick is looked up afresh each time: one held
    # from before the redraw is detached and never gets a colour. Wait for the colour,
    # then judge it.
    page.wait_for_function(
        """() => {
            const tick = document.querySelector('.js-plotly-plot .xtick text');
            return tick !== null && /\\d/.test(getComputedStyle(tick).fill);
        }""",
        timeout=20_000,
    )
    assert tick.evaluate(CONTRAST.replace("getComputedStyle(element).color ||", "")) >= 4.5
    # Every column of the leaderboard table in view: no sideways scrolling needed.
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible()
    scroller = table.locator(".dvn-scroller").first
    widths = scroller.evaluate("(element) => [element.scrollWidth, element.clientWidth]")
    assert widths[0] <= widths[1] + 1, widths
