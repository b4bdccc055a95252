"""Damaged files the app keeps (models, predictions, maps, statistics): a message naming
the fix, or a silent rebuild for what is only a cache; never a traceback (issue 14)."""

from __future__ import annotations

import numpy as np
import pytest
import streamlit as st

from core import config, embedding, explore
from core.__main__ import main
from core.compare import read_predictions
from core.data import load_mnist
from core.evaluate import PREDICTIONS_FILE, ResultsError
from core.files import DamagedFileError, read_arrays, save_arrays
from core.models import MODEL_NAMES, SPECS, ModelFileError, damage_in_file, is_available, load_model
from core.reading.sequence import load_sequence_reader
from core.reading.verifier import load_verifier
from tests.apptest import open_page


def truncated(source, destination, keep: float = 0.5):
    content = source.read_bytes()
    destination.write_bytes(content[: int(len(content) * keep)])
    return destination


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


@pytest.mark.parametrize("name", ["cnn", "logistic", "knn"])
@pytest.mark.parametrize(
    "damage", ["truncated", "cut near the end", "empty", "noise", "noise after zlib's header"]
)
def test_a_damaged_model_file_is_found_and_names_the_command_that_rebuilds_it(tmp_path, name, damage):
    """Loading it says so, and so does the check that does not load it (what the
    predictor runs before offering a model)."""
    suffix = "onnx" if SPECS[name].family == "neural" else "joblib"
    source = config.MODELS_DIR / f"{name}.{suffix}"
    target = tmp_path / source.name
    noise = np.random.default_rng(0).bytes(4096)
    if damage == "truncated":
        truncated(source, target)
    elif damage == "cut near the end":
        truncated(source, target, keep=0.9)
    elif damage == "empty":
        target.write_bytes(b"")
    elif damage == "noise":
        target.write_bytes(noise)
    else:
        target.write_bytes(b"x\x9c" + noise)
    expected = f"{target.name} is damaged.*`{SPECS[name].train_command}`"
    with pytest.raises(ModelFileError, match=expected):
        load_model(name, tmp_path)
    with pytest.raises(ModelFileError, match=expected):
        raise damage_in_file(name, tmp_path) or AssertionError("the check found nothing")


def test_every_shipped_model_file_is_whole():
    for name in MODEL_NAMES:
        if is_available(name):
            assert damage_in_file(name) is None, name


def test_truncated_predictions_are_a_results_error_naming_the_rebuild(tmp_path):
    truncated(config.MODELS_DIR / PREDICTIONS_FILE, tmp_path / PREDICTIONS_FILE)
    with pytest.raises(ResultsError, match="damaged.*python -m core evaluate"):
        read_predictions(tmp_path)


def test_read_arrays_turns_every_kind_of_damage_into_one_error(tmp_path):
    path = tmp_path / "arrays.npz"
    save_arrays(path, compress=True, values=np.arange(100_000))
    for content in (path.read_bytes()[:200], path.read_bytes()[:-50], b"", b"PK\x03\x04 not a zip"):
        damaged = tmp_path / "damaged.npz"
        damaged.write_bytes(content)
        with pytest.raises(DamagedFileError, match="damaged.npz is damaged"):
            read_arrays(damaged)


def test_a_damaged_cached_map_is_computed_again(mnist, tmp_path, monkeypatch):
    monkeypatch.setenv(config.CACHE_VARIABLE, str(tmp_path))
    first = embedding.embed(mnist.train_images, mnist.train_labels, "pca", 1_000, seed=5)
    (cached,) = (tmp_path / "embeddings").glob("*.npz")
    truncated(cached, cached)
    again = embedding.embed(mnist.train_images, mnist.train_labels, "pca", 1_000, seed=5)
    assert not again.from_cache
    np.testing.assert_allclose(again.coordinates, first.coordinates, atol=1e-4)
    assert read_arrays(cached)["coordinates"].shape == (1_000, 2)  # rewritten whole


def test_damaged_statistics_are_computed_again(mnist, tmp_path, monkeypatch):
    monkeypatch.setenv(config.CACHE_VARIABLE, str(tmp_path))
    images, labels = mnist.train_images[:600], mnist.train_labels[:600]
    first = explore.describe_cached(images, labels, mnist.test_labels)
    (cached,) = (tmp_path / "statistics").glob("*.npz")
    cached.write_bytes(b"PK\x03\x04 damaged")
    again = explore.describe_cached(images, labels, mnist.test_labels)
    np.testing.assert_allclose(again.means, first.means)
    read_arrays(cached)  # rewritten whole


def test_a_damaged_verifier_is_left_out_and_reading_goes_on(tmp_path, mnist):
    damaged = truncated(config.MODELS_DIR / "verifier.onnx", tmp_path / "verifier.onnx")
    assert load_verifier(damaged) is None
    assert load_verifier(tmp_path / "missing.onnx") is None


def test_a_damaged_sequence_reader_is_left_out_and_reading_goes_on(tmp_path, caplog):
    damaged = truncated(config.MODELS_DIR / "sequence.onnx", tmp_path / "sequence.onnx")
    assert load_sequence_reader(damaged) is None
    assert "python -m core train-sequence" in caplog.text
    assert load_sequence_reader(tmp_path / "missing.onnx") is None


@pytest.fixture
def model_caches():
    """core.cache, with its loaded models and what it knows of damaged files forgotten
    before and after the test."""
    import core.cache

    st.cache_resource.clear()
    core.cache._damaged_models.clear()
    yield core.cache
    st.cache_resource.clear()
    core.cache._damaged_models.clear()


def damaged(name: str, file_name: str) -> ModelFileError:
    return ModelFileError(f"{SPECS[name].display_name} cannot be loaded: {file_name} is damaged (test).")


@pytest.fixture
def damaged_cnn(monkeypatch, model_caches):
    """The page's loader fails on the CNN's file (the real one stays untouched)."""
    real_load_model = model_caches.load_model

    def load_model_with_a_damaged_cnn(name, *args, **kwargs):
        if name == "cnn":
            raise damaged("cnn", "cnn.onnx")
        return real_load_model(name, *args, **kwargs)

    monkeypatch.setattr(model_caches, "load_model", load_model_with_a_damaged_cnn)


def test_the_predictor_does_not_offer_a_model_whose_file_is_damaged(damaged_cnn):
    app = open_page("app_pages/predictor.py", timeout=60)
    app.get("button_group")[0].set_value("example").run()
    assert not app.exception
    assert any("cnn.onnx is damaged" in warning.value for warning in app.warning)
    chooser = app.selectbox(key="reader")
    assert "cnn" not in chooser.options and SPECS["cnn"].display_name not in chooser.options
    # Another model reads meanwhile.
    assert any('class="digitlab-reading"' in markdown.value for markdown in app.markdown)


def test_the_command_line_names_the_fix_for_a_damaged_model(tmp_path, monkeypatch, capsys):
    import core.reading

    def damaged(*args, **kwargs):
        raise ModelFileError(
            "Convolutional network cannot be loaded: cnn.onnx is damaged (test). Rebuild it."
        )

    monkeypatch.setattr(core.reading, "read_number", damaged)
    image = tmp_path / "number.png"
    image.write_bytes(b"unused")
    assert main(["read", str(image)]) == 2
    assert "cnn.onnx is damaged" in capsys.readouterr().err


@pytest.fixture
def damaged_svm_file(monkeypatch, model_caches):
    """The SVM's file looks damaged to the check that does not load it."""
    real_check = model_caches.damage_in_file
    monkeypatch.setattr(
        model_caches,
        "damage_in_file",
        lambda name, *args: damaged("svm", "svm.joblib") if name == "svm" else real_check(name, *args),
    )


def test_a_damaged_model_that_is_not_chosen_is_not_offered_either(damaged_svm_file):
    app = open_page("app_pages/predictor.py", timeout=60)
    assert any("svm.joblib is damaged" in warning.value for warning in app.warning)
    chooser = app.selectbox(key="reader")
    assert SPECS["svm"].display_name not in chooser.options
    assert SPECS["cnn"].display_name in chooser.options
