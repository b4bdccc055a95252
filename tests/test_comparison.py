"""AppTest: the Compare models page with the committed results, damaged results, and training."""

from __future__ import annotations

import re
import shutil

import pytest
from streamlit.testing.v1 import AppTest

import core.cache
from core import config
from tests.apptest import open_page
from tests.apptest import open_tab as open_tabs_tab

TABS = ["Leaderboard", "Trade-offs", "Confusion", "Per digit", "ROC", "Mistakes", "Train your own"]


def open_comparison() -> AppTest:
    return open_page("app_pages/comparison.py")


def open_tab(app: AppTest, name: str) -> AppTest:
    return open_tabs_tab(app, "comparison_tab", name)


@pytest.mark.parametrize("tab", TABS)
def test_every_tab_runs_with_the_committed_results(tab):
    app = open_tab(open_comparison(), tab)
    assert not app.error
    if tab in ("Leaderboard", "Trade-offs", "Confusion", "Per digit", "ROC"):
        assert app.get("plotly_chart")


def test_controls_of_the_confusion_and_mistakes_tabs():
    app = open_tab(open_comparison(), "Confusion")
    app.selectbox(key="confusion_second").set_value("svm").run()
    app.radio(key="confusion_view").set_value("difference").run()
    app.toggle(key="confusion_normalised").set_value(True).run()
    assert not app.exception
    assert any("reads correctly" in markdown.value for markdown in app.markdown)
    app = open_tab(app, "Mistakes")
    app.selectbox(key="mistakes_true").set_value(9).run()
    app.selectbox(key="mistakes_predicted").set_value(4).run()
    assert not app.exception
    assert any("mistakes" in markdown.value for markdown in app.markdown)


@pytest.mark.parametrize("damage", ["missing", "damaged"])
def test_unusable_results_get_a_message_naming_the_rebuild_command(tmp_path, monkeypatch, damage):
    shutil.copy(config.MODELS_DIR / "test_predictions.npz", tmp_path)
    if damage == "damaged":
        (tmp_path / "results.json").write_text('{"models": {"cnn": ')
    real = core.cache.committed_results
    monkeypatch.setattr(core.cache, "committed_results", lambda: real(tmp_path))
    app = open_comparison()
    assert not app.exception
    assert len(app.error) == 1
    assert f"results.json is {damage}" in app.error[0].value
    assert "python -m core evaluate --model all" in app.error[0].value
    assert not app.get("plotly_chart")


def test_training_a_small_model_adds_a_session_entry_everywhere():
    app = open_tab(open_comparison(), "Train your own")
    app.selectbox(key="train_model").set_value("tree").run()
    app.select_slider(key="train_size").set_value(1_000).run()
    # The settings come from the registry, in words, each with a sentence of help.
    depth = app.selectbox(key="train_tree_max_depth")
    assert depth.label == "Deepest question chain" and "yes/no questions" in depth.help
    assert depth.options[0] == "no limit"
    next(button for button in app.button if button.label == "Train").click().run()
    assert not app.exception
    trained = list(app.session_state.session_models)
    assert trained == [
        "Decision tree, 1,000 images (Deepest question chain: no limit, Fewest images per answer: 1)"
    ]
    assert trained[0] in app.session_state.shown_models
    (success,) = app.success
    # A fit of under ten seconds is said with its tenths, never "trained in 0 s".
    assert "test accuracy" in success.value and re.search(r"trained in \d+\.\d s", success.value)
    assert not app.info  # it finished: no word of a cancellation
    app = open_tab(app, "Leaderboard")
    table = app.dataframe[0].value
    assert trained[0] in set(table["Model"]) and "yours" in set(table["Source"])
    row = table[table["Model"] == trained[0]].iloc[0]
    assert row["Published (%)"] == "—"  # the full tree's published figure is not this model's
    leaderboard = app.get("plotly_chart")[0].proto.spec
    assert "trained this session" in leaderboard


def test_a_training_run_that_stops_before_it_ends_says_so_on_the_next_run():
    app = open_tab(open_comparison(), "Train your own")
    app.session_state["training_cancelled"] = True  # what a run cut short by Cancel leaves
    app.run()
    assert any("Training stopped" in info.value for info in app.info)
    app.run()
    assert not any("Training stopped" in info.value for info in app.info)  # said once


def _images(app: AppTest) -> list:
    found = []

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            if getattr(child, "type", None) == "image":
                found.append(child)
            walk(child)

    walk(app._tree)
    return found


def test_each_mistake_tile_carries_its_own_caption():
    """Under each tile "true → read as, confidence": they were one paragraph of 38 labels."""
    app = open_tab(open_comparison(), "Mistakes")
    app.selectbox(key="mistakes_model").set_value("cnn").run()
    mistakes, everyone = _images(app)
    captions = [tile.caption for tile in mistakes.proto.imgs]
    assert len(captions) > 10 and all(re.fullmatch(r"\d → \d, \d+%", caption) for caption in captions)
    assert all(re.fullmatch(r"a \d", tile.caption) for tile in everyone.proto.imgs)


def test_charts_say_how_to_read_them():
    app = open_tab(open_comparison(), "Per digit")
    assert any(re.search(r"axis starts at \d+%, not 0", caption.value) for caption in app.caption)
    app = open_tab(app, "Confusion")
    assert any("scaled to the largest mistake" in caption.value for caption in app.caption)
    app = open_tab(app, "Trade-offs")
    assert any("accuracy is not" in caption.value for caption in app.caption)
