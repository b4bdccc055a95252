"""Start the app on a free port and drive it with Debian's Chromium.

Used by the browser tests' fixtures and by `make screenshots`. Playwright cannot
download its own browser here, so it launches the system one (/usr/bin/chromium,
or $DIGITLAB_CHROMIUM) through executable_path.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.config import PROJECT_ROOT

CHROMIUM_PATH = Path(os.environ.get("DIGITLAB_CHROMIUM", "/usr/bin/chromium"))
# Without the network flags Chromium keeps dialling out, which this sandbox refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_SECONDS = 90


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class AppFailedToStart(RuntimeError):
    pass


@contextmanager
def running_app(extra_environment: dict[str, str] | None = None) -> Iterator[str]:
    """Run `streamlit run Home.py` headless; yield its URL once healthy; always stop it."""
    with running_app_process(extra_environment) as (url, _):
        yield url


@contextmanager
def running_app_process(
    extra_environment: dict[str, str] | None = None,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """As running_app, yielding the server process too (for memory measurements)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    environment = {**os.environ, **(extra_environment or {})}
    with tempfile.TemporaryFile(mode="w+") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "Home.py",
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(port),
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stopping it stops its children too
        )
        try:
            _wait_until_healthy(url, server, log)
            yield url, server
        finally:
            _stop(server)


def _wait_until_healthy(url: str, server: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise AppFailedToStart(f"streamlit exited with status {server.returncode}:\n{log.read()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.25)
    log.seek(0)
    raise AppFailedToStart(f"streamlit was not healthy after {STARTUP_SECONDS} s:\n{log.read()}")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def launch_chromium(playwright):
    if not CHROMIUM_PATH.exists():
        raise FileNotFoundError(
            f"No Chromium at {CHROMIUM_PATH}. Install it with `sudo apt-get install chromium` "
            "(make test does this when run as root), or set DIGITLAB_CHROMIUM to a Chromium binary."
        )
    return playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS, headless=True)


def wait_for_script_to_finish(page, timeout_ms: int = 60_000) -> None:
    """Wait until Streamlit is connected and has finished running the page's script.

    The stApp element carries the script state ("initial", "running", "notRunning"),
    as Streamlit's own browser tests read it.
    """
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]',
        timeout=timeout_ms,
    )


@contextmanager
def checked_page(browser, url: str, viewport: dict | None = None):
    """The app at `url`, opened in a fresh browser context, its script finished; on the way
    out, fails if the page showed an exception box or the browser saw a JavaScript error."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    try:
        page.goto(url)
        wait_for_script_to_finish(page)
        yield page
        assert page.locator('[data-testid="stException"]').count() == 0
        assert not errors
    finally:
        context.close()
