"""Opening the app's pages in Streamlit's AppTest, as every page test does."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from core import config


def open_page(path: str | None = None, timeout: float = 120) -> AppTest:
    """Run Home.py (page config and routing), then switch to `path` if given; no exception."""
    app = AppTest.from_file(str(config.PROJECT_ROOT / "Home.py"), default_timeout=timeout).run()
    if path is not None:
        app.switch_page(path).run()
    assert not app.exception, app.exception
    return app


def open_tab(app: AppTest, tabs_key: str, name: str) -> AppTest:
    """Select a tab of a lazily-run st.tabs (its key holds the open tab) and rerun."""
    app.session_state[tabs_key] = name
    app.run()
    assert not app.exception, app.exception
    return app
