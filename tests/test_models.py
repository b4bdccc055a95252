"""Every registry model trains on a small stratified subset and generalises; the API is uniform."""

from __future__ import annotations

import numpy as np
import pytest

from core.data import load_mnist
from core.models import (
    MODEL_NAMES,
    ModelInputError,
    ModelNotTrainedError,
    get_spec,
    load_keras_model,
    load_model,
    new_model,
)
from core.training import read_training_record, train_model

TRAIN_SIZE = 2_000
HELD_OUT = slice(0, 1_000)  # test images: never seen in training

# Floors well above chance (10%) for 2,000 training images, a little under what each reaches.
FLOORS = {
    "logistic": 0.85,
    "knn": 0.88,
    "svm": 0.92,
    "tree": 0.65,
    "forest": 0.88,
    "mlp": 0.88,
    "dense": 0.86,
    "cnn": 0.90,
}
# The networks get fewer epochs here; small batches give batch norm enough steps.
QUICK_SETTINGS = {
    "dense": {"epochs": 8},
    "cnn": {"epochs": 4, "batch_size": 32},
    "mlp": {"max_iter": 30},
    "forest": {"n_estimators": 100},
}


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


@pytest.fixture(scope="module")
def trained(mnist, tmp_path_factory):
    """Each model trained once for this module: name -> (model, its artefact folder)."""
    cache = {}

    def get(name):
        if name not in cache:
            folder = tmp_path_factory.mktemp(name)
            run = train_model(
                name,
                mnist,
                train_size=TRAIN_SIZE,
                output_directory=folder,
                progress=None,
                **QUICK_SETTINGS.get(name, {}),
            )
            cache[name] = (run.model, folder)
        return cache[name]

    return get


def test_registry_holds_the_eight_models_with_what_a_student_reads():
    assert MODEL_NAMES == ("logistic", "knn", "svm", "tree", "forest", "mlp", "dense", "cnn")
    for name in MODEL_NAMES:
        spec = get_spec(name)
        assert spec.display_name and len(spec.description) > 60
        assert spec.hyperparameters
        assert spec.train_command == f"python -m core train --model {name}"


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_model_learns_from_a_small_subset(name, trained, mnist):
    model, folder = trained(name)
    images, labels = mnist.test_images[HELD_OUT], mnist.test_labels[HELD_OUT]
    probabilities = model.predict_proba(images)
    assert probabilities.shape == (1_000, 10)
    assert probabilities.dtype == np.float32
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-4)
    assert np.array_equal(model.predict(images), probabilities.argmax(axis=1))
    accuracy = (model.predict(images) == labels).mean()
    assert accuracy >= FLOORS[name], f"{name}: {accuracy:.3f}"

    record = read_training_record(name, folder)
    assert record.train_size == TRAIN_SIZE and record.validation_size == 5_000
    assert 0.5 < record.validation_accuracy <= 1.0
    assert record.fit_seconds > 0


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_save_then_load_gives_the_same_predictions(name, trained, mnist):
    model, folder = trained(name)
    images = mnist.test_images[:200]
    reloaded = load_model(name, folder)  # ONNX for the networks, joblib for the rest
    np.testing.assert_allclose(reloaded.predict_proba(images), model.predict_proba(images), atol=1e-5)
    if get_spec(name).family == "neural":
        keras_reloaded = load_keras_model(name, folder)
        np.testing.assert_array_equal(keras_reloaded.predict_proba(images), model.predict_proba(images))


@pytest.mark.parametrize("name", ["svm", "cnn"])
def test_bad_input_gets_a_clear_value_error(name, trained):
    model, _ = trained(name)
    good = np.zeros((2, 28, 28), np.uint8)
    with pytest.raises(ModelInputError, match=r"shape \(N, 28, 28\)"):
        model.predict_proba(np.zeros((2, 32, 32), np.uint8))
    with pytest.raises(ModelInputError, match="shape"):
        model.predict_proba(np.zeros(784, np.uint8))
    with pytest.raises(ModelInputError, match="dtype"):
        model.predict_proba(good.astype(np.int64))
    with pytest.raises(ModelInputError, match="NaN"):
        model.predict_proba(np.full((1, 28, 28), np.nan, np.float32))
    with pytest.raises(ModelInputError, match=r"\[0, 1\]"):
        model.predict_proba(np.full((1, 28, 28), 255.0, np.float32))
    with pytest.raises(ModelInputError, match="numpy array"):
        model.predict_proba([[0] * 28] * 28)
    assert isinstance(ModelInputError("x"), ValueError)
    # Empty batches and (N, 28, 28, 1) are fine.
    assert model.predict_proba(good[:0]).shape == (0, 10)
    assert model.predict_proba(good[..., None]).shape == (2, 10)


def test_bad_labels_are_refused_before_training(mnist, tmp_path):
    model = new_model("tree")
    images = mnist.train_images[:20]
    with pytest.raises(ModelInputError, match="labels"):
        model.fit(images, np.full(20, 12), images, np.zeros(20, np.int64))
    with pytest.raises(ModelInputError, match="20 labels"):
        model.fit(images, np.zeros(5, np.int64), images, np.zeros(20, np.int64))


def test_a_missing_model_names_the_command_that_builds_it(tmp_path):
    with pytest.raises(ModelNotTrainedError, match="python -m core train --model forest"):
        load_model("forest", tmp_path)
    with pytest.raises(KeyError, match="choose one of"):
        load_model("resnet", tmp_path)


def test_pen_lifts_cut_thin_gaps_into_training_digits_only():
    from core.models.networks import RandomPenLifts

    ink = np.ones((64, 28, 28, 1), np.float32)  # every pixel inked: every band shows
    cut = np.asarray(RandomPenLifts(rate=1.0, seed=0)(ink, training=True))
    assert cut.shape == ink.shape and cut.min() >= 0.0 and cut.max() <= 1.0
    missing = (1.0 - cut).reshape(64, -1).sum(axis=1)
    # Every image lost ink, in thin bands (three at most, 2 pixels wide, 14 long):
    # never more than a fifth of the frame.
    assert (missing > 1.0).all()
    assert missing.max() < 0.2 * 28 * 28
    # Different gaps for different images.
    assert len({tuple(np.round(image.ravel(), 3)) for image in cut}) == 64
    # At serving time, and with no pen lifts asked for, the digits pass untouched.
    np.testing.assert_array_equal(np.asarray(RandomPenLifts(rate=1.0)(ink, training=False)), ink)
    np.testing.assert_array_equal(np.asarray(RandomPenLifts(rate=0.0)(ink, training=True)), ink)


def test_served_networks_use_the_cores_the_process_may_run_on(monkeypatch):
    """Set explicitly: left at 0, onnxruntime pins its threads to cores, slower on the
    reader's small batches. A container's CPU set counts, not the host's cores."""
    import os

    from core.models import onnx_serving

    if hasattr(os, "sched_getaffinity"):
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 3, 5})
        assert onnx_serving.available_cores() == 3
        assert onnx_serving.serving_options().intra_op_num_threads == 3
        monkeypatch.undo()
    classifier = load_model("cnn")
    assert classifier.session.get_session_options().intra_op_num_threads == onnx_serving.available_cores()
