"""AppTest: the predictor page, with and without something to read."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from core.collection import CollectionStore
from core.collection.store import DATABASE_URL_VARIABLE
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
    assert any(caption.value.endswith(f": {len(truth)} digits.") for caption in app.caption)
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


def keep_button(app: AppTest):
    return next(button for button in app.button if button.label in ("Keep these digits", "Kept"))


def test_keeping_an_example_saves_its_digits_and_undo_takes_them_back(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'kept.sqlite'}"
    monkeypatch.setenv(DATABASE_URL_VARIABLE, url)
    app = choose_example(open_predictor())
    truth = reading_shown(app)
    true_digits = [box for box in app.selectbox if box.label == "True digit"]
    assert [box.value for box in true_digits] == [int(d) for d in truth]

    keep_button(app).click().run()
    assert not app.exception
    assert keep_button(app).label == "Kept" and keep_button(app).disabled
    assert any(f"Kept {len(truth)} digits in “my digits”" in message.value for message in app.success)
    kept = CollectionStore(url).digits("my digits")
    assert "".join(str(d.label) for d in kept) == truth
    assert {d.source for d in kept} == {"example"} and all(d.ink_png.startswith(b"\x89PNG") for d in kept)

    next(button for button in app.button if button.label == "Undo").click().run()
    assert not app.exception
    assert CollectionStore(url).collections() == {}
    assert any("Undone" in message.value for message in app.info)
    assert keep_button(app).label == "Keep these digits"


def test_a_correction_is_said_on_the_page_and_kept_with_the_true_label(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'kept.sqlite'}"
    monkeypatch.setenv(DATABASE_URL_VARIABLE, url)
    app = choose_example(open_predictor())
    truth = reading_shown(app)
    first = next(box for box in app.selectbox if box.label == "True digit")
    other = (int(truth[0]) + 1) % 10
    first.set_value(other).run()
    assert reading_shown(app) == truth  # the reading itself is not changed
    assert any(f"#1 read as {truth[0]}, you say {other}" in message.value for message in app.info)
    app.text_input(key="collection").set_value("class 4b").run()
    keep_button(app).click().run()
    (corrected, *_) = CollectionStore(url).digits("class 4b")
    assert (corrected.label, corrected.read_as, corrected.corrected) == (other, int(truth[0]), True)


def test_an_unusable_database_is_a_warning_and_reading_goes_on(monkeypatch, tmp_path):
    damaged = tmp_path / "kept.sqlite"
    damaged.write_bytes(b"not a database" * 200)
    monkeypatch.setenv(DATABASE_URL_VARIABLE, f"sqlite:///{damaged}")
    app = choose_example(open_predictor())
    assert reading_shown(app)
    assert any("Your digits cannot be kept" in warning.value for warning in app.warning)
    assert not [button for button in app.button if button.label == "Keep these digits"]


def test_the_why_panel_explains_a_digit_without_reading_again(monkeypatch):
    import core.reading.reader

    app = choose_example(open_predictor())
    truth = reading_shown(app)
    reads = []
    original = core.reading.reader.read_number
    monkeypatch.setattr(core.reading, "read_number", lambda *a, **k: reads.append(1) or original(*a, **k))

    next(button for button in app.button if button.label == "Why?").click().run()
    assert not app.exception
    assert reads == []  # the panel works from the reading already made
    assert app.subheader[0].value == f"Why #1 reads as {truth[0]}"
    assert len(app.get("plotly_chart")) == 1  # where each model's answer flips
    captions = " ".join(str(image.proto) for image in app.get("image"))
    assert f"ink it needs for {truth[0]}" in captions  # the occlusion map
    assert "looks most like" in " ".join(m.value for m in app.markdown)
    assert "nearest in the CNN" in captions and "centre of mass" in captions
    assert any("Multi-layer perceptron" in caption.value for caption in app.caption)

    app.get("button_group")[1].set_value("rotate").run()  # another change, two models
    assert not app.exception and reads == []
    next(button for button in app.button if button.label == "Close").click().run()
    assert not app.subheader
