"""AppTest: the Explore MNIST page, every tab, with its defaults and after each control changes."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core import embedding
from tests.apptest import open_page
from tests.apptest import open_tab as open_tabs_tab

TABS = ["Class balance", "Samples", "Mean images", "Pixel statistics", "Embedding map", "Outliers"]
CHARTS_PER_TAB = {
    "Class balance": 1,
    "Samples": 0,
    "Mean images": 3,
    "Pixel statistics": 3,
    "Embedding map": 1,
}


@pytest.fixture
def explorer(tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv(embedding.CACHE_VARIABLE, str(tmp_path))  # maps computed here stay here
    return open_page("app_pages/explorer.py")


def open_tab(app: AppTest, name: str) -> AppTest:
    return open_tabs_tab(app, "explorer_tab", name)


def change(app: AppTest, widget) -> AppTest:
    widget.run()
    assert not app.exception
    return app


def test_the_first_tab_shows_the_balance_and_runs_nothing_else(explorer):
    assert explorer.title[0].value == "Explore MNIST"
    assert len(explorer.get("plotly_chart")) == 1
    metrics = {metric.label: metric.value for metric in explorer.metric}
    assert metrics["Most common digit (6,742 images)"] == "1"
    assert metrics["Rarest digit (5,421 images)"] == "5"
    change(explorer, explorer.toggle(key="balance_shares").set_value(True))


@pytest.mark.parametrize("tab", TABS)
def test_every_tab_runs_with_its_defaults(explorer, tab):
    app = open_tab(explorer, tab)
    assert len(app.get("plotly_chart")) == CHARTS_PER_TAB.get(tab, 0)
    if tab in ("Samples", "Outliers"):
        assert app.get("image")


def test_sample_controls(explorer):
    app = open_tab(explorer, "Samples")
    change(app, app.selectbox(key="samples_digit").set_value("7"))
    assert "of the digit 7" in app.get("image")[0].proto.imgs[0].caption
    change(app, app.number_input(key="samples_seed").set_value(5))
    change(app, next(button for button in app.button if button.label == "Reshuffle").click())
    assert app.session_state.samples_seed == 6


def test_mean_image_and_outlier_controls(explorer):
    app = open_tab(explorer, "Mean images")
    change(app, app.selectbox(key="difference_first").set_value(3))
    change(app, app.selectbox(key="difference_second").set_value(8))
    app = open_tab(app, "Outliers")
    change(app, app.slider(key="outliers_per_class").set_value(6))
    assert len(app.get("image")) == 10


def test_map_controls_use_the_shipped_default_then_compute(explorer):
    app = open_tab(explorer, "Embedding map")
    assert any("from the cache" in caption.value for caption in app.caption)
    change(app, app.radio(key="map_method").set_value("pca"))
    change(app, app.select_slider(key="map_size").set_value(1_000))
    change(app, app.number_input(key="map_seed").set_value(2))
    assert any("PCA map, just computed" in caption.value for caption in app.caption)
