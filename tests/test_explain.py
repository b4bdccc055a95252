"""core/explain.py: occlusion, neighbours, framing steps, probes, and the Why panel's bundle."""

from __future__ import annotations

import numpy as np
import pytest

from core import explain
from core.data import load_mnist
from core.models import ModelNotTrainedError
from core.reading import read_number
from core.reading.framing import to_mnist_frame
from tests.drawing import blank, on_transparent, one, zero

FAITHFULNESS_DIGITS = 200


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


def frame_of(mnist, index: int) -> np.ndarray:
    return mnist.test_images[index].astype(np.float32) / 255.0


@pytest.mark.parametrize("model", ["cnn", "logistic"])
def test_occlusion_is_a_deterministic_map_of_the_frame(mnist, model):
    heat = explain.occlusion(frame_of(mnist, 0), model)
    assert heat.shape == (28, 28) and heat.dtype == np.float32
    assert np.array_equal(heat, explain.occlusion(frame_of(mnist, 0), model))
    # Hiding blank corners changes nothing; what matters most lies on the ink (even for a
    # digit read at 99.99%, where each hidden square moves the probability only a little).
    assert abs(heat[0, 0]) < 1e-4 and heat.max() > 0
    row, column = np.unravel_index(heat.argmax(), heat.shape)
    assert frame_of(mnist, 0)[max(0, row - 2) : row + 3, max(0, column - 2) : column + 3].max() > 0.5


def test_occlusion_is_faithful_hiding_the_top_pixels_hurts_far_more_than_random_ink(mnist):
    """Over 200 test digits: hide the 10% of a digit's ink that occlusion marks most
    important, or 10% of its ink at random, and compare the fall in the CNN's confidence."""
    top_fall, random_fall = explain.faithfulness(mnist.test_images[:FAITHFULNESS_DIGITS], "cnn")
    # Measured: 0.216 against 0.005 over 1,000 digits (README, "Why? Explaining a reading").
    assert top_fall > 0.1
    assert top_fall > 10 * random_fall


def test_faithfulness_compares_like_with_like():
    """A model that ignores its input loses nothing either way: the measure is not rigged."""

    class Constant:
        def predict_proba(self, images):
            return np.tile(np.linspace(0.01, 0.1, 10, dtype=np.float32), (len(images), 1))

    frames = np.zeros((3, 28, 28), np.uint8)
    frames[:, 8:20, 12:16] = 255
    assert explain.faithfulness(frames, Constant()) == (0.0, 0.0)


def test_the_nearest_training_digits_of_a_training_digit_start_with_itself(mnist):
    indices, distances = explain.neighbours(mnist.train_images[123])
    assert indices.shape == (5,) and distances.shape == (5,)
    assert indices[0] == 123 and distances[0] == pytest.approx(0.0, abs=1e-3)
    assert np.all(np.diff(distances) >= 0)
    assert (mnist.train_labels[indices] == mnist.train_labels[123]).all()
    again, _ = explain.neighbours(mnist.train_images[123])
    assert np.array_equal(indices, again)


def test_neighbours_of_test_digits_mostly_share_their_label(mnist):
    agree = [
        (
            mnist.train_labels[explain.neighbours(mnist.test_images[index], k=1)[0]]
            == mnist.test_labels[index]
        )[0]
        for index in range(50)
    ]
    assert np.mean(agree) >= 0.95


def test_a_missing_features_file_names_the_command_that_exports_it(tmp_path, monkeypatch):
    import core.models

    monkeypatch.setattr(core.models, "artefact_path", lambda name: tmp_path / f"{name}.onnx")
    with pytest.raises(ModelNotTrainedError, match="python -m core export-features --model cnn"):
        explain.features_model("cnn")


def test_framing_steps_end_in_the_frame_the_model_saw():
    ink = blank()
    one(ink, 100)
    zero(ink, 300)
    reading = read_number(on_transparent(ink))
    digit = reading.digits[1]
    steps = explain.framing_steps(digit.ink, digit.mask)
    assert [step.title for step in steps] == ["cropped", "stroke weight", "20-pixel box", "centre of mass"]
    assert steps[0].image.shape == digit.ink.shape
    assert steps[2].image.shape == steps[3].image.shape == (28, 28)
    assert np.allclose(steps[3].image, digit.frame, atol=1e-6)
    assert np.allclose(steps[3].image, to_mnist_frame(digit.ink, digit.mask), atol=1e-6)
    # The 20-pixel box: the longer side of the ink is 20 pixels before centring.
    rows, columns = np.nonzero(steps[2].image > 0.05)
    assert max(np.ptp(rows), np.ptp(columns)) + 1 in (20, 21)


@pytest.mark.parametrize(
    ("change", "amount"), [("rotate", 0), ("shift", 0), ("thicken", 0), ("thin", 0), ("erase", 0.0)]
)
def test_no_change_leaves_the_frame_as_it_was(mnist, change, amount):
    frame = frame_of(mnist, 3)
    assert np.allclose(explain.changed(frame, change, amount), frame, atol=1e-6)


def test_each_change_does_what_it_says(mnist):
    frame = frame_of(mnist, 3)
    assert explain.changed(frame, "erase", 0.5)[:14].max() == 0.0
    assert explain.changed(frame, "thicken", 2).sum() > frame.sum() > explain.changed(frame, "thin", 1).sum()
    shifted = explain.changed(frame, "shift", 3)
    assert np.allclose(shifted[:, 3:], frame[:, :-3], atol=1e-6)
    with pytest.raises(ValueError, match="unknown change"):
        explain.changed(frame, "melt", 1)


def test_probe_gives_one_row_per_model_and_amount(mnist):
    rows = explain.probe(frame_of(mnist, 0), "shift", model_names=["cnn", "mlp"])
    assert len(rows) == 2 * len(explain.PROBE_AMOUNTS["shift"])
    unchanged = [row for row in rows if row.amount == 0]
    assert {row.read for row in unchanged} == {int(mnist.test_labels[0])}


def test_an_mlp_breaks_under_shifting_far_sooner_than_the_cnn(mnist):
    """The probe shows what convolution buys: over 40 test digits, the shift at which each
    model first reads another digit (6 when it never does within the range)."""
    reach = {"cnn": [], "mlp": []}
    for index in range(40):
        rows = explain.probe(frame_of(mnist, index), "shift", model_names=["cnn", "mlp"])
        for model, (below, above) in explain.flip_points(rows, int(mnist.test_labels[index])).items():
            reach[model].append(min(-below if below is not None else 6, above if above is not None else 6))
    assert np.mean(reach["mlp"]) + 1 < np.mean(reach["cnn"])


def test_flip_points():
    rows = [
        explain.ProbeRow("m", amount, read, 0.5)
        for amount, read in ((-2, 3), (-1, 7), (0, 7), (1, 7), (2, 7))
    ]
    assert explain.flip_points(rows, 7) == {"m": (-2, None)}


def test_explain_bundles_everything_for_one_digit(mnist):
    ink = blank()
    one(ink, 100)
    zero(ink, 300)
    digit = read_number(on_transparent(ink)).digits[0]
    why = explain.explain(digit.frame, digit.ink, digit.mask, "cnn")
    assert why.digit == digit.digit and why.heat.shape == (28, 28)
    assert len(why.neighbour_indices) == 5 and len(why.steps) == 4
    assert set(why.probes) == set(explain.PROBE_AMOUNTS) and why.occluded_versions == 169
