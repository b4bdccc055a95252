"""Seeded synthetic handwritten numbers, built from MNIST test digits.

The digits are rendered like real strokes (core.examples.render_digit): scaled
up smoothly to 80 to 150 pixels and re-inked, thick and anti-aliased rather than
blocky pasted tiles. Test digits only: no model ever trained on them.

Families (each a function of a random generator, returning RGBA pixels or file bytes):
clean canvas, touching neighbours, broken strokes, stray specks, ink on a
transparent canvas, photographed paper, mixed sizes on a wavy baseline; and one
family per failure class seen on real input: narrow digits at ordinary gaps as
canvas strokes (1000, 8888), overlapping neighbours, one or two digits much smaller
than the rest, ruled paper, hard shadows with show-through, thin pen on a
12-megapixel photo, sheets of several staggered lines, blur, lines drawn around
or under the number (a box, a form's cells, an underline), and a few bold marker
digits photographed close up, a photo taken in dim light (grain and a vignette), a
straight line across a tightly cropped photo (a fold in the paper, a margin line), a
sheet photographed at an angle, small digits touching a large neighbour, and sums
written in columns with a line drawn by hand under them, light digits in a soft
brush on a dark canvas, bold digits cropped close, a number photographed from afar
(digits 10 to 24 pixels tall in a whole photo), and a form's field, a printed box around
each digit (a comb or separate boxes), scanned or photographed; a 1 written down a line
of squared paper; thin paper, the back page's number showing through as dark as
light pencil; a crumpled page; and a line drawn under the number touching or running
through its digits' feet.

Gaps are in heights of the number's tallest digit. The families whose digits touch or
overlap measure them between the digits' ink (`core.examples.trimmed_to_ink`): a
rendered glyph keeps a blank margin, and until 2026-12-03 gaps between glyph boxes
left nearly every "touching" pair apart (tests/test_synthetic.py counts the joins).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from core.data import Dataset
from core.examples import render_digit, trimmed_to_ink
from core.reading.framing import stroke_width

FAMILIES = (
    "clean",
    "touching",
    "broken",
    "specks",
    "transparent",
    "photo",
    "mixed",
    "narrow",
    "overlap",
    "sizes",
    "ruled",
    "shadow",
    "large_thin",
    "lines",
    "blur",
    "marked",
    "closeup",
    "dim",
    "fold",
    "tilted",
    "small_touching",
    "desk",
    "drawn_sizes",
    "close_lines",
    "touching_lines",
    "drawn_touching",
    "sums",
    "soft_brush",
    "cropped",
    "distant",
    "forms",
    "turned_ruled",
    "squared",
    "thin_paper",
    "crumpled",
    "underlined",  # the newest last: adding them left every other family's images as they were
)
# `turned_ruled`: blank page added around the number before the turn, as a share of the
# page's longer side: a turn by 9 degrees takes off a corner's worth (sin 9 = 0.16).
TURN_MARGIN = 0.16
# Digits that come out narrow when drawn, and numbers that repeat them (1000, 8888, 2024).
NARROW_DIGITS = (0, 1, 1, 2, 4, 7, 8, 9)


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


def _jpeg(rgb: np.ndarray, quality: int) -> bytes:
    """RGB (floats or uint8, clipped to 0..255) saved as a JPEG file's bytes."""
    buffer = io.BytesIO()
    Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8)).save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


# Light paint on dark canvases, as MNIST-style drawing apps use (`soft_brush`).
SOFT_BRUSH_COLOURS = [
    ((0, 0, 0), (255, 255, 255)),
    ((0, 0, 0), (230, 230, 230)),
    ((30, 30, 30), (255, 255, 255)),
    ((20, 40, 80), (250, 220, 90)),
]


def _thin(mask: np.ndarray) -> np.ndarray:
    """Zhang-Suen thinning: the one-pixel centre line of a binary shape (uint8 0/1)."""
    image = mask.astype(np.uint8).copy()
    changed = True
    while changed:
        changed = False
        for step in (0, 1):
            padded = np.pad(image, 1)
            p2, p3, p4 = padded[:-2, 1:-1], padded[:-2, 2:], padded[1:-1, 2:]
            p5, p6, p7 = padded[2:, 2:], padded[2:, 1:-1], padded[2:, :-2]
            p8, p9 = padded[1:-1, :-2], padded[:-2, :-2]
            ring = [p2, p3, p4, p5, p6, p7, p8, p9, p2]
            neighbours = sum(ring[:8])
            transitions = sum(((ring[k] == 0) & (ring[k + 1] == 1)).astype(np.uint8) for k in range(8))
            if step == 0:
                clear = (p2 * p4 * p6 == 0) & (p4 * p6 * p8 == 0)
            else:
                clear = (p2 * p4 * p8 == 0) & (p2 * p6 * p8 == 0)
            remove = (image == 1) & (neighbours >= 2) & (neighbours <= 6) & (transitions == 1) & clear
            if remove.any():
                image[remove] = 0
                changed = True
    return image


def crumpled_light(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """The share of the light a crumpled page gives back, pixel by pixel (floats, about
    0.6 to 1.08): uneven in soft patches, and one to three soft creases, slanted any way,
    from edge to edge and 15 to 35% darker than the paper around them."""
    height, width = shape
    coarse = rng.normal(0, 1, (max(2, height // 20), max(2, width // 20))).astype(np.float32)
    shade = cv2.resize(cv2.GaussianBlur(coarse, (0, 0), 1.0), (width, height), interpolation=cv2.INTER_CUBIC)
    shade = 1 - 0.08 * shade / (np.abs(shade).max() + 1e-6)
    creases = np.zeros(shape, np.float32)
    for _ in range(int(rng.integers(1, 4))):
        angle, x, y = rng.uniform(0, np.pi), rng.uniform(0, width), rng.uniform(0, height)
        reach = 2 * (width + height)  # past every edge, whatever the angle
        ends = [
            (int(x + side * reach * np.cos(angle)), int(y + side * reach * np.sin(angle))) for side in (-1, 1)
        ]
        cv2.line(
            creases, ends[0], ends[1], float(rng.uniform(0.15, 0.35)), int(rng.integers(1, 3)), cv2.LINE_AA
        )
    return shade * (1 - cv2.GaussianBlur(creases, (0, 0), 1.0))


def pen_drawing(mnist_digit: np.ndarray, height: int, pen: int) -> np.ndarray:
    """An MNIST digit redrawn along its centre line with a round pen `pen` pixels wide, the
    way a mouse, a stylus or a fine pen draws: uniform strokes, whatever the size."""
    shape = render_digit(mnist_digit, 96, 0.45) > 0.5
    centre = _thin(shape)
    scale = height / shape.shape[0]
    canvas = np.zeros((height + pen + 2, int(shape.shape[1] * scale) + pen + 2), np.float32)
    rows, columns = np.nonzero(centre)
    points = set(zip(rows.tolist(), columns.tolist(), strict=True))
    offset = pen // 2 + 1
    for row, column in points:
        start = (int(column * scale) + offset, int(row * scale) + offset)
        cv2.circle(canvas, start, max(1, pen // 2), 1.0, -1, cv2.LINE_AA)
        for d_row, d_column in ((0, 1), (1, 0), (1, 1), (1, -1)):
            if (row + d_row, column + d_column) in points:
                end = (int((column + d_column) * scale) + offset, int((row + d_row) * scale) + offset)
                cv2.line(canvas, start, end, 1.0, pen, cv2.LINE_AA)
    return canvas


class Generator:
    """`blank`: the photo families photograph their paper, light, shadows, rules and
    grain without the ink (benchmarks/blank_photos.py); the same random draws are made,
    so each blank photo is its number's photo with the number left out."""

    def __init__(self, dataset: Dataset, seed: int, blank: bool = False):
        self.images = dataset.test_images
        self.labels = dataset.test_labels
        self.rng = np.random.default_rng(seed)
        self.blank = blank

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

    def _number(self, gap_range=(0.15, 0.45), glyph_range=(80, 150), wave=0.0, mixed=False, ink_gaps=False):
        """`ink_gaps`: gaps measured between the digits' ink, not their glyphs' boxes
        (negative ones make neighbours touch or overlap)."""
        truth, digits = self._digits()
        if mixed:
            glyphs = [
                render_digit(digit, int(self.rng.integers(60, 151)), float(self.rng.uniform(0.3, 0.55)))
                for digit in digits
            ]
        else:
            glyphs = self._glyphs(digits, *glyph_range)
        if ink_gaps:
            glyphs = [trimmed_to_ink(glyph) for glyph in glyphs]
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

    def _on_drawing_canvas(self, family: str, truth: str, ink: np.ndarray) -> Sample:
        """Half the time black ink on a transparent canvas (as the predictor's canvas
        sends it), else an opaque canvas of some colour."""
        if self.rng.uniform() < 0.5:
            rgba = np.zeros((*ink.shape, 4), np.uint8)
            rgba[..., 3] = np.round(ink * 255).astype(np.uint8)
            return Sample(family, truth, rgba)
        return Sample(family, truth, self._opaque(ink))

    def clean(self) -> Sample:
        truth, ink = self._number()
        return Sample("clean", truth, self._opaque(ink))

    def touching(self) -> Sample:
        truth, ink = self._number(gap_range=(-0.12, -0.02), ink_gaps=True)
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

    def _paper(self, height: int, width: int) -> np.ndarray:
        """Paper lit from one side, with a soft shadow falling across it: RGB floats."""
        rows, columns = np.mgrid[0:height, 0:width].astype(np.float32)
        angle = self.rng.uniform(0, 2 * np.pi)
        ramp = (columns * np.cos(angle) + rows * np.sin(angle)) / max(height, width)
        light = 225 + 30 * (ramp - ramp.min()) / max(np.ptp(ramp), 1e-6) - self.rng.uniform(0, 40)
        shadow_centre = (self.rng.uniform(0, width), self.rng.uniform(0, height))
        distance = np.hypot(columns - shadow_centre[0], rows - shadow_centre[1]) / max(height, width)
        light = light - self.rng.uniform(20, 70) * np.exp(-(distance**2) / 0.08)
        return np.dstack([light * tint for tint in (1.0, 0.98, 0.93)])

    def _photograph(self, ink: np.ndarray, paper: np.ndarray | None = None, blur: float = 0.8) -> bytes:
        """Ink on paper, blurred a little, with sensor noise, saved as a JPEG."""
        paper = self._paper(*ink.shape) if paper is None else paper
        ink_colour = np.array([[25, 25, 30], [20, 30, 110]][int(self.rng.integers(2))], np.float32)
        weight = (ink * self.rng.uniform(0.75, 0.95) * (not self.blank))[..., None]
        rgb = paper * (1 - weight) + ink_colour * weight
        rgb = cv2.GaussianBlur(rgb, (0, 0), blur) + self.rng.normal(0, self.rng.uniform(2, 6), rgb.shape)
        return _jpeg(rgb, int(self.rng.integers(55, 90)))

    def photo(self) -> Sample:
        truth, ink = self._number()
        return Sample("photo", truth, self._photograph(ink))

    def mixed(self) -> Sample:
        truth, ink = self._number(wave=0.25, mixed=True)
        return Sample("mixed", truth, self._opaque(ink))

    def _narrow_number(self) -> tuple[str, list[np.ndarray]]:
        """2 to 6 digits from the narrow ones, each repeating the last half the time."""
        length = int(self.rng.integers(2, 7))
        digits = [int(self.rng.choice(NARROW_DIGITS))]
        while len(digits) < length:
            digits.append(digits[-1] if self.rng.uniform() < 0.5 else int(self.rng.choice(NARROW_DIGITS)))
        return "".join(map(str, digits)), [self._a_test_digit(digit) for digit in digits]

    def narrow(self) -> Sample:
        """Narrow digits drawn with a mouse pen at ordinary gaps, as on the predictor's canvas."""
        truth, digits = self._narrow_number()
        height = int(self.rng.integers(90, 170))
        glyphs = []
        pen = int(self.rng.integers(6, 18))  # the predictor's pen widths, on a 260-pixel canvas
        for digit in digits:
            glyph = pen_drawing(digit, height, pen)
            squeeze = self.rng.uniform(0.45, 0.8)
            glyphs.append(cv2.resize(glyph, (max(pen + 2, int(glyph.shape[1] * squeeze)), glyph.shape[0])))
        gaps = [int(self.rng.uniform(0.08, 0.35) * height) for _ in glyphs[1:]]
        ink = _compose(glyphs, gaps, [0] * len(glyphs), margin=int(self.rng.integers(20, 60)))
        return self._on_drawing_canvas("narrow", truth, ink)

    def overlap(self) -> Sample:
        """Neighbours that run into each other: a 7's bar over the next digit."""
        truth, ink = self._number(gap_range=(-0.2, -0.05), ink_gaps=True)
        return Sample("overlap", truth, self._opaque(ink))

    def sizes(self) -> Sample:
        """One or two digits 1.5 to 2.5 times smaller than the rest, on the baseline or centred."""
        truth, ink = self._sized_number(gap_range=(0.15, 0.4))
        return Sample("sizes", truth, self._opaque(ink))

    def small_touching(self) -> Sample:
        """`sizes`, the small digits touching or running into a neighbour: a small 2
        written into the foot of the 5 beside it."""
        truth, ink = self._sized_number(gap_range=(-0.12, -0.02), ink_gaps=True)
        return Sample("small_touching", truth, self._opaque(ink))

    def drawn_sizes(self) -> Sample:
        """`sizes` drawn with one mouse or stylus pen: the small digits' strokes as wide as
        the large ones', so a small 1 is a short thick mark."""
        pen = int(self.rng.integers(6, 18))  # the predictor's pen widths, on a 260-pixel canvas
        truth, ink = self._sized_number(
            gap_range=(0.1, 0.35), draw=lambda digit, height, _: pen_drawing(digit, height, pen)
        )
        return self._on_drawing_canvas("drawn_sizes", truth, ink)

    def drawn_touching(self) -> Sample:
        """`drawn_sizes` with the digits touching or running into each other, as
        `small_touching`'s are (-12 to -2% of a large digit's height between their ink): a
        small 1 or 7 drawn against a large digit's side with the same pen, one piece of
        ink the size of the large digit."""
        pen = int(self.rng.integers(6, 18))
        truth, ink = self._sized_number(
            gap_range=(-0.12, -0.02),
            draw=lambda digit, height, _: pen_drawing(digit, height, pen),
            ink_gaps=True,
        )
        return self._on_drawing_canvas("drawn_touching", truth, ink)

    def close_lines(self) -> Sample:
        """Two lines drawn with one pen, 2 to 15% of a digit's height of blank between
        them, one of them a single digit: a lone digit over or under a longer line, as on
        a small canvas."""
        pen = int(self.rng.integers(6, 16))
        height = int(self.rng.integers(70, 120))
        lines = []
        for _ in range(2):
            truth, digits = self._digits()
            lines.append((truth[:5], digits[:5]))
        single = int(self.rng.integers(2))
        while len(lines[1 - single][0]) < 2:
            truth, digits = self._digits()
            lines[1 - single] = (truth[:5], digits[:5])
        lines[single] = (lines[single][0][:1], lines[single][1][:1])
        drawn = [self._pen_line(digits, height, pen) for _, digits in lines]
        gap = int(self.rng.uniform(0.02, 0.15) * height)
        indents = [int(self.rng.uniform(0, 0.5) * height) for _ in drawn]
        margin = int(self.rng.integers(20, 50))
        width = max(indent + line.shape[1] for indent, line in zip(indents, drawn, strict=True)) + 2 * margin
        ink = np.zeros((drawn[0].shape[0] + gap + drawn[1].shape[0] + 2 * margin, width), np.float32)
        top = margin
        for indent, line in zip(indents, drawn, strict=True):
            ink[top : top + line.shape[0], margin + indent : margin + indent + line.shape[1]] = line
            top += line.shape[0] + gap
        return self._on_drawing_canvas("close_lines", "\n".join(truth for truth, _ in lines), ink)

    def touching_lines(self) -> Sample:
        """Two lines of two to five digits drawn with one pen in columns, their glyph
        boxes 10 to 30% of a digit's height apart, and one digit of the lower line
        written up into the line above: its top ink up to 8% of a digit's height above
        the bottom ink of the digit over it."""
        pen = int(self.rng.integers(8, 18))
        height = int(self.rng.integers(70, 120))
        texts, rows = [], []
        for _ in range(2):
            truth, digits = self._digits()
            while len(digits) < 2:
                truth, digits = self._digits()
            texts.append(truth[:5])
            rows.append([pen_drawing(digit, height, pen) for digit in digits[:5]])
        # One column per digit, as wide as the widest: each digit of the lower line sits
        # under one of the upper line's, and neighbours on a line stay apart.
        step = max(glyph.shape[1] for row in rows for glyph in row) + int(self.rng.uniform(0.1, 0.3) * height)
        gap = int(self.rng.uniform(0.1, 0.3) * height)
        margin = int(self.rng.integers(20, 50))
        glyph_height = rows[0][0].shape[0]
        width = 2 * margin + step * 5
        ink = np.zeros((2 * glyph_height + gap + 2 * margin, width), np.float32)
        raised = int(self.rng.integers(min(len(rows[0]), len(rows[1]))))
        for line, glyphs in enumerate(rows):
            for index, glyph in enumerate(glyphs):
                top = margin + line * (glyph_height + gap)
                if line == 1 and index == raised:  # its top ink a little above the bottom ink over it
                    above = np.flatnonzero(rows[0][index].max(axis=1) > 0.5)[-1] + margin
                    own_top = np.flatnonzero(glyph.max(axis=1) > 0.5)[0]
                    top = int(above - own_top - self.rng.uniform(0.0, 0.08) * height)
                left = margin + index * step
                region = ink[top : top + glyph.shape[0], left : left + glyph.shape[1]]
                np.maximum(region, glyph[: region.shape[0], : region.shape[1]], out=region)
        return self._on_drawing_canvas("touching_lines", "\n".join(texts), ink)

    def sums(self) -> Sample:
        """A sum written in columns with one pen: two numbers of two or three digits, one
        over the other and ending in one column, a line drawn by hand under them (up to
        4% off level, as thick as the pen or up to twice, clear of the digits), and their
        sum under it; on a drawing canvas or photographed on paper."""
        pen = int(self.rng.integers(6, 16))
        height = int(self.rng.integers(70, 120))
        numbers = [int(self.rng.integers(10, 1000)) for _ in range(2)]
        texts = [str(number) for number in numbers] + [str(sum(numbers))]
        rows = [
            self._pen_line([self._a_test_digit(int(character)) for character in text], height, pen)
            for text in texts
        ]
        margin = int(self.rng.integers(30, 60))
        overhang = int(self.rng.uniform(0.1, 0.5) * height)
        right = margin + overhang + max(row.shape[1] for row in rows)
        gaps = [int(self.rng.uniform(0.2, 0.4) * height), int(self.rng.uniform(0.7, 1.1) * height)]
        ink = np.zeros(
            (sum(row.shape[0] for row in rows) + sum(gaps) + 2 * margin, right + overhang + margin),
            np.float32,
        )
        top = margin
        for index, row in enumerate(rows):
            ink[top : top + row.shape[0], right - row.shape[1] : right] = row
            top += row.shape[0] + (gaps[index] if index < len(gaps) else 0)
        line = np.zeros_like(ink)
        middle = margin + rows[0].shape[0] + gaps[0] + rows[1].shape[0] + gaps[1] / 2
        start, end = margin, ink.shape[1] - margin
        rise = self.rng.uniform(-0.04, 0.04) * (end - start)
        thickness = int(pen * self.rng.uniform(1.0, 2.0))
        cv2.line(
            line, (start, int(middle - rise / 2)), (end, int(middle + rise / 2)), 1.0, thickness, cv2.LINE_AA
        )
        ink = np.maximum(ink, line)
        truth = "\n".join(texts)
        if self.rng.uniform() < 0.5:
            return self._on_drawing_canvas("sums", truth, ink)
        return Sample("sums", truth, self._photograph(ink))

    def soft_brush(self) -> Sample:
        """Light digits on a dark, flat canvas with soft edges, as drawing apps that mimic
        MNIST make them: drawn bold (a pen 3 to 15 pixels wider) and blurred over 1.5 to
        4 pixels (an airbrush), or drawn 28 to 40 pixels tall and saved enlarged to 80 to
        150, smoothly; a PNG, or a JPEG half the time."""
        truth, ink = self._number(gap_range=(0.05, 0.35), ink_gaps=True)
        if self.rng.uniform() < 0.5:
            pen = int(self.rng.integers(3, 16))
            ink = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (pen, pen)))
            ink = cv2.GaussianBlur(ink, (0, 0), self.rng.uniform(1.5, 4.0))
        else:
            inked = np.flatnonzero(ink.max(axis=1) > 0.5)
            shrink = self.rng.uniform(28, 40) / (inked[-1] - inked[0] + 1)
            small = cv2.resize(ink, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
            ink = cv2.resize(small, ink.shape[::-1], interpolation=cv2.INTER_LINEAR)
        background, colour = SOFT_BRUSH_COLOURS[int(self.rng.integers(len(SOFT_BRUSH_COLOURS)))]
        rgba = _colour_on_canvas(np.clip(ink, 0, 1), background, colour)
        if self.rng.uniform() < 0.5:
            return Sample("soft_brush", truth, rgba)
        return Sample("soft_brush", truth, _jpeg(rgba[..., :3], int(self.rng.integers(75, 96))))

    def cropped(self) -> Sample:
        """Bold digits cropped close, as a big brush or a drawing cut down to its digits
        leaves them: a pen 6 to 14% of their height wider, the image cropped from 3% of
        that height inside their ink (the strokes run off its edge) to 8% outside it, so
        that the strokes cover about a third to two thirds of it; light on a dark canvas or dark
        on a light one, crisp or blurred over 1 to 3 pixels, a PNG or, half the time, a JPEG."""
        truth, ink = self._number(gap_range=(0.1, 0.3), ink_gaps=True)
        height = int(np.count_nonzero(ink.max(axis=1) > 0.5))
        pen = int(self.rng.uniform(0.06, 0.14) * height) | 1
        bold = cv2.dilate(np.pad(ink, pen), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (pen, pen)))
        rows, columns = np.flatnonzero(bold.max(axis=1) > 0.5), np.flatnonzero(bold.max(axis=0) > 0.5)
        margin = int(self.rng.uniform(-0.03, 0.08) * height)
        bold = np.pad(bold, max(margin, 0))  # room for a margin outside the ink
        shift = max(margin, 0)
        ink = bold[
            rows[0] + shift - margin : rows[-1] + shift + margin + 1,
            columns[0] + shift - margin : columns[-1] + shift + margin + 1,
        ]
        if self.rng.uniform() < 0.5:
            ink = cv2.GaussianBlur(ink, (0, 0), self.rng.uniform(1.0, 3.0))
        if self.rng.uniform() < 0.5:
            background, colour = SOFT_BRUSH_COLOURS[int(self.rng.integers(len(SOFT_BRUSH_COLOURS)))]
        else:
            background, colour = CANVAS_COLOURS[[0, 2, 3, 5][int(self.rng.integers(4))]]
        rgba = _colour_on_canvas(np.clip(ink, 0, 1), background, colour)
        if self.rng.uniform() < 0.5:
            return Sample("cropped", truth, rgba)
        return Sample("cropped", truth, _jpeg(rgba[..., :3], int(self.rng.integers(75, 96))))

    def distant(self) -> Sample:
        """A number photographed from afar (a webcam, or a phone held over a whole sheet):
        its digits 10 to 24 pixels tall, anywhere in a photo 640 to 1280 pixels wide, on
        paper lit from one side under a soft shadow, blurred a little, with grain."""
        truth, digits = self._digits()
        # Drawn four times larger, then shrunk as a camera sees them: a stroke thinner than
        # a pixel turns grey rather than vanishing under the renderer's threshold.
        glyphs = [
            cv2.resize(
                glyph, (max(1, glyph.shape[1] // 4), glyph.shape[0] // 4), interpolation=cv2.INTER_AREA
            )
            for glyph in self._glyphs(digits, 40, 96)
        ]
        height = max(glyph.shape[0] for glyph in glyphs)
        gaps = [int(self.rng.uniform(0.15, 0.45) * height) for _ in glyphs[1:]]
        number = _compose(glyphs, gaps, [0] * len(glyphs), margin=0)
        width = int(self.rng.choice([640, 800, 1024, 1280]))
        ink = self._anywhere_in(number, (width * 3 // 4, width))
        return Sample("distant", truth, self._photograph(ink, blur=float(self.rng.uniform(0.5, 1.0))))

    def forms(self) -> Sample:
        """A number written in a form's field: a printed box around each digit, either one
        long box divided into cells (a comb) or separate boxes a little apart, some left
        empty after the number; cells as tight as the digits or roomy, so wide digits
        touch or cross their box. Scanned (flat paper) or photographed."""
        truth, digits = self._digits()
        glyphs = [trimmed_to_ink(glyph) for glyph in self._glyphs(digits, 40, 110)]
        height = max(glyph.shape[0] for glyph in glyphs)
        cell_width = int(height * self.rng.uniform(0.7, 1.2))
        cell_height = int(height * self.rng.uniform(1.1, 1.6))
        comb = self.rng.uniform() < 0.5
        apart = 0 if comb else int(cell_width * self.rng.uniform(0.1, 0.5))
        cells = len(glyphs) + (int(self.rng.integers(1, 3)) if self.rng.uniform() < 0.3 else 0)
        margin = int(self.rng.integers(20, 60))
        pen = int(self.rng.integers(1, 4))
        lines = np.zeros((cell_height + 2 * margin, cells * (cell_width + apart) + 2 * margin), np.float32)
        ink = np.zeros_like(lines)
        for index in range(cells):
            left = margin + index * (cell_width + apart)
            if not comb or index == 0:
                right = left + (cell_width * cells if comb else cell_width)
                cv2.rectangle(lines, (left, margin), (right, margin + cell_height), 1.0, pen)
            elif comb:
                cv2.line(lines, (left, margin), (left, margin + cell_height), 1.0, pen)
            if index < len(glyphs):
                glyph = glyphs[index]
                jitter = int(0.1 * cell_width * self.rng.uniform(-1, 1))
                x = max(0, left + (cell_width - glyph.shape[1]) // 2 + jitter)
                y = margin + (cell_height - glyph.shape[0]) // 2 + int(0.1 * height * self.rng.uniform(-1, 1))
                region = ink[y : y + glyph.shape[0], x : x + glyph.shape[1]]
                np.maximum(region, glyph[: region.shape[0], : region.shape[1]], out=region)
        colour = np.array(
            [(90, 90, 90), (40, 40, 40), (150, 160, 200)][int(self.rng.integers(3))], np.float32
        )
        if self.rng.uniform() < 0.5:  # photographed
            paper = self._paper(*lines.shape)
            paper = paper * (1 - lines[..., None]) + colour * lines[..., None]
            return Sample("forms", truth, self._photograph(ink, paper))
        # Scanned: flat paper, the lines in their printed colour, the ink over them.
        paper = np.full((*lines.shape, 3), self.rng.uniform(235, 252), np.float32)
        paper = paper * (1 - lines[..., None]) + colour * lines[..., None]
        ink_colour = np.array([[25, 25, 30], [20, 30, 110]][int(self.rng.integers(2))], np.float32)
        weight = (ink * self.rng.uniform(0.8, 0.95) * (not self.blank))[..., None]
        rgb = (
            paper * (1 - weight)
            + ink_colour * weight
            + self.rng.normal(0, self.rng.uniform(0, 2), paper.shape)
        )
        return Sample("forms", truth, _jpeg(rgb, int(self.rng.integers(80, 96))))

    def _anywhere_in(self, number: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
        """An ink image of `shape` with `number`'s ink placed anywhere in it."""
        ink = np.zeros(shape, np.float32)
        top = int(self.rng.integers(0, shape[0] - number.shape[0]))
        left = int(self.rng.integers(0, shape[1] - number.shape[1]))
        ink[top : top + number.shape[0], left : left + number.shape[1]] = number
        return ink

    def _pen_line(self, digits: list[np.ndarray], height: int, pen: int) -> np.ndarray:
        """A line of MNIST digits drawn with one pen, 15 to 35% of their height apart,
        cropped to its ink top and bottom: the blank between two lines is ink to ink."""
        glyphs = [pen_drawing(digit, height, pen) for digit in digits]
        gaps = [int(self.rng.uniform(0.15, 0.35) * height) for _ in glyphs[1:]]
        line = _compose(glyphs, gaps, [0] * len(glyphs), margin=0)
        inked = np.flatnonzero(line.max(axis=1) > 0.5)
        return line[inked[0] : inked[-1] + 1]

    def _a_test_digit(self, digit: int) -> np.ndarray:
        return self.images[int(self.rng.choice(np.flatnonzero(self.labels == digit)))]

    def _sized_number(
        self,
        gap_range: tuple[float, float],
        draw: Callable[[np.ndarray, int, float], np.ndarray] = render_digit,
        ink_gaps: bool = False,
    ) -> tuple[str, np.ndarray]:
        """Two to eight digits, one or two of them 1.5 to 2.5 times smaller, gaps in
        `gap_range` of the large digits' height (between their ink with `ink_gaps`), each
        drawn by `draw(digit, height, threshold)`."""
        truth, digits = self._digits()
        while len(digits) < 2:
            truth, digits = self._digits()
        height = int(self.rng.integers(90, 160))
        small = set(
            self.rng.choice(
                len(digits), size=min(len(digits) - 1, int(self.rng.integers(1, 3))), replace=False
            ).tolist()
        )
        heights = [
            int(height / self.rng.uniform(1.5, 2.5)) if index in small else height
            for index in range(len(digits))
        ]
        threshold = float(self.rng.uniform(0.3, 0.55))
        glyphs = [draw(digit, size, threshold) for digit, size in zip(digits, heights, strict=True)]
        if ink_gaps:
            glyphs = [trimmed_to_ink(glyph) for glyph in glyphs]
        baseline = self.rng.uniform() < 0.5
        offsets = [(height - glyph.shape[0]) // (1 if baseline else 2) for glyph in glyphs]
        gaps = [int(self.rng.uniform(*gap_range) * height) for _ in glyphs[1:]]
        return truth, _compose(glyphs, gaps, offsets, margin=int(self.rng.integers(20, 60)))

    def ruled(self) -> Sample:
        """A photo of ruled (sometimes squared) paper, the number sitting on a rule."""
        truth, ink, paper = self._ruled_page()
        return Sample("ruled", truth, self._photograph(ink, paper))

    def turned_ruled(self) -> Sample:
        """`ruled`'s page photographed turned by 3 to 9 degrees either way, as a phone is
        often held: its rules, squares and margin line tilt as far. The photo is the
        turned page's middle, no corner of the page showing; a margin line may run off
        it across a corner."""
        truth, ink, paper = self._ruled_page(turn_margin=TURN_MARGIN)
        degrees = self.rng.uniform(3, 9) * self.rng.choice([-1, 1])
        height, width = ink.shape
        turn = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
        ink, paper = (cv2.warpAffine(layer, turn, (width, height)) for layer in (ink, paper))
        inside = cv2.warpAffine(np.ones((height, width), np.float32), turn, (width, height)) > 0.999
        # A quarter of the margin off each side, and off the top and bottom as little as
        # leaves the page's corners out (the page is convex: its corners suffice).
        left = int(TURN_MARGIN * max(height, width) / 4)
        top = next(
            top
            for top in range(height // 2)
            if inside[top, left]
            and inside[top, width - 1 - left]
            and inside[height - 1 - top, left]
            and inside[height - 1 - top, width - 1 - left]
        )
        middle = (slice(top, height - top), slice(left, width - left))
        return Sample("turned_ruled", truth, self._photograph(ink[middle], paper[middle]))

    def _ruled_page(self, turn_margin: float = 0.0) -> tuple[str, np.ndarray, np.ndarray]:
        """`ruled`'s number (its text and ink) and paper, rules drawn on it; `turn_margin`:
        that share of the page's longer side added around the number first, for a turn
        of the page to take off."""
        truth, ink = self._number(gap_range=(0.15, 0.45))
        digit_height = ink.shape[0] - 2 * 20
        pad = int(digit_height * self.rng.uniform(0.6, 1.2))
        ink = cv2.copyMakeBorder(ink, pad, pad, pad // 2, pad // 2, cv2.BORDER_CONSTANT, value=0)
        if turn_margin:
            extra = int(np.ceil(turn_margin * max(ink.shape)))
            ink = cv2.copyMakeBorder(ink, extra, extra, extra, extra, cv2.BORDER_CONSTANT, value=0)
        height, width = ink.shape
        paper = self._paper(height, width)
        spacing = int(digit_height * self.rng.uniform(0.55, 1.1))
        colour = np.array(
            [(160, 180, 220), (150, 150, 150), (120, 170, 200)][int(self.rng.integers(3))], np.float32
        )
        rules = np.zeros((height, width), np.float32)
        tilt = self.rng.uniform(-0.02, 0.02) * width
        first = int(self.rng.integers(0, spacing))
        thickness = int(self.rng.integers(1, 4))
        for y in range(first, height + spacing, spacing):
            cv2.line(rules, (0, y), (width - 1, int(y + tilt)), 1.0, thickness, cv2.LINE_AA)
        if self.rng.uniform() < 0.3:  # squared paper
            for x in range(int(self.rng.integers(0, spacing)), width, spacing):
                cv2.line(rules, (x, 0), (x, height - 1), 1.0, thickness, cv2.LINE_AA)
        if self.rng.uniform() < 0.4:  # a red margin line
            x = int(self.rng.uniform(0.02, 0.1) * width)
            cv2.line(paper, (x, 0), (x, height - 1), (200, 60, 60), thickness + 1, cv2.LINE_AA)
        return truth, ink, paper * (1 - rules[..., None]) + colour * rules[..., None]

    def squared(self) -> Sample:
        """A number written with one pen (MNIST test digits redrawn along their centre
        lines) on squared paper, photographed: squares 0.3 to 0.7 of the digits' height,
        lines 1 or 2 pixels. Where the number holds a 1, the upright lines fall so one runs
        down the middle of the first 1's ink, as a 1 written along a line of the squares."""
        truth, digits = self._digits()
        height = int(self.rng.integers(70, 130))
        pen = max(2, int(height * self.rng.uniform(0.06, 0.14)))
        glyphs = [pen_drawing(digit, height, pen) for digit in digits]
        gaps = [int(self.rng.uniform(0.15, 0.45) * height) for _ in glyphs[1:]]
        # Rules are told from digits by their length: the page runs well past the number.
        margin = int(height * self.rng.uniform(0.8, 1.4))
        ink = _compose(glyphs, gaps, [0] * len(glyphs), margin)
        rows, columns = ink.shape
        spacing = int(height * self.rng.uniform(0.3, 0.7))
        phase = int(self.rng.integers(spacing))
        if "1" in truth:
            first = truth.index("1")
            one = glyphs[first]
            left = margin + sum(glyph.shape[1] for glyph in glyphs[:first]) + sum(gaps[:first])
            middle = left + int(round(np.average(np.arange(one.shape[1]), weights=one.sum(axis=0) + 1e-6)))
            phase = middle % spacing
        thickness = int(self.rng.integers(1, 3))
        lines = np.zeros((rows, columns), np.float32)
        for y in range(int(self.rng.integers(spacing)), rows, spacing):
            cv2.line(lines, (0, y), (columns - 1, y), 1.0, thickness, cv2.LINE_AA)
        for x in range(phase, columns, spacing):
            cv2.line(lines, (x, 0), (x, rows - 1), 1.0, thickness, cv2.LINE_AA)
        colour = np.array(
            [(150, 175, 215), (150, 150, 150), (140, 190, 160)][int(self.rng.integers(3))], np.float32
        )
        strength = self.rng.uniform(0.5, 0.9)
        paper = self._paper(rows, columns)
        paper = paper * (1 - strength * lines[..., None]) + colour * strength * lines[..., None]
        return Sample("squared", truth, self._photograph(ink, paper))

    def thin_paper(self) -> Sample:
        """A number photographed on thin paper: the back page's own number shows through,
        mirrored, blurred by the paper between and 12 to 30% darker than the paper at its
        strongest (`shadow`'s back page is 5 to 12%), 0.7 to 1.4 times the front's size,
        anywhere on the page: across the front's digits or beside them."""
        truth, ink = self._number()
        rows, columns = ink.shape
        _, back = self._number()
        scale = self.rng.uniform(0.7, 1.4) * rows / back.shape[0]
        back = cv2.resize(back[:, ::-1], None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        back = cv2.GaussianBlur(back, (0, 0), self.rng.uniform(1.5, 3.0))
        top = int(self.rng.integers(-back.shape[0] // 2, rows - back.shape[0] // 2 + 1))
        left = int(self.rng.integers(-back.shape[1] // 2, columns - back.shape[1] // 2 + 1))
        page = np.zeros((rows, columns), np.float32)
        inside = page[max(top, 0) : top + back.shape[0], max(left, 0) : left + back.shape[1]]
        inside[...] = back[
            max(-top, 0) : max(-top, 0) + inside.shape[0], max(-left, 0) : max(-left, 0) + inside.shape[1]
        ]
        page = page / max(float(back.max()), 1e-6) * self.rng.uniform(0.12, 0.3)
        paper = self._paper(rows, columns) * (1 - page[..., None])
        return Sample("thin_paper", truth, self._photograph(ink, paper))

    def crumpled(self) -> Sample:
        """A number on a crumpled page, photographed: the light uneven across it and one to
        three soft creases from edge to edge (`crumpled_light`), across the digits or beside
        them, joined to them by their fainter ink where they cross or pass close."""
        truth, ink = self._number()
        paper = self._paper(*ink.shape) * crumpled_light(ink.shape, self.rng)[..., None]
        return Sample("crumpled", truth, self._photograph(ink, paper))

    def underlined(self) -> Sample:
        """A number underlined by hand, the line touching or running through the digits'
        feet (its middle from a pen's width above their baseline to half a pen under
        it), up to 3% off level and wobbling a little, reaching up to 0.4 of a digit's
        height past the number's ends: the line joins the digits it touches into one
        mark. Drawn with one pen on a canvas, or MNIST's strokes photographed with the
        line in a pen of their width or so, on a page with room for the line and up to
        1.5 digit heights more around the number."""
        truth, digits = self._digits()
        height = int(self.rng.integers(70, 151))
        drawn = self.rng.uniform() < 0.5
        if drawn:
            pen = int(self.rng.integers(6, 16))
            glyphs = [trimmed_to_ink(pen_drawing(digit, height, pen)) for digit in digits]
        else:
            glyphs = [trimmed_to_ink(glyph) for glyph in self._glyphs(digits, height, height)]
            pen = max(3, int(round(stroke_width(glyphs[0] > 0.5))))
        tallest = max(glyph.shape[0] for glyph in glyphs)
        gaps = [int(self.rng.uniform(0.15, 0.45) * tallest) for _ in glyphs[1:]]
        jitter = max(1, int(0.04 * tallest))
        offsets = [tallest - glyph.shape[0] + int(self.rng.integers(-jitter, jitter + 1)) for glyph in glyphs]
        # Room for the line past the number's ends, and up to 1.5 digit heights more.
        room = int(self.rng.integers(20, 60)) + int((0.4 + self.rng.uniform(0, 1.5)) * tallest)
        number = _compose(glyphs, gaps, offsets, margin=room)
        columns = np.flatnonzero(number.max(axis=0) > 0.5)
        rows = np.flatnonzero(number.max(axis=1) > 0.5)
        foot = float(rows[-1])
        middle = foot + self.rng.uniform(-1.0, 0.5) * pen + pen / 2
        start = columns[0] - self.rng.uniform(0, 0.4) * tallest
        end = columns[-1] + self.rng.uniform(0, 0.4) * tallest
        along = np.linspace(start, end, 24)
        rise = self.rng.uniform(-0.03, 0.03) * (end - start)
        across = middle + rise * (along - start) / (end - start) - rise / 2
        across = across + self.rng.normal(0, 0.004 * tallest, along.shape)
        line = np.stack([along, across], axis=1).round().astype(np.int32)
        thickness = max(2, int(round(pen * self.rng.uniform(0.7, 1.3))))
        cv2.polylines(number, [line], False, 1.0, thickness, cv2.LINE_AA)
        if drawn:
            return self._on_drawing_canvas("underlined", truth, number)
        return Sample("underlined", truth, self._photograph(number))

    def shadow(self) -> Sample:
        """A hard-edged shadow across the page, a colour cast, and the back page showing through."""
        truth, ink = self._number()
        height, width = ink.shape
        paper = self._paper(height, width)
        # Show-through: another number, mirrored, faint.
        _, back = self._number()
        back = cv2.GaussianBlur(cv2.resize(back[:, ::-1], (width, height)), (0, 0), self.rng.uniform(2, 4))
        paper = paper * (1 - self.rng.uniform(0.05, 0.12) * back[..., None])
        shadow = np.zeros((height, width), np.float32)
        corners = self.rng.uniform(0, 1, size=(2, 2)) * [width, height]
        edge = [(0, 0), (int(corners[0][0]), 0), (int(corners[1][0]), height), (0, height)]
        if self.rng.uniform() < 0.5:  # a band from the top instead of from the left
            edge = [(0, 0), (width, 0), (width, int(corners[0][1])), (0, int(corners[1][1]))]
        cv2.fillPoly(shadow, [np.array(edge, np.int32)], 1.0)
        shadow = cv2.GaussianBlur(shadow, (0, 0), self.rng.uniform(1, 6))
        paper = paper * (1 - self.rng.uniform(0.3, 0.6) * shadow[..., None])
        cast = np.array([self.rng.uniform(0.85, 1.1) for _ in range(3)], np.float32)
        return Sample("shadow", truth, self._photograph(ink, np.clip(paper * cast, 0, 255)))

    def large_thin(self) -> Sample:
        """A fine pen on a 12-megapixel photo: digits 150 to 400 pixels tall, strokes 2 to 4."""
        truth, digits = self._digits()
        height = int(self.rng.integers(150, 400))
        pen = int(self.rng.integers(2, 5))
        glyphs = [pen_drawing(digit, height, pen) for digit in digits]
        gaps = [int(self.rng.uniform(0.15, 0.5) * height) for _ in glyphs[1:]]
        number = _compose(glyphs, gaps, [0] * len(glyphs), margin=0)
        ink = self._anywhere_in(number[:2800, :3800], (3000, 4000))
        return Sample("large_thin", truth[: len(glyphs)], self._photograph(ink, blur=1.0))

    def lines(self) -> Sample:
        """A sheet of two to four numbers, one per line, with staggered starts and baselines."""
        truth, sheet = self._sheet()
        return Sample("lines", truth, self._photograph(sheet))

    def tilted(self) -> Sample:
        """Such a sheet photographed turned by 4 to 12 degrees either way."""
        truth, sheet = self._sheet()
        degrees = self.rng.uniform(4, 12) * self.rng.choice([-1, 1])
        height, width = sheet.shape
        turn = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
        # A canvas large enough for the turned sheet, the sheet at its centre.
        sine, cosine = abs(turn[0, 1]), abs(turn[0, 0])
        turned = (int(height * sine + width * cosine), int(height * cosine + width * sine))
        turn[:, 2] += (turned[0] - width) / 2, (turned[1] - height) / 2
        return Sample("tilted", truth, self._photograph(cv2.warpAffine(sheet, turn, turned)))

    def _sheet(self) -> tuple[str, np.ndarray]:
        numbers = [self._number(wave=0.08) for _ in range(int(self.rng.integers(2, 5)))]
        width = max(ink.shape[1] for _, ink in numbers) + 200
        rows = []
        for _, ink in numbers:
            row = np.zeros((ink.shape[0], width), np.float32)
            left = int(self.rng.integers(0, width - ink.shape[1] + 1))
            row[:, left : left + ink.shape[1]] = ink
            rows.append(row)
            rows.append(np.zeros((int(self.rng.integers(0, 40)), width), np.float32))
        return "\n".join(text for text, _ in numbers), np.vstack(rows)

    def blur(self) -> Sample:
        """Out of focus or shaken: a Gaussian or a motion blur of 3 to 7% of the digit height."""
        truth, ink = self._number()
        size = ink.shape[0] * self.rng.uniform(0.03, 0.07)
        if self.rng.uniform() < 0.5:
            ink = cv2.GaussianBlur(ink, (0, 0), size / 2)
        else:
            length = max(3, int(size * 1.5))
            kernel = np.zeros((length, length), np.float32)
            cv2.line(kernel, (0, 0), (length - 1, int(self.rng.integers(0, length))), 1.0, 1)
            ink = cv2.filter2D(ink, -1, kernel / kernel.sum())
        return Sample("blur", truth, self._photograph(np.clip(ink * 1.3, 0, 1)))

    def marked(self) -> Sample:
        """A photo of a number in a box or in a form's cells, or underlined (also drawn)."""
        truth, digits = self._digits()
        glyphs = self._glyphs(digits)
        height = max(glyph.shape[0] for glyph in glyphs)
        pen = max(2, int(height * self.rng.uniform(0.02, 0.06)))
        kind = ("box", "cells", "underline")[int(self.rng.integers(3))]
        if kind == "cells":
            cell = max(glyph.shape[1] for glyph in glyphs) + int(height * self.rng.uniform(0.2, 0.5))
            pad, margin = int(height * self.rng.uniform(0.1, 0.35)), int(self.rng.integers(20, 60))
            ink = np.zeros((height + 2 * (pad + margin), cell * len(glyphs) + 2 * margin), np.float32)
            for index, glyph in enumerate(glyphs):
                x = margin + index * cell + (cell - glyph.shape[1]) // 2
                y = margin + pad + (height - glyph.shape[0]) // 2
                ink[y : y + glyph.shape[0], x : x + glyph.shape[1]] = glyph
            bottom = margin + height + 2 * pad
            cv2.rectangle(ink, (margin, margin), (margin + cell * len(glyphs), bottom), 1.0, pen)
            for index in range(1, len(glyphs)):
                x = margin + index * cell
                cv2.line(ink, (x, margin), (x, bottom), 1.0, pen)
            return Sample("marked", truth, self._photograph(ink))
        gaps = [int(self.rng.uniform(0.15, 0.45) * height) for _ in glyphs[1:]]
        offsets = [(height - glyph.shape[0]) // 2 for glyph in glyphs]
        pad = int(height * self.rng.uniform(0.15, 0.4))
        margin = pad + int(self.rng.integers(20, 60))
        ink = _compose(glyphs, gaps, offsets, margin=margin)
        rows, columns = ink.shape
        if kind == "box":
            corners = [(margin - pad, margin - pad), (columns - margin + pad, rows - margin + pad)]
            cv2.rectangle(ink, *corners, 1.0, pen, cv2.LINE_AA)
            return Sample("marked", truth, self._photograph(ink))
        y = rows - margin + int(height * self.rng.uniform(0.05, 0.2))  # under the digits
        drift = int(height * self.rng.uniform(-0.05, 0.05))
        cv2.line(ink, (margin - pad // 2, y), (columns - margin + pad // 2, y + drift), 1.0, pen, cv2.LINE_AA)
        if self.rng.uniform() < 0.5:
            return Sample("marked", truth, self._opaque(ink))
        return Sample("marked", truth, self._photograph(ink))

    def closeup(self) -> Sample:
        """One to three digits in a bold marker, photographed close up: they fill the photo."""
        indices = self.rng.integers(0, len(self.labels), size=int(self.rng.integers(1, 4)))
        truth = "".join(str(self.labels[index]) for index in indices)
        height = int(self.rng.integers(120, 300))
        threshold = float(self.rng.uniform(0.3, 0.5))
        marker = cv2.getStructuringElement(
            cv2.MORPH_ELLIPSE, (int(height * self.rng.uniform(0.03, 0.08)) | 1,) * 2
        )
        glyphs = [
            cv2.dilate(render_digit(self.images[index], height, threshold), marker) for index in indices
        ]
        gaps = [int(self.rng.uniform(0.1, 0.3) * height) for _ in glyphs[1:]]
        ink = _compose(glyphs, gaps, [0] * len(glyphs), margin=int(height * self.rng.uniform(0.1, 0.3)))
        return Sample("closeup", truth, self._photograph(ink))

    def dim(self) -> Sample:
        """A photo taken in dim light: the paper a third to three fifths of full light,
        darker towards the corners, under a camera's grain."""
        truth, ink = self._number()
        height, width = ink.shape
        rows, columns = np.mgrid[0:height, 0:width].astype(np.float32)
        corners = ((columns - width / 2) / width) ** 2 + ((rows - height / 2) / height) ** 2
        light = self.rng.uniform(85, 155) * (1 - self.rng.uniform(0.4, 1.1) * corners)
        paper = np.dstack([light * tint for tint in (1.0, 0.96, 0.86)])  # warm indoor light
        weight = (ink * self.rng.uniform(0.75, 0.9) * (not self.blank))[..., None]
        rgb = paper * (1 - weight) + np.array([18, 18, 24], np.float32) * weight
        rgb = cv2.GaussianBlur(rgb, (0, 0), 0.7) + self.rng.normal(0, self.rng.uniform(5, 14), rgb.shape)
        return Sample("dim", truth, _jpeg(rgb, int(self.rng.integers(60, 92))))

    def fold(self) -> Sample:
        """A photo cropped close to the number with a straight line from edge to edge
        through it: a fold in the paper, a printed margin line, or a table's border."""
        truth, ink = self._number(glyph_range=(70, 140))
        inked_rows = np.flatnonzero(ink.any(axis=1))
        top, digit_height = int(inked_rows[0]), int(inked_rows[-1] - inked_rows[0]) + 1
        margin = int(digit_height * self.rng.uniform(0.1, 0.35))
        ink = ink[max(0, top - margin) : top + digit_height + margin]
        height, width = ink.shape
        line = np.zeros(ink.shape, np.float32)
        drift = self.rng.uniform(-0.04, 0.04)  # of its length: within about 2 degrees
        if self.rng.uniform() < 0.7:  # across the number, top to bottom
            x = int(self.rng.uniform(0.15, 0.85) * width)
            start, end = (x, 0), (x + int(drift * height), height - 1)
        else:  # along it, left to right, through the digits' lower or upper part
            y = int(self.rng.choice([self.rng.uniform(0.15, 0.3), self.rng.uniform(0.7, 0.85)]) * height)
            start, end = (0, y), (width - 1, y + int(drift * width))
        cv2.line(line, start, end, 1.0, int(self.rng.integers(1, 4)), cv2.LINE_AA)
        paper = self._paper(height, width)
        kind = self.rng.uniform()
        if kind < 0.4:  # a fold: a soft grey crease
            paper = paper * (
                1 - self.rng.uniform(0.15, 0.35) * cv2.GaussianBlur(line, (0, 0), 1.2)[..., None]
            )
        else:  # a printed line: red margin or a grey or blue border
            colour = [(0.35, 0.8, 0.8), (0.6, 0.6, 0.6), (0.75, 0.6, 0.3)][int(kind * 10) % 3]
            tint = 1 - (1 - np.array(colour, np.float32)) * self.rng.uniform(0.6, 1.0)
            paper = paper * (1 - line[..., None] * (1 - tint))
        return Sample("fold", truth, self._photograph(ink, paper))

    def desk(self) -> Sample:
        """A sheet lying on a desk, photographed from above or from an angle: the desk
        (dark, grey or wooden, plain or grained) shows around it, the sheet's sides
        slanted where it is seen at an angle, and it may run off the photo's edge."""
        truth, ink = self._number()
        height = ink.shape[0]
        margin = int(height * self.rng.uniform(0.2, 0.7))  # blank paper around the number
        ink = np.pad(ink, margin)
        sheet_height, sheet_width = ink.shape
        # Seen from an angle, the far edge looks shorter: its corners move in by up to 15%
        # of the width, the near edge's by less, the far edge a little to one side.
        far = self.rng.uniform(0, 0.15) * sheet_width
        near, skew = self.rng.uniform(0, 0.3) * far, self.rng.uniform(-0.3, 0.3) * far
        top_in, bottom_in = (far, near) if self.rng.uniform() < 0.5 else (near, far)
        top_skew, bottom_skew = (skew, 0.0) if top_in > bottom_in else (0.0, skew)
        corners = np.float32(
            [
                (top_in + top_skew, 0),
                (sheet_width - top_in + top_skew, 0),
                (sheet_width - bottom_in + bottom_skew, sheet_height),
                (bottom_in + bottom_skew, sheet_height),
            ]
        )
        # Desk on each side, a side sometimes cut off by the photo's edge.
        sides = [int(height * self.rng.uniform(-0.2, 1.2)) for _ in range(4)]
        left, top, right, bottom = (max(side, 0) for side in sides)
        size = (sheet_width + left + right, sheet_height + top + bottom)
        corners += np.float32([left, top]) - np.float32([min(sides[0], 0), min(sides[1], 0)])
        outline = np.float32([(0, 0), (sheet_width, 0), (sheet_width, sheet_height), (0, sheet_height)])
        warp = cv2.getPerspectiveTransform(outline, corners)
        paper = cv2.warpPerspective(self._paper(sheet_height, sheet_width), warp, size)
        on_sheet = cv2.warpPerspective(np.ones(ink.shape, np.float32), warp, size)[..., None]
        scene = paper * on_sheet + self._desk(size[1], size[0]) * (1 - on_sheet)
        return Sample("desk", truth, self._photograph(cv2.warpPerspective(ink, warp, size), scene))

    def _desk(self, height: int, width: int) -> np.ndarray:
        """A desk's surface: dark, grey or wooden, plain or with a grain; RGB floats."""
        colour = [(45, 45, 50), (110, 112, 118), (120, 85, 55), (60, 75, 95)][int(self.rng.integers(4))]
        surface = np.ones((height, width, 3), np.float32) * np.float32(colour) * self.rng.uniform(0.7, 1.2)
        if self.rng.uniform() < 0.5:  # a grain along the desk, unevenly spaced
            rows, columns = np.mgrid[0:height, 0:width].astype(np.float32)
            waves = np.sin(rows / self.rng.uniform(3, 9) + 2 * np.sin(columns / self.rng.uniform(40, 120)))
            surface = surface * (1 + self.rng.uniform(0.05, 0.15) * waves)[..., None]
        return surface


def family_samples(dataset: Dataset, family: str, per_family: int, seed: int = 0) -> list[Sample]:
    """`per_family` samples of one family, the very ones `generate` makes of it over all
    FAMILIES (its generator seeded by its place there)."""
    make: Callable[[], Sample] = getattr(Generator(dataset, seed * 1000 + FAMILIES.index(family)), family)
    return [make() for _ in range(per_family)]


def generate(
    dataset: Dataset, per_family: int, seed: int = 0, families=FAMILIES, blank: bool = False
) -> list[Sample]:
    """`per_family` samples of each family, the same for the same seed (`blank`: see Generator)."""
    samples = []
    for offset, family in enumerate(families):
        generator = Generator(dataset, seed * 1000 + offset, blank)
        make: Callable[[], Sample] = getattr(generator, family)
        samples.extend(make() for _ in range(per_family))
    return samples
