"""MNIST digits redrawn as people write them (core/models/handwriting.py), and the digit
classifier's training on them beside MNIST's own frames."""

from __future__ import annotations

import numpy as np
import pytest

from core.data import load_mnist
from core.models.handwriting import (
    MASK_LEVEL,
    framed,
    out_of_focus,
    reader_view_frames,
    written_digit,
)
from core.reading.framing import MNIST_LAYOUT, stroke_width


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


def test_reader_view_frames_are_seeded_framed_and_labelled_by_their_digit(mnist):
    frames, labels = reader_view_frames(mnist.test_images, mnist.test_labels, 300, seed=4)
    again, _ = reader_view_frames(mnist.test_images, mnist.test_labels, 300, seed=4)
    other, _ = reader_view_frames(mnist.test_images, mnist.test_labels, 300, seed=5)
    assert frames.shape == (300, 28, 28) and frames.dtype == np.float32 and labels.dtype == np.uint8
    np.testing.assert_array_equal(frames, again)
    assert not np.array_equal(frames, other)
    assert set(labels.tolist()) == set(range(10))
    # Framed as the reader frames: full-strength ink, centre of mass near the middle,
    # the digit in the 20-pixel box (the centring moves a little past it, as in MNIST).
    assert (frames.reshape(300, -1).max(axis=1) > 0.99).all()
    rows, columns = np.mgrid[0:28, 0:28]
    mass = frames.sum(axis=(1, 2))
    assert np.abs((frames * rows).sum(axis=(1, 2)) / mass - 13.5).max() < 1.5
    assert np.abs((frames * columns).sum(axis=(1, 2)) / mass - 13.5).max() < 1.5
    ring = mass - frames[:, 2:-2, 2:-2].sum(axis=(1, 2))
    assert (ring / mass).mean() < 0.01


def test_written_digits_vary_in_width_and_stroke(mnist):
    rng = np.random.default_rng(0)
    seven = mnist.test_images[np.flatnonzero(mnist.test_labels == 7)[0]]
    drawings = [written_digit(seven, 100, rng, squeeze) for squeeze in (0.4, 1.0) for _ in range(20)]
    widths = [drawing.shape[1] for drawing in drawings]
    strokes = [stroke_width(drawing >= MASK_LEVEL) for drawing in drawings]
    assert max(widths[:20]) < min(widths[20:]) + 30  # squeezed ones are narrower, slant aside
    assert np.median(widths[:20]) < 0.7 * np.median(widths[20:])
    assert max(strokes) > 1.5 * min(strokes)  # a fine pen to a marker
    assert all(drawing.min() >= 0.0 and drawing.max() <= 1.0 for drawing in drawings)


def test_out_of_focus_softens_the_edges_but_keeps_the_stroke_dark(mnist):
    rng = np.random.default_rng(1)
    glyph = written_digit(mnist.test_images[0], 120, np.random.default_rng(2))
    for _ in range(10):
        blurred = out_of_focus(glyph, rng)
        assert blurred.max() >= 0.99  # the middle of a stroke stays ink
        soft = ((blurred > 0.05) & (blurred < 0.95)).sum()
        assert soft > ((glyph > 0.05) & (glyph < 0.95)).sum()  # more grey edge than before
        assert framed(blurred, MNIST_LAYOUT) is not None


def test_framed_says_none_for_ink_too_faint_for_the_reader():
    assert framed(np.full((40, 30), MASK_LEVEL / 2, np.float32), MNIST_LAYOUT) is None


def test_reader_view_frames_join_the_training_set_when_asked(mnist):
    from core.models.networks import _with_reader_view

    images, labels = mnist.train_images[:50], mnist.train_labels[:50].astype(np.int64)
    frames = images.astype(np.float32)[..., None] / 255
    joined, joined_labels = _with_reader_view(frames, labels, images, 2.0, seed=0)
    assert joined.shape == (150, 28, 28, 1) and joined_labels.shape == (150,)
    np.testing.assert_array_equal(joined[:50], frames)  # MNIST's own frames first, untouched
    assert set(joined_labels[50:].tolist()) <= set(labels.tolist())
