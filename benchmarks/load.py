"""Many people at once on "Read a number": `make bench-load` (`python -m benchmarks.load`).

N headless Chromium sessions (default 8) open the predictor on one fresh server at the
same time; each draws three numbers with the mouse, waits for each reading, asks for it
read aloud, waits for the audio, and clears the canvas. Reported: readings shown (and
right), audio received, exceptions on the pages, stroke-to-reading median, p95 and max
(from the release of a number's last stroke to its full reading on the page), and the
server's peak resident memory (VmHWM) over the run.

Browsers and server share this machine's cores, as they did when the issue was measured.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import async_playwright

from tests.drawing import mouse_strokes
from tests.e2e.app_server import CHROMIUM_ARGS, CHROMIUM_PATH, running_app_process
from tests.e2e.drawing import ONE_SEVEN_ZERO

# Three numbers per session: wide digits, then narrow ones at ordinary gaps.
NUMBERS = [("170", ONE_SEVEN_ZERO), ("2048", mouse_strokes("2048")), ("71", mouse_strokes("71", left=200))]
READING_TIMEOUT_MS = 30_000
AUDIO_TIMEOUT_MS = 60_000
SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# The fresh canvas's script needs a moment before it takes strokes (see the browser tests).
CANVAS_SETTLE_MS = 800


@dataclass
class SessionLog:
    latencies: list[float] = field(default_factory=list)  # seconds, stroke to reading
    readings_shown: int = 0
    readings_right: int = 0
    audio_received: int = 0
    exceptions: int = 0
    problems: list[str] = field(default_factory=list)


def peak_megabytes(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


async def draw(page, strokes) -> None:
    canvas = page.locator("canvas.upper-canvas")
    box = await canvas.bounding_box()
    scale = box["width"] / await canvas.evaluate("element => element.width")
    for points in strokes:
        await page.mouse.move(box["x"] + scale * points[0][0], box["y"] + scale * points[0][1])
        await page.mouse.down()
        for x, y in points[1:]:
            await page.mouse.move(box["x"] + scale * x, box["y"] + scale * y, steps=4)
        await page.mouse.up()


async def reading_text(page) -> str | None:
    return await page.evaluate("() => document.querySelector('.digitlab-reading')?.textContent.trim() ?? null")


async def one_session(browser, url: str, number: int, log: SessionLog) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.on("pageerror", lambda error: log.problems.append(f"session {number}: page error {error}"))
    await page.goto(f"{url}/predictor")
    await page.locator(SCRIPT_DONE).wait_for(timeout=120_000)
    await page.locator("canvas.upper-canvas").wait_for()
    await page.wait_for_timeout(CANVAS_SETTLE_MS)
    for text, strokes in NUMBERS:
        await draw(page, strokes)
        released = time.perf_counter()
        try:
            # Polled every 10 ms: expect() backs off to 1 s between checks.
            await page.wait_for_function(
                f"() => document.querySelector('.digitlab-reading')?.textContent.trim() === '{text}'",
                polling=10,
                timeout=READING_TIMEOUT_MS,
            )
            log.latencies.append(time.perf_counter() - released)
            log.readings_shown += 1
            log.readings_right += 1
        except Exception:  # noqa: BLE001 - a timeout is a result here, recorded below
            shown = await reading_text(page)
            if shown:
                log.readings_shown += 1
            log.problems.append(f"session {number}: drew {text}, the page shows {shown!r}")
        await page.locator(SCRIPT_DONE).wait_for()
        if await reading_text(page):
            await page.get_by_role("button", name="Read aloud").click()
            try:
                await page.locator("audio").wait_for(state="attached", timeout=AUDIO_TIMEOUT_MS)
                log.audio_received += 1
            except Exception:  # noqa: BLE001
                log.problems.append(f"session {number}: no audio for {text}")
        await page.get_by_role("button", name="Clear").click()
        await page.wait_for_function(
            "() => !document.querySelector('.digitlab-reading')", polling=50, timeout=READING_TIMEOUT_MS
        )
        await page.locator(SCRIPT_DONE).wait_for()
    log.exceptions += await page.locator('[data-testid="stException"]').count()
    await context.close()


async def run(sessions: int) -> tuple[SessionLog, float, float]:
    log = SessionLog()
    with running_app_process() as (url, server):
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS, headless=True
            )
            started = time.perf_counter()
            await asyncio.gather(*(one_session(browser, url, number, log) for number in range(sessions)))
            seconds = time.perf_counter() - started
            await browser.close()
        peak = peak_megabytes(server.pid)
    return log, peak, seconds


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=8)
    options = parser.parse_args(argv)
    log, peak, seconds = asyncio.run(run(options.sessions))
    drawn = options.sessions * len(NUMBERS)
    print(f"{options.sessions} sessions, {drawn} numbers drawn, {seconds:.0f} s in all")
    print(f"readings shown {log.readings_shown}/{drawn}, right {log.readings_right}/{drawn}")
    print(f"audio received {log.audio_received}/{log.readings_shown}; exceptions on pages {log.exceptions}")
    if log.latencies:
        median, p95 = statistics.median(log.latencies), percentile(log.latencies, 0.95)
        print(
            f"stroke to reading: median {1000 * median:.0f} ms, p95 {1000 * p95:.0f} ms, "
            f"max {1000 * max(log.latencies):.0f} ms"
        )
    print(f"server peak memory (VmHWM): {peak:.0f} MB")
    for problem in log.problems:
        print(f"  {problem}")


if __name__ == "__main__":
    main()
