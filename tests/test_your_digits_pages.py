"""AppTest: Your digits (Explore MNIST) and Your handwriting (Compare models)."""

from __future__ import annotations

import numpy as np
import pytest

from core import embedding
from core.collection import CollectionStore, KeptDigit
from core.collection.store import DATABASE_URL_VARIABLE
from core.data import load_mnist
from tests.apptest import open_page, open_tab


@pytest.fixture
def database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'kept.sqlite'}"
    monkeypatch.setenv(DATABASE_URL_VARIABLE, url)
    monkeypatch.setenv(embedding.CACHE_VARIABLE, str(tmp_path))
    return CollectionStore(url)


def keep_mnist_digits(store: CollectionStore, count: int, name: str = "my digits", wrong: int = 0) -> None:
    """`count` MNIST test digits, the first `wrong` of them labelled one higher than they are."""
    mnist = load_mnist()
    store.save(
        name,
        [
            KeptDigit(
                frame=mnist.test_images[index],
                label=(int(mnist.test_labels[index]) + (index < wrong)) % 10,
                source="example",
                read_as=int(mnist.test_labels[index]),
                confidence=0.99,
                model="cnn",
            )
            for index in range(count)
        ],
    )


def explorer_tab(name: str = "Your digits"):
    return open_tab(open_page("app_pages/explorer.py"), "explorer_tab", name)


def comparison_tab(name: str = "Your handwriting"):
    return open_tab(open_page("app_pages/comparison.py"), "comparison_tab", name)


def test_with_nothing_kept_both_tabs_say_where_digits_come_from(database):
    for app in (explorer_tab(), comparison_tab()):
        assert any("No digits kept yet" in info.value for info in app.info)
        assert not app.get("plotly_chart")


def test_your_digits_shows_counts_means_gallery_and_map(database):
    keep_mnist_digits(database, 40, wrong=2)
    app = explorer_tab()
    assert app.selectbox(key="collection").value == "my digits"
    charts = {chart.proto.id for chart in app.get("plotly_chart")}
    assert len(charts) == 3  # counts, means, the map with your digits
    table = app.dataframe[0].value
    assert len(table) == 40 and list(table["Digit"][:2]) != list(table["Read as"][:2])
    assert any("40 digits shown, 2 of them corrected" in caption.value for caption in app.caption)
    captions = [str(image.proto) for image in app.get("image")]
    assert any("most like it" in caption for caption in captions)  # your digit and its neighbours

    app.selectbox(key="your_gallery_digit").set_value("7").run()
    assert not app.exception
    assert set(app.dataframe[0].value["Digit"]) == {7}


def test_your_digits_map_places_them_on_pca_too(database):
    keep_mnist_digits(database, 12)
    app = explorer_tab()
    app.radio(key="your_map_method").set_value("pca").run()
    assert not app.exception and len(app.get("plotly_chart")) == 3


def test_collections_are_chosen_and_deleted_from_the_page(database):
    keep_mnist_digits(database, 5, name="alice")
    keep_mnist_digits(database, 8, name="bob")
    app = explorer_tab()
    assert app.selectbox(key="collection").options == ["bob (8 digits)", "alice (5 digits)"]
    app.selectbox(key="collection").set_value("alice").run()
    assert len(app.dataframe[0].value) == 5
    next(button for button in app.button if button.label == "Delete them").click().run()
    assert not app.exception
    assert database.collections() == {"bob": 8}


def test_your_handwriting_scores_every_served_model_beside_mnist(database):
    keep_mnist_digits(database, 20, wrong=4)
    app = comparison_tab()
    assert not app.exception
    table = app.dataframe[0].value
    cnn = table[table["Model"] == "Convolutional network (Keras)"].iloc[0]
    assert cnn["Read right"] == "16 of 20"  # the four relabelled digits count as misread
    assert cnn["Your digits (%)"] == pytest.approx(80.0)
    assert cnn["MNIST test (%)"] == pytest.approx(99.62)
    assert any("Only 20 digits" in warning.value for warning in app.warning)
    assert len(app.get("plotly_chart")) == 3  # accuracies, confusion, per digit
    # The per-model views open on the model that reads your digits best.
    best = table["Model"].iloc[0]
    chosen = app.selectbox(key="your_scores_model")
    assert chosen.format_func(chosen.value) == best


def test_an_unusable_database_is_a_warning_on_both_tabs(tmp_path, monkeypatch):
    damaged = tmp_path / "kept.sqlite"
    damaged.write_bytes(b"not a database" * 200)
    monkeypatch.setenv(DATABASE_URL_VARIABLE, f"sqlite:///{damaged}")
    for app in (explorer_tab(), comparison_tab()):
        assert any("Your digits cannot be kept" in warning.value for warning in app.warning)


def test_frames_round_trip_as_the_models_see_them(database):
    keep_mnist_digits(database, 3)
    frames, _ = database.arrays("my digits")
    assert np.array_equal(frames, load_mnist().test_images[:3])
