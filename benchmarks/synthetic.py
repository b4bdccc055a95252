"""Seeded synthetic handwritten numbers, built from MNIST test digits.

The digits are rendered like real strokes (core.examples.render_digit): scaled
up smoothly to 80 to 150 pixels and re-inked, thick and anti-aliased rather than
blocky pasted tiles. Test digits only: no model ever trained on them.

Families (each a function of a random generator, returning RGBA pixels or file bytes):
clean canvas, touching neighbours, broken strokes, stray specks, ink on a
transparent canvas, photographed paper, mixed sizes on a wavy baseline.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from core.data import Dataset
from core.examples import render_digit

FAMILIES = ("clean", "touching", "broken", "specks", "transparent", "photo", "mixed")


@dataclass(frozen=True)
class Sample:
    family: str
    truth: str
    image: np.ndarray | bytes  # RGBA uint8 array, or encoded file bytes for photos


def _compose(glyphs: list[np.ndarray], gaps: list[int], offsets: list[int], margin: int) -> np.ndarray:
    """Place glyphs left to right (negative gaps overlap them) with vertical offsets."""
    width = sum(glyph.shape[1] for glyph in glyphs) + sum(gaps) + 2 * margin
    top = min(offsets)
    height = max(offset + glyph.shape[0] for offset, glyph in zip(offsets, glyphs, strict=True)) - top
    canvas = np.zeros((height + 2 * margin, max(width, 2 * margin + 1)), np.float32)
    x = margin
    for index, (glyph, offset) in enumerate(zip(glyphs, offsets, strict=True)):
        y = margin + offset - top
        region = canvas[y : y + glyph.shape[0], x : x + glyph.shape[1]]
        np.maximum(region, glyph[: region.shape[0], : region.shape[1]], out=region)
        x += glyph.shape[1] + (gaps[index] if index < len(gaps) else 0)
    return canvas


def _colour_on_canvas(
    ink: np.ndarray, background: tuple[int, int, int], colour: tuple[int, int, int]
) -> np.ndarray:
    weight = ink[..., None]
    rgb = np.array(background, np.float32) * (1 - weight) + np.array(colour, np.float32) * weight
    return np.dstack([np.round(rgb).astype(np.uint8), np.full(ink.shape, 255, np.uint8)])


CANVAS_COLOURS = [
    ((255, 255, 255), (0, 0, 0)),
    ((0, 0, 0), (255, 255, 255)),
    ((255, 255, 255), (30, 60, 200)),
    ((240, 240, 220), (120, 20, 20)),
    ((20, 40, 80), (250, 220, 90)),
    ((200, 230, 200), (200, 30, 30)),
]


class Generator:
    def __init__(self, dataset: Dataset, seed: int):
        self.images = dataset.test_images
        self.labels = dataset.test_labels
        self.rng = np.random.default_rng(seed)

    def _digits(self) -> tuple[str, list[np.ndarray]]:
        length = int(self.rng.integers(1, 9))
        indices = self.rng.integers(0, len(self.labels), size=length)
        return "".join(str(self.labels[index]) for index in indices), [
            self.images[index] for index in indices
        ]

    def _glyphs(self, digits: list[np.ndarray], low: int = 80, high: int = 150) -> list[np.ndarray]:
        height = int(self.rng.integers(low, high + 1))
        threshold = float(self.rng.uniform(0.3, 0.55))
        return [render_digit(digit, height, threshold) for digit in digits]

    def _number(self, gap_range=(0.15, 0.45), glyph_range=(80, 150), wave=0.0, mixed=False):
        truth, digits = self._digits()
        if mixed:
            glyphs = [
                render_digit(digit, int(self.rng.integers(60, 151)), float(self.rng.uniform(0.3, 0.55)))
                for digit in digits
            ]
        else:
            glyphs = self._glyphs(digits, *glyph_range)
        height = max(glyph.shape[0] for glyph in glyphs)
        gaps = [int(self.rng.uniform(*gap_range) * height) for _ in glyphs[1:]]
        phase = self.rng.uniform(0, 2 * np.pi)
        offsets = [
            int(wave * height * np.sin(phase + index * 1.1)) + (height - glyph.shape[0]) // 2 * int(not mixed)
            for index, glyph in enumerate(glyphs)
        ]
        if mixed:  # shared baseline, wavy: bottoms line up, up to `wave` of a height off
            offsets = [
                offset + height - glyph.shape[0] for offset, glyph in zip(offsets, glyphs, strict=True)
            ]
        return truth, _compose(glyphs, gaps, offsets, margin=int(self.rng.integers(20, 60)))

    def _opaque(self, ink: np.ndarray) -> np.ndarray:
        background, colour = CANVAS_COLOURS[int(self.rng.integers(len(CANVAS_COLOURS)))]
        return _colour_on_canvas(ink, background, colour)

    def clean(self) -> Sample:
        truth, ink = self._number()
        return Sample("clean", truth, self._opaque(ink))

    def touching(self) -> Sample:
        truth, ink = self._number(gap_range=(-0.12, -0.02))
        return Sample("touching", truth, self._opaque(ink))

    def broken(self) -> Sample:
        truth, ink = self._number()
        height, width = ink.shape
        cuts = np.ones_like(ink)
        for _ in range(max(1, len(truth) * 2)):
            # A pen lift: a thin band of missing ink across a stroke, at any angle.
            centre = (int(self.rng.integers(0, width)), int(self.rng.integers(0, height)))
            angle = self.rng.uniform(0, np.pi)
            half = int(height * 0.25)
            start = (int(centre[0] - half * np.cos(angle)), int(centre[1] - half * np.sin(angle)))
            end = (int(centre[0] + half * np.cos(angle)), int(centre[1] + half * np.sin(angle)))
            cv2.line(cuts, start, end, 0.0, thickness=int(self.rng.integers(3, 7)))
        return Sample("broken", truth, self._opaque(ink * cuts))

    def specks(self) -> Sample:
        truth, ink = self._number()
        height, width = ink.shape
        for _ in range(int(self.rng.integers(5, 30))):
            centre = (int(self.rng.integers(0, width)), int(self.rng.integers(0, height)))
            cv2.circle(ink, centre, int(self.rng.integers(1, 4)), 1.0, thickness=-1, lineType=cv2.LINE_AA)
        return Sample("specks", truth, self._opaque(ink))

    def transparent(self) -> Sample:
        truth, ink = self._number()
        colour = [(0, 0, 0), (20, 20, 120), (255, 255, 255)][int(self.rng.integers(3))]
        rgba = np.zeros((*ink.shape, 4), np.uint8)
        rgba[..., :3] = colour
        rgba[..., 3] = np.round(ink * 255).astype(np.uint8)
        return Sample("transparent", truth, rgba)

    def photo(self) -> Sample:
        truth, ink = self._number()
        height, width = ink.shape
        rows, columns = np.mgrid[0:height, 0:width].astype(np.float32)
        # Paper lit from one side, with a soft shadow falling across it.
        angle = self.rng.uniform(0, 2 * np.pi)
        ramp = (columns * np.cos(angle) + rows * np.sin(angle)) / max(height, width)
        light = 225 + 30 * (ramp - ramp.min()) / max(np.ptp(ramp), 1e-6) - self.rng.uniform(0, 40)
        shadow_centre = (self.rng.uniform(0, width), self.rng.uniform(0, height))
        distance = np.hypot(columns - shadow_centre[0], rows - shadow_centre[1]) / max(height, width)
        light = light - self.rng.uniform(20, 70) * np.exp(-(distance**2) / 0.08)
        paper = np.dstack([light * tint for tint in (1.0, 0.98, 0.93)])
        ink_colour = np.array([[25, 25, 30], [20, 30, 110]][int(self.rng.integers(2))], np.float32)
        strength = self.rng.uniform(0.75, 0.95)
        weight = (ink * strength)[..., None]
        rgb = paper * (1 - weight) + ink_colour * weight
        rgb = cv2.GaussianBlur(rgb, (0, 0), 0.8) + self.rng.normal(0, self.rng.uniform(2, 6), rgb.shape)
        image = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=int(self.rng.integers(55, 90)))
        return Sample("photo", truth, buffer.getvalue())

    def mixed(self) -> Sample:
        truth, ink = self._number(wave=0.25, mixed=True)
        return Sample("mixed", truth, self._opaque(ink))


def generate(dataset: Dataset, per_family: int, seed: int = 0, families=FAMILIES) -> list[Sample]:
    """`per_family` samples of each family, the same for the same seed."""
    samples = []
    for offset, family in enumerate(families):
        generator = Generator(dataset, seed * 1000 + offset)
        make: Callable[[], Sample] = getattr(generator, family)
        samples.extend(make() for _ in range(per_family))
    return samples
