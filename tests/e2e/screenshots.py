"""Take the README's screenshots: `make screenshots` (or `python -m tests.e2e.screenshots`).

Starts a fresh server, opens each page in headless Chromium and saves docs/<name>.png.
"""

from __future__ import annotations

from playwright.sync_api import expect, sync_playwright

from core.config import DOCS_DIR
from tests.e2e.app_server import launch_chromium, running_app, wait_for_script_to_finish
from tests.e2e.drawing import ONE_SEVEN_ZERO, draw, touch_draw

DESKTOP = {"viewport": {"width": 1280, "height": 1350}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


def read_a_drawn_number(page) -> None:
    page.locator("canvas.upper-canvas").wait_for()
    draw(page, ONE_SEVEN_ZERO)
    expect(page.locator(".digitlab-reading")).to_have_text("170", timeout=20_000)


def read_a_number_written_with_a_finger(page) -> None:
    page.locator("canvas.upper-canvas").wait_for()
    touch_draw(page, ONE_SEVEN_ZERO)
    expect(page.locator(".digitlab-reading")).to_have_text("170", timeout=20_000)


def settle(page) -> None:
    """Charts and tables draw after the script has finished: wait until every plotly chart
    has its SVG and every table its canvas, then for plotly's bar labels and fonts."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                    .every(chart => chart.querySelector('.main-svg'))
              && [...document.querySelectorAll('[data-testid="stDataFrame"]')]
                    .every(table => table.querySelector('canvas'))""",
        timeout=20_000,
    )
    page.wait_for_timeout(1000)


# Screenshot name -> URL path of the page, and what to do there first.
def open_the_map(page) -> None:
    page.get_by_role("tab", name="Embedding map").click()
    page.wait_for_timeout(1500)  # plotly lays the map out after the tab shows


def open_the_confusions(page) -> None:
    page.get_by_role("tab", name="Confusion").click()
    wait_for_script_to_finish(page)
    page.wait_for_timeout(1500)


PAGES = {
    "home": ("", None, DESKTOP),
    "predictor": ("predictor", read_a_drawn_number, DESKTOP),
    "predictor-phone": ("predictor", read_a_number_written_with_a_finger, PHONE),
    "explorer": ("explorer", None, DESKTOP),
    "explorer-map": ("explorer", open_the_map, DESKTOP),
    "comparison": ("comparison", None, DESKTOP),
    "comparison-confusion": ("comparison", open_the_confusions, DESKTOP),
}


def main() -> None:
    DOCS_DIR.mkdir(exist_ok=True)
    with running_app() as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for name, (path, prepare, device) in PAGES.items():
            context = browser.new_context(**device)
            page = context.new_page()
            page.goto(f"{url}/{path}")
            wait_for_script_to_finish(page)
            if prepare:
                prepare(page)
                wait_for_script_to_finish(page)
            settle(page)
            page.evaluate("document.fonts.ready")  # icons are a font: wait, or their names show
            target = DOCS_DIR / f"{name}.png"
            # The phone shows what fits on its screen: the canvas near the top is the point.
            page.screenshot(path=target, full_page=device is DESKTOP)
            print(f"wrote {target.relative_to(DOCS_DIR.parent)}")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
