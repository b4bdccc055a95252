"""AppTest: the predictor page, with and without something to read."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from core.data import load_mnist
from core.examples import example_number
from core.models import MODEL_NAMES, is_available
from core.reading.reader import NOT_SERVED
from tests.apptest import open_page


def open_predictor() -> AppTest:
    return open_page("app_pages/predictor.py", timeout=60)


def reading_shown(app: AppTest) -> str | None:
    for markdown in app.markdown:
        found = re.search(r'class="digitlab-reading"[^>]*>([^<]*)<', markdown.value)
        if found:
            return found.group(1)
    return None


def choose_example(app: AppTest) -> AppTest:
    app.get("button_group")[0].set_value("example").run()
    assert not app.exception
    return app


def test_an_empty_canvas_invites_a_drawing():
    app = open_predictor()
    assert app.title[0].value == "Read a number"
    assert any("Draw a number" in info.value for info in app.info)
    assert reading_shown(app) is None


def test_an_example_is_read_with_boxes_cards_and_confidences():
    app = choose_example(open_predictor())
    mnist = load_mnist()
    truth, _ = example_number(mnist.test_images, mnist.test_labels, seed=0)
    assert reading_shown(app) == truth
    # The boxed image, then one 28x28 frame per digit.
    assert len(app.get("image")) == 1 + len(truth)
    assert len(app.get("progress")) == len(truth)
    next(button for button in app.button if button.label == "Another example").click().run()
    assert not app.exception and app.session_state.example_seed == 1


def test_read_aloud_gives_audio_on_the_page():
    app = choose_example(open_predictor())
    next(button for button in app.button if button.label == "Read aloud").click().run()
    assert not app.exception
    assert len(app.get("audio")) == 1
    assert app.session_state.speech[2][:4] == b"RIFF"


def test_compare_reads_with_every_available_model():
    app = choose_example(open_predictor())
    app.toggle[0].set_value(True).run()
    assert not app.exception
    table = app.dataframe[0].value
    assert len(table) == sum(is_available(name) and name not in NOT_SERVED for name in MODEL_NAMES)
    assert "Convolutional network (Keras)" in set(table["Model"])


def test_each_model_can_be_chosen():
    app = choose_example(open_predictor())
    app.selectbox[0].set_value("logistic").run()
    assert not app.exception
    assert reading_shown(app)  # a weaker model may misread, but it reads


def test_without_a_speech_engine_the_button_says_what_to_install(monkeypatch):
    monkeypatch.setenv("DIGITLAB_SPEECH_DRIVER", "no_such_driver")
    app = choose_example(open_predictor())
    next(button for button in app.button if button.label == "Read aloud").click().run()
    assert not app.exception
    assert any("apt-get install espeak-ng" in warning.value for warning in app.warning)
    assert len(app.get("audio")) == 0
    assert reading_shown(app)  # the rest of the page still works
