"""MNIST digits redrawn the ways people write them, and framed the way the reader frames them.

MNIST's digits were written with one kind of pen, scanned, and brought to a 20-pixel box
by one recipe. The reader meets digits drawn at any size with anything from a fine pen or
a mouse line to a marker, narrow or slanted, with pen lifts, out of focus, and frames them
itself (`core.reading.framing`). Both networks that judge what the reader frames learn
from this module's drawings:

- the verifier (`core.models.verifier`): pieces that are one digit, several, or neither;
- the digit classifier (`core.models.networks`): single digits drawn as below and framed
  by the reader's own framing, beside MNIST's frames, so that what it learns is what it
  is later shown (`reader_view_frames`), and slashed zeros and crossed sevens
  (`european_variants`); both only when asked, as tried in models/README.md.

Needs only numpy and OpenCV.
"""

from __future__ import annotations

import cv2
import numpy as np

from core.examples import render_digit
from core.reading.framing import MNIST_LAYOUT, FrameLayout, to_frame

# Digit heights in pixels, from a small photo to a large canvas.
HEIGHT_RANGE = (28, 140)
MAX_SLANT = 0.35
# A share of writers draw narrow digits (a 0 or an 8 a third as wide as tall, on a canvas
# with the mouse): their width is scaled by NARROW_SQUEEZE.
NARROW_SHARE = 0.35
NARROW_SQUEEZE = (0.35, 0.8)
MASK_LEVEL = 0.3  # the reader's canvas threshold: ink at or above it is the mask
# Blur of an out-of-focus or shaken photo, as a share of the digit's height: the reader's
# ink map keeps it, and the frame shows it as a thick, soft stroke.
BLUR_SHARE = 0.3
BLUR_RANGE = (0.01, 0.06)


def slanted(glyph: np.ndarray, slant: float) -> np.ndarray:
    """Shear a glyph horizontally (italic writing), widening its canvas to keep it whole."""
    height, width = glyph.shape
    # x' = x - slant * y + offset: the top leans right for a positive slant.
    matrix = np.float32([[1, -slant, max(0.0, slant) * height], [0, 1, 0]])
    return cv2.warpAffine(glyph, matrix, (width + int(np.ceil(abs(slant) * height)), height))


def written_digit(
    digit: np.ndarray, height: int, rng: np.random.Generator, squeeze: float = 1.0
) -> np.ndarray:
    """A digit drawn `height` tall, `squeeze` times its width (narrow writing), slanted,
    with a stroke from a fine pen to a marker: float32 ink in [0, 1]."""
    glyph = render_digit(digit, height, float(rng.uniform(0.25, 0.6)))
    if squeeze != 1.0:
        glyph = cv2.resize(glyph, (max(3, int(glyph.shape[1] * squeeze)), glyph.shape[0]))
    pen = rng.uniform()
    radius = max(1, int(height * rng.uniform(0.01, 0.04)))
    if pen < 0.25:  # a fine pen or a mouse line: thinner than MNIST's strokes
        glyph = cv2.erode(glyph, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1,) * 2))
    elif pen > 0.85:  # a marker
        glyph = cv2.dilate(glyph, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1,) * 2))
    slant = float(rng.uniform(-MAX_SLANT, MAX_SLANT))
    if abs(slant) > 0.05:
        glyph = slanted(glyph, slant)
    return glyph


def writer_squeeze(rng: np.random.Generator) -> float:
    """How narrow one writer's digits are: a third of the time much narrower than MNIST's."""
    return (
        float(rng.uniform(*NARROW_SQUEEZE)) if rng.uniform() < NARROW_SHARE else float(rng.uniform(0.85, 1.2))
    )


def pen_lifts(glyph: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Thin bands of missing ink across the strokes, as where a pen skipped."""
    height, width = glyph.shape
    cuts = np.ones_like(glyph)
    for _ in range(int(rng.integers(1, 3))):
        centre = np.array([rng.uniform(0, width), rng.uniform(0, height)])
        angle = rng.uniform(0, np.pi)
        half = 0.15 * height * np.array([np.cos(angle), np.sin(angle)])
        thickness = max(1, int(round(height * rng.uniform(0.02, 0.05))))
        start, end = (centre - half).astype(int), (centre + half).astype(int)
        cv2.line(cuts, tuple(int(v) for v in start), tuple(int(v) for v in end), 0.0, thickness)
    return glyph * cuts


def out_of_focus(glyph: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A Gaussian or a straight motion blur of BLUR_RANGE of the height, strokes kept dark."""
    height = glyph.shape[0]
    size = height * rng.uniform(*BLUR_RANGE)
    pad = int(np.ceil(2 * size)) + 1
    glyph = cv2.copyMakeBorder(glyph, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=0)
    if rng.uniform() < 0.5:
        blurred = cv2.GaussianBlur(glyph, (0, 0), max(size / 2, 0.5))
    else:
        length = max(3, int(size * 1.5))
        kernel = np.zeros((length, length), np.float32)
        angle = rng.uniform(0, np.pi)
        middle = (length - 1) / 2
        reach = np.array([np.cos(angle), np.sin(angle)]) * middle
        start = tuple(int(round(v)) for v in (middle - reach[0], middle - reach[1]))
        end = tuple(int(round(v)) for v in (middle + reach[0], middle + reach[1]))
        cv2.line(kernel, start, end, 1.0, 1)
        blurred = cv2.filter2D(glyph, -1, kernel / kernel.sum())
    # A photo's ink stays dark in the middle of a stroke however soft its edges.
    peak = float(blurred.max())
    return np.clip(blurred / peak * rng.uniform(1.0, 1.4), 0, 1) if peak > 0 else blurred


def framed(ink: np.ndarray, layout: FrameLayout) -> np.ndarray | None:
    """The reader's frame of this ink: cropped to its mask's box and framed by
    `core.reading.framing.to_frame`; None when no ink reaches the mask level."""
    mask = ink >= MASK_LEVEL
    if not mask.any():
        return None
    x, y, width, height = cv2.boundingRect(mask.view(np.uint8))
    return to_frame(ink[y : y + height, x : x + width], mask[y : y + height, x : x + width], layout)


def reader_view_frames(
    images: np.ndarray, labels: np.ndarray, count: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """`count` single digits as the reader frames them: float32 (count, 28, 28) frames in
    [0, 1] and their uint8 labels. Each is one of `images` drawn by `written_digit` (any
    size, narrow or wide, slanted, fine pen to marker), with pen lifts 30% of the time and
    out of focus BLUR_SHARE of the time, then framed by MNIST's layout as the reader does."""
    rng = np.random.default_rng(seed)
    frames, targets = [], []
    while len(frames) < count:
        index = int(rng.integers(len(labels)))
        height = int(rng.integers(*HEIGHT_RANGE))
        ink = written_digit(images[index], height, rng, writer_squeeze(rng))
        if rng.uniform() < 0.3:
            ink = pen_lifts(ink, rng)
        if rng.uniform() < BLUR_SHARE:
            ink = out_of_focus(ink, rng)
        frame = framed(ink, MNIST_LAYOUT)
        if frame is None:
            continue
        frames.append(frame)
        targets.append(labels[index])
    return np.stack(frames).astype(np.float32), np.array(targets, np.uint8)


# Two ways of writing digits that MNIST's American writers hardly used: a zero with a
# slash through it (programmers, Scandinavia) and a seven with a bar across its stem
# (most of Europe). The shipped CNN reads 55% of such zeros (most others as 8s); one
# trained with them was tried (models/README.md). A slash leans right ("/"): drawn the
# other way through a narrow 0 it makes an X that looks like an 8. Zeros narrower than
# SLASHED_ZERO_WIDTH of their height get none.
SLASHED_ZERO_WIDTH = 0.5


def slashed_zero(frame: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """An MNIST 0 (uint8 28x28) with a slash drawn through it, bottom left to top right."""
    x, y, width, height = cv2.boundingRect((frame > 80).view(np.uint8))
    reach = int(rng.integers(0, 3))  # from the ring to a little beyond it
    return _with_stroke(frame, (x - reach, y + height - 1 + reach), (x + width - 1 + reach, y - reach), rng)


def crossed_seven(frame: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """An MNIST 7 (uint8 28x28) with a short bar across the middle of its stem."""
    x, y, width, height = cv2.boundingRect((frame > 80).view(np.uint8))
    row = y + int(round(height * rng.uniform(0.45, 0.65)))
    stem = np.flatnonzero(frame[row] > 80)
    if len(stem) == 0:
        return frame
    centre = float(stem.mean()) + rng.uniform(-1.0, 1.0)
    half = max(3.0, width * rng.uniform(0.22, 0.38))
    tilt = rng.uniform(-1.5, 1.0)
    start = (int(round(centre - half)), int(round(row - tilt)))
    end = (int(round(centre + half)), int(round(row + tilt)))
    return _with_stroke(frame, start, end, rng)


def _with_stroke(frame: np.ndarray, start, end, rng: np.random.Generator) -> np.ndarray:
    """The frame with a straight anti-aliased stroke about as thick as MNIST's pen."""
    stroke = np.zeros((28 * 4, 28 * 4), np.uint8)  # drawn 4x larger, for a pen between pixels
    thickness = int(rng.integers(6, 11))
    cv2.line(
        stroke,
        (start[0] * 4 + 2, start[1] * 4 + 2),
        (end[0] * 4 + 2, end[1] * 4 + 2),
        255,
        thickness,
        cv2.LINE_AA,
    )
    stroke = cv2.resize(stroke, (28, 28), interpolation=cv2.INTER_AREA)
    return np.maximum(frame, stroke)


def european_variants(
    images: np.ndarray, labels: np.ndarray, share: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Slashed zeros and crossed sevens drawn on `share` of the 0s and 7s of `images`
    (uint8 MNIST frames): uint8 frames and their labels, to add to a training set."""
    rng = np.random.default_rng(seed)
    frames, targets = [], []
    widths = np.array([cv2.boundingRect((image > 80).view(np.uint8))[2:] for image in images])
    wide_enough = widths[:, 0] >= SLASHED_ZERO_WIDTH * widths[:, 1]
    for digit, draw in ((0, slashed_zero), (7, crossed_seven)):
        pool = np.flatnonzero((labels == digit) & (wide_enough if digit == 0 else True))
        for index in rng.choice(pool, size=int(round(share * len(pool))), replace=False):
            frames.append(draw(images[index], rng))
            targets.append(digit)
    if not frames:
        return np.zeros((0, 28, 28), np.uint8), np.zeros(0, np.uint8)
    return np.stack(frames).astype(np.uint8), np.array(targets, np.uint8)
