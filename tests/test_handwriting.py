"""MNIST digits redrawn as people write them (core/models/handwriting.py), and the digit
classifier's training on them beside MNIST's own frames."""

from __future__ import annotations

import cv2
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


def test_european_variants_are_slashed_zeros_and_crossed_sevens_of_the_given_share(mnist):
    from core.models.handwriting import SLASHED_ZERO_WIDTH, european_variants

    images, labels = mnist.train_images[:3000], mnist.train_labels[:3000]
    frames, targets = european_variants(images, labels, 0.2, seed=3)
    again, _ = european_variants(images, labels, 0.2, seed=3)
    np.testing.assert_array_equal(frames, again)
    assert set(targets.tolist()) == {0, 7}
    sevens = int((labels == 7).sum())
    assert (targets == 7).sum() == round(0.2 * sevens)
    widths = np.array([cv2.boundingRect((image > 80).view(np.uint8))[2:] for image in images[labels == 0]])
    assert (targets == 0).sum() == round(0.2 * (widths[:, 0] >= SLASHED_ZERO_WIDTH * widths[:, 1]).sum())
    assert frames.dtype == np.uint8 and frames.shape[1:] == (28, 28)


def test_a_slash_crosses_the_zeros_hole_and_a_bar_crosses_the_sevens_stem(mnist):
    from core.models.handwriting import crossed_seven, slashed_zero

    rng = np.random.default_rng(0)
    zero = mnist.train_images[np.flatnonzero(mnist.train_labels == 0)[0]]
    slashed = slashed_zero(zero, rng)
    added = (slashed > 80) & ~(zero > 80)
    x, y, width, height = cv2.boundingRect((zero > 80).view(np.uint8))
    centre = added[y + height // 3 : y + 2 * height // 3, x + width // 3 : x + 2 * width // 3]
    assert centre.any()  # through the middle, where the hole was
    rows, columns = np.nonzero(added)
    assert np.corrcoef(columns, rows)[0, 1] < -0.8  # rising to the right: "/"

    seven = mnist.train_images[np.flatnonzero(mnist.train_labels == 7)[0]]
    crossed = crossed_seven(seven, rng)
    added = (crossed > 80) & ~(seven > 80)
    rows, columns = np.nonzero(added)
    x, y, width, height = cv2.boundingRect((seven > 80).view(np.uint8))
    assert y + 0.35 * height <= rows.mean() <= y + 0.75 * height  # across the middle of the stem
    assert np.ptp(columns) > 2 * np.ptp(rows)  # a bar: wider than tall


def test_european_digits_join_the_training_set_when_asked(mnist):
    from core.models.networks import _with_european_digits

    images, labels = mnist.train_images[:500], mnist.train_labels[:500].astype(np.int64)
    frames = images.astype(np.float32)[..., None] / 255
    joined, joined_labels = _with_european_digits(frames, labels, images, labels, 0.5, seed=0)
    np.testing.assert_array_equal(joined[:500], frames)
    assert len(joined) > 500 and set(joined_labels[500:].tolist()) == {0, 7}
    assert joined.dtype == frames.dtype and joined.max() <= 1.0
