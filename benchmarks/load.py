"""Many people at once on "Read a number": `make bench-load` (`python -m benchmarks.load`).

Part 1, drawing:
N headless Chromium sessions (default 8) open the predictor on one fresh server at the
same time; each draws three numbers with the mouse, waits for each reading, asks for it
read aloud, waits for the audio, and clears the canvas. Reported: readings shown (and
right), audio received, exceptions on the pages, stroke-to-reading median, p95 and max
(from the release of a number's last stroke to its full reading on the page), and the
server's peak resident memory (VmHWM) over the run.

Browsers and server share this machine's cores, as they did when the issue was measured.
`--browser-nice 10` gives the server the cores first, as if each visitor's browser ran on
their own computer; on this 2-core machine that left the p95 where it was (the browsers'
own rendering of a reading, not the server, is what waits).

Part 2, big uploads: on a fresh server each time, one session, then two at once, upload
a 36-megapixel JPEG photo of a number and, separately, a 6300 x 6300 RGB PNG scan
(39.7 megapixels, under 200 KB), wait for the reading, and report the server's peak memory.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from playwright.async_api import async_playwright

from tests.drawing import mouse_strokes
from tests.e2e.app_server import CHROMIUM_ARGS, CHROMIUM_PATH, running_app_process
from tests.e2e.drawing import ONE_SEVEN_ZERO

# Three numbers per session: wide digits, then narrow ones at ordinary gaps.
NUMBERS = [("170", ONE_SEVEN_ZERO), ("2048", mouse_strokes("2048")), ("71", mouse_strokes("71", left=200))]
READING_TIMEOUT_MS = 30_000
AUDIO_TIMEOUT_MS = 60_000
SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Each person has the app in their browser's front tab; here all sessions share one
# Chromium, which would otherwise slow the timers of all pages but one (the canvas sends
# a drawing 200 ms after the pen lifts: throttled, that became a second).
FOREGROUND_ARGS = [
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]
# A mouse reports 60 to 125 times a second; a hand writing a digit in half a second moves
# some 5 to 15 pixels between two reports. The browser tests move in finer steps, which
# costs headless Chromium (no GPU) a repaint each: fine for one page, not for sixteen.
MOUSE_SPACING = 10


@dataclass
class SessionLog:
    latencies: list[float] = field(default_factory=list)  # seconds, stroke to reading
    readings_shown: int = 0
    readings_right: int = 0
    audio_received: int = 0
    exceptions: int = 0
    problems: list[str] = field(default_factory=list)
    screenshots: Path | None = None  # where to keep a screenshot of each miss


def peak_megabytes(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


async def draw(page, strokes, spacing: float) -> None:
    """Mouse strokes in canvas pixels. The canvas is measured again before each stroke:
    clicking Read aloud scrolls the page, and a rerun that removes the reading below can
    move it (a person's hand follows the canvas; a script's fixed coordinates would not)."""
    canvas = page.locator("canvas.upper-canvas")
    await canvas.evaluate("element => element.scrollIntoView({block: 'nearest'})")
    natural_width = await canvas.evaluate("element => element.width")
    for points in strokes:
        box = await canvas.bounding_box()
        scale = box["width"] / natural_width
        await page.mouse.move(box["x"] + scale * points[0][0], box["y"] + scale * points[0][1])
        await page.mouse.down()
        for (x0, y0), (x, y) in zip(points, points[1:], strict=False):
            steps = max(1, math.ceil(math.hypot(x - x0, y - y0) / spacing))
            await page.mouse.move(box["x"] + scale * x, box["y"] + scale * y, steps=steps)
        await page.mouse.up()


async def reading_text(page) -> str | None:
    return await page.evaluate(
        "() => document.querySelector('.digitlab-reading')?.textContent.trim() ?? null"
    )


async def one_session(browser, url: str, number: int, log: SessionLog, spacing: float) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.on("pageerror", lambda error: log.problems.append(f"session {number}: page error {error}"))
    await page.goto(f"{url}/predictor")
    await page.locator(SCRIPT_DONE).wait_for(timeout=120_000)
    await page.locator("canvas.upper-canvas").wait_for()
    for text, strokes in NUMBERS:
        await draw(page, strokes, spacing)
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
            if log.screenshots:
                path = log.screenshots / f"session-{number}-{text}.png"
                await page.screenshot(path=path, full_page=True)
                log.problems.append(f"  screenshot: {path}")
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


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time used so far by these processes, in seconds."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue  # ended meanwhile
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time all cores have spent busy since boot (/proc/stat), in seconds."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(
        int, Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


async def run(
    sessions: int, screenshots: Path | None, spacing: float, browser_nice: int = 0
) -> tuple[SessionLog, float, float, float, float]:
    log = SessionLog(screenshots=screenshots)
    with running_app_process() as (url, server):
        async with async_playwright() as playwright:
            if browser_nice:
                os.nice(browser_nice)  # inherited by the browser launched next, not by the server
            browser = await playwright.chromium.launch(
                executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS + FOREGROUND_ARGS, headless=True
            )
            started = time.perf_counter()
            server_cpu, machine_cpu = cpu_seconds([server.pid]), machine_busy_seconds()
            await asyncio.gather(
                *(one_session(browser, url, number, log, spacing) for number in range(sessions))
            )
            seconds = time.perf_counter() - started
            server_cpu = cpu_seconds([server.pid]) - server_cpu
            machine_cpu = machine_busy_seconds() - machine_cpu
            await browser.close()
        peak = peak_megabytes(server.pid)
    return log, peak, seconds, server_cpu, machine_cpu


UPLOADS = {
    "36 MP JPEG photo": ("photo.jpg", "image/jpeg"),
    "6300 x 6300 PNG scan": ("scan.png", "image/png"),
}


def write_uploads(folder: Path) -> dict[str, tuple[Path, str, str]]:
    """The big files to upload, by name: (path, MIME type, the number they show)."""
    from PIL import Image

    from benchmarks.large_photo import write_photo

    photo = folder / "photo.jpg"
    write_photo(photo, (6000, 6000), "2024", seed=1)
    scan = folder / "scan.png"
    page = np.full((6300, 6300, 3), 255, np.uint8)  # RGB, as scanners save
    for x in range(1500, 4800, 900):  # "1111": four strokes 600 pixels tall
        page[2800:3400, x : x + 60] = 0
    Image.fromarray(page).save(scan, format="PNG", optimize=True)
    return {
        "36 MP JPEG photo": (photo, "image/jpeg", "2024"),
        "6300 x 6300 PNG scan": (scan, "image/png", "1111"),
    }


async def upload_once(browser, url: str, path: Path, mime: str) -> str | None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    await page.goto(f"{url}/predictor?source=upload")
    await page.locator(SCRIPT_DONE).wait_for(timeout=120_000)
    await page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": path.name, "mimeType": mime, "buffer": path.read_bytes()}
    )
    try:
        await page.locator(".digitlab-reading").wait_for(timeout=READING_TIMEOUT_MS)
        await page.locator(SCRIPT_DONE).wait_for()
        shown = await reading_text(page)
    except Exception:  # noqa: BLE001 - recorded as no reading
        shown = None
    await context.close()
    return shown


async def upload_peaks(
    at_once: int, files: dict[str, tuple[Path, str, str]]
) -> list[tuple[str, float, list]]:
    """For each file: a fresh server, `at_once` sessions uploading it together; the
    server's peak memory and what each session read."""
    results = []
    for name, (path, mime, _) in files.items():
        with running_app_process() as (url, server):
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS + FOREGROUND_ARGS, headless=True
                )
                shown = await asyncio.gather(*(upload_once(browser, url, path, mime) for _ in range(at_once)))
                await browser.close()
            results.append((name, peak_megabytes(server.pid), shown))
    return results


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--skip-uploads", action="store_true", help="only the drawing sessions")
    parser.add_argument(
        "--screenshots", type=Path, default=None, help="a folder for a screenshot of each miss"
    )
    parser.add_argument(
        "--mouse-spacing",
        type=float,
        default=MOUSE_SPACING,
        help="canvas pixels between two mouse events along a stroke",
    )
    parser.add_argument(
        "--browser-nice",
        type=int,
        default=0,
        help="run the browsers at this lower CPU priority, as if on the visitors' own computers",
    )
    options = parser.parse_args(argv)
    if options.screenshots:
        options.screenshots.mkdir(parents=True, exist_ok=True)
    log, peak, seconds, server_cpu, machine_cpu = asyncio.run(
        run(options.sessions, options.screenshots, options.mouse_spacing, options.browser_nice)
    )
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
    cores = os.cpu_count()
    print(
        f"CPU: the {cores} cores were busy {machine_cpu:.0f} of {cores * seconds:.0f} core-seconds, "
        f"the server's share {server_cpu:.0f} s (the rest: the browsers, the speech engine, this script)"
    )
    for problem in log.problems:
        print(f"  {problem}")
    if options.skip_uploads:
        return
    with tempfile.TemporaryDirectory() as folder:
        files = write_uploads(Path(folder))
        for at_once in (1, 2):
            for name, peak, shown in asyncio.run(upload_peaks(at_once, files)):
                truth = files[name][2]
                print(
                    f"{at_once} upload{'s' if at_once > 1 else ''} at once of a {name} "
                    f"({files[name][0].stat().st_size / 1e6:.1f} MB): server peak memory {peak:.0f} MB; "
                    f"read {shown} (it shows {truth})"
                )


if __name__ == "__main__":
    main()
