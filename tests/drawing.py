"""Synthetic drawings for the reader's tests: strokes drawn with OpenCV, as a hand would."""

from __future__ import annotations

import cv2
import numpy as np

STROKE = 12


def blank(width: int = 600, height: int = 240, value: float = 0.0) -> np.ndarray:
    """An ink canvas: floats, 1 = ink."""
    return np.full((height, width), value, np.float32)


def line(ink, start, end, thickness=STROKE):
    cv2.line(ink, start, end, 1.0, thickness=thickness, lineType=cv2.LINE_AA)
    return ink


def one(ink, x, top=40, height=150, thickness=STROKE):
    return line(ink, (x, top), (x, top + height), thickness)


def zero(ink, x, top=40, height=150):
    cv2.ellipse(ink, (x, top + height // 2), (height // 3, height // 2), 0, 0, 360, 1.0, STROKE, cv2.LINE_AA)
    return ink


def eight(ink, x, top=40, height=150):
    radius = height // 4
    cv2.circle(ink, (x, top + radius), radius, 1.0, STROKE, cv2.LINE_AA)
    cv2.circle(ink, (x, top + 3 * radius), radius, 1.0, STROKE, cv2.LINE_AA)
    return ink


def two_stroke_four(ink, x, top=40, height=150):
    """An open 4: the slanted arm with its bar, then the upright drawn apart from it."""
    width = int(height * 0.6)
    line(ink, (x + width // 2, top), (x, top + int(height * 0.6)))
    line(ink, (x, top + int(height * 0.6)), (x + int(width * 0.6), top + int(height * 0.6)))
    line(ink, (x + int(width * 0.85), top + int(height * 0.2)), (x + int(width * 0.85), top + height))
    return ink


def on_canvas(ink, background=(255, 255, 255), colour=(0, 0, 0)) -> np.ndarray:
    """Opaque RGBA canvas, ink blended from background to colour."""
    weight = np.clip(ink, 0, 1)[..., None]
    rgb = np.array(background, np.float32) * (1 - weight) + np.array(colour, np.float32) * weight
    return np.dstack([np.round(rgb).astype(np.uint8), np.full(ink.shape, 255, np.uint8)])


def on_transparent(ink, colour=(0, 0, 0)) -> np.ndarray:
    """Strokes on a transparent canvas: only alpha carries them (as the drawable canvas returns)."""
    rgba = np.zeros((*ink.shape, 4), np.uint8)
    rgba[..., :3] = colour
    rgba[..., 3] = np.round(np.clip(ink, 0, 1) * 255).astype(np.uint8)
    return rgba


def photographed(ink, seed=0) -> np.ndarray:
    """Dark ink on light paper with a shadow across one side, noise, RGB."""
    rng = np.random.default_rng(seed)
    height, width = ink.shape
    columns = np.arange(width, dtype=np.float32)[None, :].repeat(height, axis=0)
    light = 235 - 90 * np.clip((columns - width * 0.55) / (width * 0.45), 0, 1)  # shadow to the right
    rgb = light[..., None] * (1 - 0.85 * ink[..., None]) + rng.normal(0, 4, (height, width, 1))
    return np.clip(rgb.repeat(3, axis=2), 0, 255).astype(np.uint8)


def two_stroke_five(ink, x, top=40, height=150, flag_shift=0, flag_raise=0, flag_rise=0):
    """A 5 whose flag is drawn separately, over the body's columns (`flag_shift` pixels
    further right, `flag_raise` higher, its right end `flag_rise` pixels higher still)."""
    width = int(height * 0.6)
    line(ink, (x, top + 25), (x, top + int(height * 0.45)))
    cv2.ellipse(
        ink,
        (x + width // 3, top + int(height * 0.7)),
        (width // 2, int(height * 0.28)),
        0,
        200,
        500,
        1.0,
        STROKE,
    )
    flag_top = top - flag_raise
    line(
        ink, (x + 8 + flag_shift, flag_top), (x + width + flag_shift, flag_top - flag_rise)
    )  # pen lifted before it
    return ink


def with_a_floating_bar(
    text: str, at: int, gap: float, height: int = 150, width: int = 70, pen: int = 12, step: int = 110
) -> np.ndarray:
    """`text` in mouse strokes, its digit at `at` (a 5 or a 7) with its flag or bar drawn
    apart, `gap` of the digit's height of blank above the rest of it: a 5's flag from over
    its stem to the right, a 7's bar over the top of its stem."""
    lift = int(gap * height) + pen
    ink = blank(width=80 + step * len(text), height=height + lift + 100)
    top = 50 + lift
    for index, character in enumerate(text):
        left = 40 + index * step
        if index != at:
            strokes(ink, NARROW_STROKES[character], left, top, width, height, pen)
        elif character == "5":
            strokes(ink, [NARROW_STROKES["5"][0][1:]], left, top, width, height, pen)
            line(ink, (left + width // 10, top - lift), (left + width, top - lift), pen)
        elif character == "7":
            strokes(ink, [NARROW_STROKES["7"][0][1:]], left, top, width, height, pen)
            line(ink, (left, top - lift), (left + width, top - lift), pen)
        else:
            raise ValueError(f"only a 5's flag or a 7's bar is drawn apart, not a {character}'s")
    return ink


def with_a_nine_in_two_strokes(
    text: str, at: int, lift: float, height: int = 150, width: int = 80, pen: int = 12, step: int = 120
) -> np.ndarray:
    """`text` in mouse strokes, its digit at `at` a 9 drawn as a loop and then a stem
    down its right side with the pen lifted, `lift` of its height of paper between them."""
    ink = blank(width=80 + step * len(text), height=height + 100)
    apart = (lift * height + pen) / width  # between the strokes' centre lines
    turns = np.linspace(0, 2 * np.pi, 20)
    loop = [(0.45 + 0.42 * np.cos(turn), 0.27 + 0.25 * np.sin(turn)) for turn in turns]
    stem = [(0.87 + apart, 0.3), (0.8 + apart, 1.0)]
    for index, character in enumerate(text):
        left = 40 + index * step
        strokes(ink, [loop, stem] if index == at else NARROW_STROKES[character], left, 50, width, height, pen)
    return ink


def scribble(count: int = 400, side: int = 800, seed: int = 0) -> np.ndarray:
    """Hundreds of short separate dashes: no handwritten number looks like this."""
    rng = np.random.default_rng(seed)
    ink = blank(width=side, height=side)
    for _ in range(count):
        x, y = (int(value) for value in rng.integers(10, side - 10, size=2))
        line(ink, (x, y), (x + 12, y + 12), thickness=4)
    return ink


# Narrow digits as a mouse draws them: one polyline per stroke, a uniform pen. Each is
# `width` wide and `height` tall with its top-left corner at (x, top); shapes in shares.
NARROW_STROKES = {
    "0": [
        [(0.5 + 0.5 * np.sin(2 * np.pi * k / 24), 0.5 - 0.5 * np.cos(2 * np.pi * k / 24)) for k in range(25)]
    ],
    "1": [[(0.5, 0.0), (0.5, 1.0)]],
    "2": [[(0.0, 0.25), (0.3, 0.0), (0.8, 0.05), (1.0, 0.25), (0.6, 0.6), (0.0, 1.0), (1.0, 1.0)]],
    "3": [[(0.0, 0.07), (0.6, 0.0), (0.9, 0.25), (0.3, 0.48), (0.95, 0.72), (0.5, 1.0), (0.0, 0.9)]],
    "4": [[(0.75, 0.0), (0.0, 0.65), (1.0, 0.65)], [(0.75, 0.0), (0.75, 1.0)]],
    "5": [[(0.9, 0.0), (0.1, 0.0), (0.05, 0.45), (0.6, 0.38), (1.0, 0.65), (0.7, 0.97), (0.0, 0.92)]],
    "6": [
        # The stem sweeping down into a loop at the bottom.
        [(0.8, 0.0), (0.35, 0.33), (0.1, 0.67), (0.15, 0.85)]
        + [(0.5 - 0.4 * np.sin(turn), 0.78 + 0.21 * np.cos(turn)) for turn in np.linspace(0, 2 * np.pi, 17)]
    ],
    "7": [[(0.0, 0.0), (1.0, 0.0), (0.35, 1.0)]],
    "9": [
        # The loop from its right side round, then the stem down from there.
        [(0.5 + 0.45 * np.cos(turn), 0.25 - 0.22 * np.sin(turn)) for turn in np.linspace(0, 2 * np.pi, 17)]
        + [(0.85, 1.0)]
    ],
    "8": [
        [
            (0.5 + 0.45 * np.sin(2 * np.pi * k / 20), 0.25 - 0.25 * np.cos(2 * np.pi * k / 20))
            for k in range(21)
        ],
        [
            (0.5 + 0.5 * np.sin(2 * np.pi * k / 20), 0.75 - 0.25 * np.cos(2 * np.pi * k / 20))
            for k in range(21)
        ],
    ],
}


def narrow_number(
    text: str, height: int = 150, width: int = 50, gap: int = 30, pen: int = 10, margin: int = 50
) -> np.ndarray:
    """An ink canvas with `text` written in narrow mouse strokes at an ordinary gap."""
    ink = blank(width=2 * margin + len(text) * width + (len(text) - 1) * gap, height=height + 2 * margin)
    for index, character in enumerate(text):
        strokes(ink, NARROW_STROKES[character], margin + index * (width + gap), margin, width, height, pen)
    return ink


def with_a_small_digit(
    text: str, small_at: int, pen: int, overlap: int, height: int = 150, small_height: int = 70
) -> np.ndarray:
    """`text` in mouse strokes with one `pen`, digits 60 pixels wide and `height` tall
    but the one at `small_at`, 30 wide and `small_height` tall on the same baseline; each
    digit's strokes reach `overlap` pixels into the next one's (0: they just touch)."""
    widths = [30 if index == small_at else 60 for index in range(len(text))]
    ink = blank(width=80 + sum(widths) + 20 * len(text), height=height + 100)
    left = 40
    for index, character in enumerate(text):
        digit_height = small_height if index == small_at else height
        strokes(
            ink, NARROW_STROKES[character], left, 50 + height - digit_height, widths[index], digit_height, pen
        )
        left += widths[index] + pen - overlap  # the round pen reaches pen / 2 past each box
    return ink


def two_lines(
    upper: str, lower: str, height: int, pen: int, blank_between: int, width: int = 50, step: int = 80
):
    """An ink canvas with two lines of narrow mouse digits, `step` apart across, with
    `blank_between` pixels of blank between the lines' ink (negative: overlapping)."""
    ink = blank(width=80 + step * max(len(upper), len(lower)), height=2 * height + 80)
    for row, text in enumerate((upper, lower)):
        top = 30 + row * (height + pen + blank_between)
        for index, character in enumerate(text):
            strokes(ink, NARROW_STROKES[character], 40 + index * step, top, width, height, pen)
    return ink


def strokes(ink, shape, left: int, top: int, width: int, height: int, pen: int = 10):
    """Draw `shape` (polylines in shares of the box, as in NARROW_STROKES) into the box
    `width` x `height` at (left, top) with a round mouse pen."""
    for stroke in shape:
        points = np.array([(left + u * width, top + v * height) for u, v in stroke], np.int32)
        cv2.polylines(ink, [points], False, 1.0, pen, cv2.LINE_AA)
    return ink


def mouse_strokes(
    text: str, height: int = 150, width: int = 50, gap: int = 30, left: int = 40, top: int = 50
):
    """The same narrow digits as lists of canvas points, for a browser test's mouse."""
    strokes = []
    for index, character in enumerate(text):
        x = left + index * (width + gap)
        strokes += [
            [(x + u * width, top + v * height) for u, v in stroke] for stroke in NARROW_STROKES[character]
        ]
    return strokes
