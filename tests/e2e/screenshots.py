"""Take the README's screenshots: `make screenshots` (or `python -m tests.e2e.screenshots`).

Starts a fresh server, opens each page in headless Chromium and saves docs/<name>.png.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from core.collection import CollectionStore, digits_to_keep
from core.collection.store import DATABASE_URL_VARIABLE
from core.config import DOCS_DIR
from core.data import load_mnist
from core.examples import example_number
from core.reading import read_number
from tests.drawing import narrow_number, on_transparent
from tests.e2e.app_server import launch_chromium, running_app, wait_for_script_to_finish
from tests.e2e.drawing import ONE_SEVEN_ZERO, draw, touch_draw

DESKTOP = {"viewport": {"width": 1280, "height": 1350}}
# The same window, shot as it shows after scrolling to the part the screenshot is about.
SCROLLED = {"viewport": {"width": 1280, "height": 1000}}
TALL = {"viewport": {"width": 1280, "height": 1500}}
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


def correct_and_keep(page) -> None:
    """Draw 170, say the 0 is a 6 (as if the model had misread it), and keep the digits."""
    read_a_drawn_number(page)
    wait_for_script_to_finish(page)
    page.locator('[data-testid="stSelectbox"]', has_text="True digit").nth(2).click()
    page.keyboard.type("6")
    page.keyboard.press("Enter")
    wait_for_script_to_finish(page)
    page.get_by_role("button", name="Keep these digits").click()
    expect(page.get_by_text("Kept 3 digits")).to_be_visible(timeout=10_000)
    page.get_by_text("Kept 3 digits").scroll_into_view_if_needed()
    page.mouse.wheel(0, 200)


def ask_why(page) -> None:
    """Draw 170 and open the Why panel of its 7."""
    read_a_drawn_number(page)
    wait_for_script_to_finish(page)
    page.get_by_role("button", name="Why?").nth(1).click()
    page.locator(".st-key-why_panel").wait_for(timeout=90_000)  # the first build of the index
    wait_for_script_to_finish(page)
    settle(page)
    page.locator(".st-key-why_panel").evaluate("panel => panel.scrollIntoView({block: 'start'})")
    page.mouse.wheel(0, -80)  # the page's header covers the panel's top


def scroll_to(selector: str):
    def scroll(page) -> None:
        page.locator(selector).wait_for(timeout=60_000)
        page.wait_for_timeout(1500)  # plotly lays charts out after they show
        page.locator(selector).scroll_into_view_if_needed()

    return scroll


def keep_sample_digits(url: str) -> None:
    """A collection to show in the screenshots: narrow numbers as a mouse draws them and
    MNIST test digits written as strokes (the predictor's examples), each read by the
    reader and kept with its true labels."""
    store = CollectionStore(url)
    drawings = [on_transparent(narrow_number(text)) for text in ("2024", "1000", "8888", "7712", "4170")]
    mnist = load_mnist()
    examples = [example_number(mnist.test_images, mnist.test_labels, seed) for seed in range(6)]
    numbers = [("2024", drawings[0]), ("1000", drawings[1]), ("8888", drawings[2])]
    numbers += [("7712", drawings[3]), ("4170", drawings[4]), *examples]
    for truth, image in numbers:
        reading = read_number(image)
        if len(reading.digits) == len(truth):
            store.save("my digits", digits_to_keep(reading, image, [int(c) for c in truth], "canvas"))


PAGES = {
    "home": ("", None, DESKTOP),
    "predictor": ("predictor", read_a_drawn_number, DESKTOP),
    "predictor-phone": ("predictor", read_a_number_written_with_a_finger, PHONE),
    "explorer": ("explorer", None, DESKTOP),
    "explorer-map": ("explorer", open_the_map, DESKTOP),
    "comparison": ("comparison", None, DESKTOP),
    "comparison-confusion": ("comparison", open_the_confusions, DESKTOP),
    "predictor-keep": ("predictor", correct_and_keep, SCROLLED),
    "predictor-why": ("predictor", ask_why, TALL),
    "explorer-yours": ("explorer?explorer_tab=Your+digits", scroll_to(".st-key-your_means_chart"), SCROLLED),
    "explorer-yours-map": (
        "explorer?explorer_tab=Your+digits",
        scroll_to(".st-key-your_map_chart"),
        SCROLLED,
    ),
    "comparison-yours": ("comparison?comparison_tab=Your+handwriting", None, DESKTOP),
}


def main() -> None:
    DOCS_DIR.mkdir(exist_ok=True)
    scratch = tempfile.TemporaryDirectory()
    database = f"sqlite:///{Path(scratch.name) / 'collections.sqlite'}"
    keep_sample_digits(database)
    with scratch, running_app({DATABASE_URL_VARIABLE: database}) as url, sync_playwright() as playwright:
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
