"""Handwritten numbers made from MNIST digits: for the predictor's examples and the benchmark.

Each 28x28 digit is trimmed, scaled up smoothly to the wanted height, and re-inked
with a soft threshold, so strokes come out thick and anti-aliased like a pen's,
not as blocky pasted tiles.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


def render_digit(mnist_digit: np.ndarray, height: int, threshold: float) -> np.ndarray:
    """An MNIST digit as a smooth stroke drawing of the given height: float32 ink in [0, 1]."""
    rows = np.flatnonzero(mnist_digit.max(axis=1) > 30)
    columns = np.flatnonzero(mnist_digit.max(axis=0) > 30)
    trimmed = mnist_digit[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1].astype(np.float32) / 255
    scale = height / trimmed.shape[0]
    width = max(2, round(trimmed.shape[1] * scale))
    padded = cv2.copyMakeBorder(trimmed, 2, 2, 2, 2, cv2.BORDER_CONSTANT, value=0)
    large = cv2.resize(
        padded, (width + round(4 * scale), height + round(4 * scale)), interpolation=cv2.INTER_CUBIC
    )
    large = cv2.GaussianBlur(large, (0, 0), max(0.8, scale / 3))
    # A soft step around the threshold: solid stroke, 1 to 2 pixels of anti-aliased edge.
    return np.clip((large - threshold) * 6 + 0.5, 0, 1).astype(np.float32)


# Ink that shows: the faintest anti-aliased edge of a rendered stroke.
VISIBLE_INK = 0.05


def trimmed_to_ink(glyph: np.ndarray) -> np.ndarray:
    """The glyph without its blank side columns. A rendered glyph keeps a margin of a
    seventh of its height or more on each side of its ink (more beside a narrow digit),
    so gaps measured between glyph boxes are that much wider between the ink: placed at
    a gap of -0.1 heights, two glyphs' ink is still apart. Gaps meant to make digits
    touch or overlap are measured between trimmed glyphs."""
    columns = np.flatnonzero(glyph.max(axis=0) > VISIBLE_INK)
    return glyph[:, columns[0] : columns[-1] + 1] if columns.size else glyph


def in_a_row(glyphs: list[np.ndarray], gap: int, margin: int) -> np.ndarray:
    """Glyphs (float ink) side by side, tops aligned, `gap` apart inside a `margin`."""
    width = sum(glyph.shape[1] for glyph in glyphs) + gap * (len(glyphs) - 1) + 2 * margin
    ink = np.zeros((max(glyph.shape[0] for glyph in glyphs) + 2 * margin, width), np.float32)
    x = margin
    for glyph in glyphs:
        region = ink[margin : margin + glyph.shape[0], x : x + glyph.shape[1]]
        np.maximum(region, glyph, out=region)
        x += glyph.shape[1] + gap
    return ink


def example_number(
    images: np.ndarray, labels: np.ndarray, seed: int, length: int = 4, height: int = 120
) -> tuple[str, np.ndarray]:
    """A random number of `length` digits written with MNIST digits (pick test images:
    no model trained on them), as black ink on a white RGBA canvas, with its true text."""
    rng = np.random.default_rng(seed)
    indices = rng.integers(0, len(labels), size=length)
    glyphs = [render_digit(images[index], height, threshold=0.4) for index in indices]
    ink = in_a_row(glyphs, gap=height // 4, margin=height // 3)
    grey = np.round(255 * (1 - ink)).astype(np.uint8)
    rgba = np.dstack([grey, grey, grey, np.full_like(grey, 255)])
    return "".join(str(int(labels[index])) for index in indices), rgba


@dataclass(frozen=True)
class Verdict:
    """One digit of a reading against the example's true number."""

    right: bool
    truth: str


def digit_verdicts(read: str, truth: str | None) -> list[Verdict | None]:
    """Per digit read (line breaks ignored), right or wrong against `truth`; None for every
    digit when there is no truth, or when the counts differ and digits cannot be paired."""
    digits = read.replace("\n", "")
    if truth is None or len(digits) != len(truth):
        return [None] * len(digits)
    return [Verdict(right=got == true, truth=true) for got, true in zip(digits, truth, strict=True)]
