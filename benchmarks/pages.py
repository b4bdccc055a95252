"""Benchmark of the pages in headless Chromium: `make bench-pages` (`python -m benchmarks.pages`).

Measures, against a fresh `streamlit run` server on this machine, for the Explorer
and the Model Comparison:
- first load with the default settings until the first chart is drawn: the first
  visit after the server starts (the explorer is visited first), a visit from a new
  browser session (nothing cached), and one more from the same session;
and for the predictor:
- first load: from navigation to the canvas shown and the script finished, for the
  first visit after the server starts (imports and model load included) and a
  second visit from a new browser session;
- stroke to reading: from releasing the mouse on the last stroke of "170" to the
  reading "170" on the page, repeated, with Clear in between;
- the server's resident memory (VmRSS) after those, and after "Compare every model"
  has loaded every available model.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from tests.e2e.app_server import launch_chromium, running_app_process, wait_for_script_to_finish
from tests.e2e.drawing import ONE, SEVEN, ZERO, draw


def resident_megabytes(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def timed_visit(browser, url: str, path: str = "predictor", ready: str = "canvas.upper-canvas"):
    """Seconds from navigation to `ready` shown and the script finished, and the page."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    started = time.perf_counter()
    page.goto(f"{url}/{path}")
    page.locator(ready).first.wait_for()
    wait_for_script_to_finish(page)
    return time.perf_counter() - started, page


FIRST_CONTENTFUL_PAINT = "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null"


def chart_loads(browser, url: str, path: str) -> dict[str, float]:
    """Seconds until the page's first plotly chart is drawn: first visit, a second visit
    from a new browser session (nothing cached), and a third from the same session; and,
    for the new-session visit, the browser's first contentful paint and the title shown."""
    ready = ".js-plotly-plot .barlayer path"
    first, page = timed_visit(browser, url, path, ready)
    page.close()
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    started = time.perf_counter()
    page.goto(f"{url}/{path}")
    page.locator("h1").first.wait_for()
    title = time.perf_counter() - started
    page.locator(ready).first.wait_for()
    wait_for_script_to_finish(page)
    second = time.perf_counter() - started
    paint = page.evaluate(FIRST_CONTENTFUL_PAINT)
    started = time.perf_counter()
    page.goto(f"{url}/{path}")
    page.locator(ready).first.wait_for()
    wait_for_script_to_finish(page)
    third = time.perf_counter() - started
    page.close()
    return {"first": first, "second": second, "third": third, "title": title, "paint": (paint or 0) / 1000}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=7)
    options = parser.parse_args(argv)
    with running_app_process() as (url, server), sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        explorer = chart_loads(browser, url, "explorer")
        comparison = chart_loads(browser, url, "comparison")
        first_load, page = timed_visit(browser, url)
        second_load, second_page = timed_visit(browser, url)
        second_page.close()
        latencies = []
        reading = page.locator(".digitlab-reading")
        for _ in range(options.repeats):
            draw(page, ONE + SEVEN)
            expect(reading).to_have_text("17", timeout=20_000)
            wait_for_script_to_finish(page)
            draw(page, ZERO)  # timed from the release of this stroke
            released = time.perf_counter()
            # Checked every 10 ms: expect() backs off (100, 250, 500, 1000 ms between its
            # checks), which would round a 400 ms reading up to 850 ms.
            page.wait_for_function(
                "() => document.querySelector('.digitlab-reading')?.textContent.trim() === '170'",
                polling=10,
                timeout=20_000,
            )
            latencies.append(time.perf_counter() - released)
            wait_for_script_to_finish(page)
            page.get_by_role("button", name="Clear").click()
            wait_for_script_to_finish(page)
            expect(reading).to_have_count(0)
            page.wait_for_timeout(500)  # the fresh canvas mounts after the script finishes
        memory_reading = resident_megabytes(server.pid)
        draw(page, ONE + SEVEN + ZERO)
        expect(reading).to_have_text("170", timeout=20_000)
        page.get_by_text("Compare every model").click()
        page.locator('[data-testid="stDataFrame"]').wait_for(timeout=60_000)
        wait_for_script_to_finish(page)
        memory_compare = resident_megabytes(server.pid)
        browser.close()
    for name, loads in (("explorer", explorer), ("comparison", comparison)):
        print(
            f"{name}, first chart drawn: first visit {loads['first']:.2f} s; new browser session "
            f"{loads['second']:.2f} s (first contentful paint {loads['paint']:.2f} s, title shown "
            f"{loads['title']:.2f} s); same session again {loads['third']:.2f} s"
        )
    print(f"predictor: first load {first_load:.2f} s; second visit: {second_load:.2f} s")
    median, slowest = 1000 * statistics.median(latencies), 1000 * max(latencies)
    print(f"stroke to reading over {len(latencies)} drawings: median {median:.0f} ms, max {slowest:.0f} ms")
    print(f"server memory: {memory_reading:.0f} MB reading with the CNN; {memory_compare:.0f} MB comparing")


if __name__ == "__main__":
    main()
