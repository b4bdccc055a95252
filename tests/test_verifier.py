"""The verifier: trained pieces, the shipped network, and its place in the reader."""

from __future__ import annotations

import json

import numpy as np
import pytest

from core import config
from core.data import load_mnist
from core.models.verifier import candidate_frames, train_verifier
from core.reading.verifier import Verifier, load_verifier
from tests import drawing


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


def test_candidate_frames_are_seeded_balanced_and_labelled(mnist):
    frames, targets, texts = candidate_frames(mnist.test_images, mnist.test_labels, 400, seed=5)
    again, _, _ = candidate_frames(mnist.test_images, mnist.test_labels, 400, seed=5)
    assert frames.shape == (400, 28, 56) and frames.dtype == np.float32
    np.testing.assert_array_equal(frames, again)
    assert 0.4 < targets.mean() < 0.65  # about half are one whole digit
    lengths = np.char.str_len(texts)
    assert (lengths[targets == 1] == 1).all()  # one digit: its own label
    assert ((lengths[targets == 0] == 0) | (lengths[targets == 0] >= 2)).all()  # fragments, or 2+ digits
    assert frames.max() <= 1.0 and (frames.reshape(400, -1).max(axis=1) > 0.9).all()


def test_training_writes_a_verifier_the_reader_can_load_into_a_new_folder(mnist, tmp_path):
    folder = tmp_path / "new" / "verifier"
    record = train_verifier(
        mnist,
        folder,
        progress=lambda fraction, message: None,
        train_pieces=512,
        validation_pieces=128,
        test_pieces=128,
        epochs=1,
    )
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [*record["artefacts"], "verifier.training.json"]
    )
    frames, _, _ = candidate_frames(mnist.test_images, mnist.test_labels, 8, seed=5)
    probabilities = Verifier(folder / "verifier.onnx").one_digit(frames)
    assert probabilities.shape == (8,) and ((probabilities >= 0) & (probabilities <= 1)).all()


def test_shipped_verifier_tells_one_digit_from_not_on_held_out_test_pieces(mnist):
    """Pieces from MNIST test digits (the verifier trained on training digits only)."""
    verifier = load_verifier()
    assert verifier is not None, "models/verifier.onnx is missing: python -m core train-verifier"
    frames, targets, _ = candidate_frames(mnist.test_images, mnist.test_labels, 600, seed=11)
    predicted = verifier.one_digit(frames) >= 0.5
    assert (predicted == (targets == 1)).mean() >= 0.93


def test_recorded_verifier_accuracy_is_the_held_out_one():
    record = json.loads((config.MODELS_DIR / "verifier.training.json").read_text())
    assert record["test_accuracy"] >= 0.95
    assert set(record["test_accuracy_by_kind"]) == {"one digit", "several digits", "fragment or mark"}


@pytest.mark.parametrize("text", ["00", "88", "10", "20", "77"])
def test_two_narrow_digits_framed_together_are_not_one_digit(text):
    from core.reading.framing import WIDE_LAYOUT, to_frame

    ink = drawing.narrow_number(text, width=45, gap=25)
    mask = ink >= 0.3
    rows, columns = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    box = (slice(rows[0], rows[-1] + 1), slice(columns[0], columns[-1] + 1))
    frame = to_frame(ink[box], mask[box], WIDE_LAYOUT)
    left_digit = (array[box][:, : (columns[-1] - columns[0]) // 2 - 10] for array in (ink, mask))
    single = to_frame(*left_digit, WIDE_LAYOUT)
    verifier = load_verifier()
    assert verifier.one_digit(frame[None])[0] < 0.5
    assert verifier.one_digit(single[None])[0] > 0.5


def test_reader_works_without_a_verifier(monkeypatch):
    """A missing verifier file leaves the reader as it was before it existed."""
    from core.reading import reader

    monkeypatch.setattr(reader, "load_verifier", lambda: None)
    reading = reader.read_number(drawing.on_canvas(drawing.zero(drawing.one(drawing.blank(), 150), 300)))
    assert reading.text == "10" and all(digit.one_digit == 1.0 for digit in reading.digits)
